"""Sphinx extension: build every deck in ``trainers/slides/`` into the book's HTML output.

Enabled in ``_config.yml`` next to :mod:`ogp_curriculum.site`, whose vendor copy (reveal.js
included) the decks load from ``_static/ogp-vendor/``. Decks land in
``_build/html/trainers/slides/<name>.slides.html``, so the site serves them with no CDN. The
executed deck is cached by its content, as the book's notebooks are; the PDF comes from the
``slides build`` command and the cohort packs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ogp_curriculum.slides import build_html, deck_dir

# trainers/slides/ is two folders below the site root.
STATIC_PREFIX = "../../_static/"


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "trainers" / "slides"
    cache = Path(app.outdir).parent / ".ogp-slides"
    for deck in sorted(deck_dir(Path(app.srcdir)).glob("*.ipynb")):
        build_html(deck, out, static_prefix=STATIC_PREFIX, cache=cache)


def setup(app: Any) -> dict[str, Any]:
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
