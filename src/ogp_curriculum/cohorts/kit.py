"""The facilitator kit of a cohort pack: briefs, table script, plenary template, agenda, slides.

Everything comes from the book's own sources (``trainers/``, ``data/agendas/`` and the slide
deck), so a pack's kit says what the book says. Parts a book does not have (a small test book,
say) are left out and the manifest lists only what was written.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

from ogp_curriculum import agendas, slides, trainer_kit
from ogp_curriculum.cohorts.definition import Cohort
from ogp_curriculum.cohorts.execute import BuildError
from ogp_curriculum.i18n import language_for
from ogp_curriculum.site.vendor import VendorError

PAGES = (
    "opening_presentation",
    "presenter_briefs",
    "table_facilitator_script",
    "plenary_template",
)
DECK = "opening_presentation"


def write(kit: Path, cohort: Cohort, book_root: Path) -> dict[str, Any]:
    """Write the kit into ``kit``; return its manifest entry (paths relative to the pack)."""
    written: dict[str, Any] = {}
    trainers = book_root / "trainers"
    pages = [trainers / f"{name}.md" for name in PAGES if (trainers / f"{name}.md").is_file()]
    if pages:
        kit.mkdir(parents=True, exist_ok=True)
        for page in pages:
            # The tables the book fills in at build time are filled in here too.
            try:
                text = trainer_kit.expand(page.read_text("utf-8"), book_root, name=page.name)
            except ExtensionError as error:
                raise BuildError(f"facilitator kit: {error}") from None
            (kit / page.name).write_text(text, encoding="utf-8")
        written["pages"] = [f"{kit.name}/{page.name}" for page in pages]
    variant = cohort.agenda.get("variant")
    if variant:
        language = language_for(cohort.language)
        source = agendas.agenda_file(variant, language)
        plan = agendas.load_checked(source, start=cohort.agenda.get("start"))
        kit.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, kit / source.name)
        title = f"# {plan.title}\n\n"
        table = agendas.to_markdown(plan, from_folder=None, heading=2, language=language)
        (kit / "agenda.md").write_text(title + table, encoding="utf-8")
        written["agenda"] = {
            "markdown": f"{kit.name}/agenda.md",
            "data": f"{kit.name}/{source.name}",
        }
    if slides.deck_path(DECK, book_root).is_file():
        try:
            html, pdf = slides.build(kit / "slides", name=DECK, pdf=True, book_root=book_root)
        except (slides.SlidesError, VendorError) as error:
            raise BuildError(f"facilitator kit: {error}") from None
        written["slides"] = {
            "html": f"{kit.name}/slides/{html.name}",
            "pdf": f"{kit.name}/slides/{pdf.name}",
        }
    return written
