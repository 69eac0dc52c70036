"""Sphinx extension for the trainers' kit: agenda tables from the data, and the slide decks.

Enabled in ``_config.yml`` next to :mod:`ogp_curriculum.site`. It

- replaces each ``<!-- ogp-agenda: VARIANT -->`` line of a page by the tables of
  ``data/agendas/VARIANT.yml`` (:func:`ogp_curriculum.agendas.to_markdown`), after checking the
  agenda's timings: an agenda that does not add up fails the build;
- builds every deck in ``trainers/slides/`` into ``_build/html/trainers/slides/<name>.slides.html``,
  loading reveal.js from the vendor copy that :mod:`ogp_curriculum.site` serves under
  ``_static/ogp-vendor/``, so the site serves the slides with no CDN. The executed deck is cached
  by its content; the PDF comes from ``slides build`` and the cohort packs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

from ogp_curriculum import agendas
from ogp_curriculum import slides as slides_mod
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.outputs import md_table_cell
from ogp_curriculum.slides import SlidesError, build_html, deck_dir

_MARKER = re.compile(r"^<!-- ogp-agenda: ([a-z0-9][a-z0-9-]*) -->$", re.MULTILINE)
_SLIDES = re.compile(r"^<!-- ogp-slides: ([a-z0-9_]+) -->$", re.MULTILINE)
# trainers/slides/ is two folders below the site root.
STATIC_PREFIX = "../../_static/"


def _agenda_tables(docname: str, text: str, *, links: bool = True) -> str:
    folder = str(Path(docname).parent)

    def tables(match: re.Match[str]) -> str:
        try:
            plan = agendas.load_checked(agendas.agenda_file(match[1]))
        except DefinitionError as error:
            raise ExtensionError(f"{docname}: {error}") from None
        linked = links and folder != "."
        return agendas.to_markdown(plan, from_folder=folder if linked else None)

    return _MARKER.sub(tables, text)


def expand(text: str, book_root: Path, *, name: str = "page") -> str:
    """A trainer page's text with its agenda and slide tables filled in, without book links
    (for copies outside the book, as in a cohort pack's facilitator kit)."""
    return _slide_tables(book_root, _agenda_tables(name, text, links=False))


def _slide_tables(book_root: Path, text: str) -> str:
    """Each ``<!-- ogp-slides: NAME -->`` line becomes the deck's slides and their minutes."""

    def table(match: re.Match[str]) -> str:
        deck = slides_mod.deck_path(match[1], book_root)
        try:
            outline = slides_mod.outline(deck)
        except (SlidesError, OSError) as error:
            raise ExtensionError(f"{deck}: {error}") from None
        rows = ["| Slide | Minutes | Speaker notes |", "|---|---|---|"]
        for number, slide in enumerate(outline, start=1):
            notes = "yes" if slide.notes else "**none**"
            rows.append(f"| {number}. {md_table_cell(slide.title)} | {slide.minutes:g} | {notes} |")
        total = sum(slide.minutes for slide in outline)
        rows.append(f"| **Total** | **{total:g}** | |")
        return "\n".join(rows) + "\n"

    return _SLIDES.sub(table, text)


def _on_source_read(app: Any, docname: str, source: list[str]) -> None:
    if "ogp-agenda:" in source[0]:
        source[0] = _agenda_tables(docname, source[0])
    if "ogp-slides:" in source[0]:
        source[0] = _slide_tables(Path(app.srcdir), source[0])


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "trainers" / "slides"
    cache = Path(app.outdir).parent / ".ogp-slides"
    for deck in sorted(deck_dir(Path(app.srcdir)).glob("*.ipynb")):
        try:
            build_html(deck, out, static_prefix=STATIC_PREFIX, cache=cache)
        except SlidesError as error:
            raise ExtensionError(str(error)) from None


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _on_source_read)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
