"""The opening deck: its timing, speaker notes and an export that names no other host."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ogp_curriculum import agendas, slides
from ogp_curriculum.outputs import md_table_cell

ROOT = Path(__file__).resolve().parents[2]
DECK = slides.deck_path("opening_presentation", ROOT)


def test_every_slide_has_minutes_and_speaker_notes() -> None:
    outline = slides.outline(DECK)
    assert len(outline) >= 8
    assert all(slide.notes >= 1 for slide in outline), [s.title for s in outline if not s.notes]
    assert slides.deck_minutes(DECK) == 15


def test_the_deck_is_committed_without_outputs() -> None:
    nb = nbformat.read(DECK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


def test_the_deck_computes_its_figures() -> None:
    source = "\n".join(c.source for c in nbformat.read(DECK, as_version=4).cells)
    assert "irm.headline_shares" in source and "irm.implied_denominator" in source
    assert "stall_chart" in source
    # Figures are computed, never typed: no "2,367"-style counts in the slides' Markdown.
    markdown = "\n".join(
        c.source for c in nbformat.read(DECK, as_version=4).cells if c.cell_type == "markdown"
    )
    assert not re.search(r"\b\d,\d{3}\b", markdown)


def test_a_slide_without_minutes_is_refused(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# One")])
    nb.cells[0].metadata = {"slideshow": {"slide_type": "slide"}}
    path = tmp_path / "deck.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(slides.SlidesError, match="slide 1 has no positive 'ogp_minutes'"):
        slides.outline(path)


def test_export_loads_only_the_sites_own_files() -> None:
    nb = nbformat.read(DECK, as_version=4)
    page = slides.render_html(nb, "deck", "../../_static/")
    assert "../../_static/ogp-vendor/reveal.js/dist/reveal.js" in page
    assert "../../_static/ogp-vendor/reveal.js/plugin/notes/notes.js" in page
    loaded = re.findall(r"""(?:src|href)=["']([^"'#][^"']*)["']""", page)
    assert loaded and all(url.startswith("../../_static/") for url in loaded), loaded
    assert "unpkg.com" not in page and "cdn.jsdelivr" not in page and "mathjax" not in page.lower()
    assert '<aside class="notes">' in page


def test_the_presentation_block_of_every_agenda_fits_the_deck() -> None:
    for variant in agendas.VARIANTS:
        plan = agendas.load(agendas.agenda_file(variant))
        blocks = [b for s in plan.sessions for b in s.blocks if b.slides]
        assert blocks and all(slides.deck_minutes(DECK) <= b.minutes for b in blocks)


def test_the_trainer_page_lists_the_slides_from_the_deck() -> None:
    from ogp_curriculum import trainer_kit

    text = (ROOT / "trainers" / "opening_presentation.md").read_text(encoding="utf-8")
    out = trainer_kit._slide_tables(ROOT, text)
    outline = slides.outline(DECK)
    assert not trainer_kit._SLIDES.search(out)
    for number, slide in enumerate(outline, start=1):
        row = f"| {number}. {md_table_cell(slide.title)} | {slide.minutes:g} | yes |"
        assert row in out
    assert f"| **Total** | **{slides.deck_minutes(DECK):g}** | |" in out
    assert "What is it a share of?" in out


def test_a_silent_chromium_fails_the_print_instead_of_hanging() -> None:
    """The DevTools pipe gives up at its deadline when chromium never answers."""
    import os
    import time

    from ogp_curriculum.slides.pdf import PrintError, _Pipe

    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()  # nothing is ever written to from_w: a hung chromium
    try:
        pipe = _Pipe(to_w, from_r, time.monotonic() + 0.3)
        started = time.monotonic()
        with pytest.raises(PrintError, match="stopped answering"):
            pipe.call("Browser.getVersion")
        assert time.monotonic() - started < 5
    finally:
        for fd in (to_r, to_w, from_r, from_w):
            os.close(fd)


@pytest.mark.notebooks
def test_a_deck_built_outside_the_book_stays_static(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The slides command and the tests build decks into the cache the book's build reuses;
    from a process without the book's static-charts setting, the deck must still carry no
    live chart widget (whose page would fetch its embed script from unpkg.com)."""
    from ogp_curriculum.paths import STATIC_CHARTS_ENV

    monkeypatch.delenv(STATIC_CHARTS_ENV, raising=False)
    cache = tmp_path / "cache"
    page = slides.build_html(slides.deck_path("opening_presentation"), tmp_path / "out",
                             static_prefix="../_static/", cache=cache)
    assert "unpkg.com" not in page.read_text(encoding="utf-8")
    [executed] = cache.glob("*.ipynb")
    assert "widgets" not in nbformat.read(executed, as_version=4).metadata
    # Another kernel language is another cache entry, not this one reused.
    monkeypatch.setenv("OGP_LANG", "fr")
    slides.build_html(slides.deck_path("opening_presentation"), tmp_path / "fr",
                      static_prefix="../_static/", cache=cache)
    assert len(list(cache.glob("*.ipynb"))) == 2
