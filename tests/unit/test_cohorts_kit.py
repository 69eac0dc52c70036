"""Cohort packs and the workshop agendas: the arc in the pack, and the facilitator kit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ogp_curriculum import slides
from ogp_curriculum.chromium import CHROMIUM
from ogp_curriculum.cohorts import agenda, kit, render
from ogp_curriculum.cohorts.definition import load_cohort

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "data" / "cohorts").glob("*.yml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_packs_follow_the_workshop_arc(path: Path) -> None:
    cohort = load_cohort(path, book_root=ROOT)
    assert "variant" in cohort.agenda, "a shipped pack names an agenda variant"
    plan = agenda.from_blocks(cohort.agenda, [("modules/01_welcome", "Welcome", 10)])
    titles = [slot.title.lower() for slot in plan.slots if slot.kind == "block"]
    order = ["opening presentation", "national champion", "cross-country champion",
             "small groups", "plenary"]
    firsts = [next(i for i, t in enumerate(titles) if step in t) for step in order]
    assert firsts == sorted(firsts)
    assert plan.overrun == 0 and plan.planned_minutes == plan.available_minutes
    assert plan.slots[0].start == cohort.agenda.get("start", plan.slots[0].start)


def test_the_agenda_page_lists_blocks_then_the_cohorts_pages() -> None:
    cohort = load_cohort(ROOT / "data" / "cohorts" / "costa-rica.yml", book_root=ROOT)
    plan = agenda.from_blocks(cohort.agenda, [("modules/01_welcome", "Bienvenida <b>", 10)])
    page = render.agenda_markdown(cohort, plan)
    assert "| 14:05–14:20 | Opening presentation" in page
    assert "| 15:25–15:30 | Close" in page
    assert "[Bienvenida &lt;b&gt;](modules/01_welcome.ipynb)" in page
    assert "Pages de" not in page and "Páginas de esta cohorte" in page


def test_two_day_agenda_marks_breaks_and_the_end_of_day_1() -> None:
    plan = agenda.from_blocks({"variant": "two-day"}, [])
    kinds = [(slot.day, slot.kind) for slot in plan.slots]
    assert (1, "day_end") in kinds and kinds.count((1, "day_end")) == 1
    assert plan.planned_minutes == 780


# The kit executes the slide deck (a kernel) and chromium prints its PDF: the full tier's work.
@pytest.mark.notebooks
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium prints the slides' PDF")
def test_the_kit_has_briefs_script_template_agenda_and_slides(tmp_path: Path) -> None:
    cohort = load_cohort(ROOT / "data" / "cohorts" / "costa-rica.yml", book_root=ROOT)
    written = kit.write(tmp_path / "facilitator-kit", cohort, ROOT)
    json.dumps(written)  # goes into the manifest as is
    names = {Path(page).name for page in written["pages"]}
    opening = (tmp_path / "facilitator-kit" / "opening_presentation.md").read_text("utf-8")
    assert "| **Total** | **15** | |" in opening  # the slide table, filled in as in the book
    assert "\n<!-- ogp-slides:" not in opening
    assert {"presenter_briefs.md", "table_facilitator_script.md", "plenary_template.md"} <= names
    agenda_md = (tmp_path / written["agenda"]["markdown"]).read_text(encoding="utf-8")
    # Costa Rica's cohort works in Spanish: the agenda and its headings are Spanish.
    assert "Sesión: 14:00–15:30 (90 minutos)" in agenda_md
    assert "| Horario | Bloque | Responsable | Objetivos | Productos |" in agenda_md
    assert (tmp_path / written["agenda"]["data"]).is_file()
    html = tmp_path / written["slides"]["html"]
    assert "_static/ogp-vendor/reveal.js/dist/reveal.js" in html.read_text(encoding="utf-8")
    assert (html.parent / "_static" / "ogp-vendor" / "reveal.js" / "dist" / "reveal.js").is_file()
    pdf = tmp_path / written["slides"]["pdf"]
    deck = slides.deck_path("opening_presentation", ROOT)
    assert slides.pdf_pages(pdf) == len(slides.outline(deck))


def test_a_book_without_the_kit_gets_an_empty_kit(tmp_path: Path) -> None:
    cohort = load_cohort(ROOT / "data" / "cohorts" / "philippines.yml", book_root=ROOT)
    bare = tmp_path / "book"
    bare.mkdir()
    written = kit.write(tmp_path / "kit", cohort, bare)
    assert "pages" not in written and "slides" not in written
    assert "agenda" in written  # the agenda comes from data/agendas/

