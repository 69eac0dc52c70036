"""The opening presentation: a slides notebook turned into a reveal.js deck, served offline.

The deck (``trainers/slides/<name>.ipynb``) is an ordinary notebook with reveal.js slide
metadata, as Jupyter's own slides exporter expects. We execute it with the book's package
(so its figures and charts come from the same code as the book), export it with nbconvert's
``SlidesExporter`` through a template that loads reveal.js and require.js from the site's
pinned vendor copies, point Altair's charts at the local vega files, and print it to PDF
with the project's chromium.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ogp_curriculum.i18n import LANG_ENV
from ogp_curriculum.paths import STATIC_CHARTS_ENV, repo_root
from ogp_curriculum.site import FAVICON, pages, vendor
from ogp_curriculum.slides.pdf import PrintError, print_deck

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "ogp_reveal"
# The reveal.js entry of vendor.PACKAGES is served from here, under _static/ogp-vendor/.
REVEAL_DIR = "reveal.js"
SUFFIX = ".slides.html"


class SlidesError(RuntimeError):
    """The deck could not be built; the message names the deck and what failed."""


@dataclass(frozen=True)
class Slide:
    title: str
    minutes: float
    notes: int  # speaker-notes cells attached to this slide


def deck_dir(book_root: Path | None = None) -> Path:
    return (book_root or repo_root()) / "trainers" / "slides"


def deck_path(name: str, book_root: Path | None = None) -> Path:
    return deck_dir(book_root) / f"{name}.ipynb"


def _title(source: str, fallback: str) -> str:
    for line in source.splitlines():
        if line.startswith("#"):
            # Emphasis marks would show literally in the tables that list the slides.
            return line.lstrip("#").strip().replace("*", "")
    return fallback


def outline(notebook: Path) -> list[Slide]:
    """Each slide of a deck with its planned minutes (cell metadata ``ogp_minutes``)."""
    nb = nbformat.read(notebook, as_version=4)
    slides: list[Slide] = []
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind == "slide":
            minutes = cell.metadata.get("ogp_minutes")
            if not isinstance(minutes, (int, float)) or minutes <= 0:
                raise SlidesError(
                    f"{notebook}: slide {len(slides) + 1} has no positive 'ogp_minutes' metadata"
                )
            slides.append(Slide(_title(cell.source, f"slide {len(slides) + 1}"), minutes, 0))
        elif kind == "notes" and slides:
            last = slides[-1]
            slides[-1] = Slide(last.title, last.minutes, last.notes + 1)
    return slides


def deck_minutes(notebook: Path) -> float:
    return sum(slide.minutes for slide in outline(notebook))


def _execute(notebook: Path, cache: Path) -> nbformat.NotebookNode:
    """The executed deck, reused while the deck and the kernel's language are unchanged.

    A deck is static HTML, so its kernel always draws Altair's static output (never the live
    anywidget renderer, whose page would fetch its embed script from unpkg.com), whatever
    process builds it: the book's Sphinx build, the slides command or a test.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from ogp_curriculum.kernels import kernel_options

    env = {**os.environ, STATIC_CHARTS_ENV: "1"}
    key = notebook.read_bytes() + f"\0{env.get(LANG_ENV, '')}".encode()
    digest = hashlib.sha256(key).hexdigest()[:16]
    cached = cache / f"{notebook.stem}-{digest}.ipynb"
    if cached.is_file():
        done: nbformat.NotebookNode = nbformat.read(cached, as_version=4)
        return done
    nb: nbformat.NotebookNode = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(repo_root())}},
        **kernel_options(),
    )
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        raise SlidesError(f"{notebook}: a cell failed: {str(error).splitlines()[0]}") from None
    cache.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, cached)
    return nb


def render_html(nb: nbformat.NotebookNode, title: str, static_prefix: str) -> str:
    """The reveal.js page; ``static_prefix`` is the URL of the site's ``_static/``, ending "/"."""
    from nbconvert import SlidesExporter

    vendor_prefix = f"{static_prefix}{vendor.VENDOR_DIR}/"
    exporter = SlidesExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        reveal_url_prefix=f"{vendor_prefix}{REVEAL_DIR}",
        reveal_theme="white",
        require_js_url=f"{vendor_prefix}require.js",
    )
    resources = {"metadata": {"name": title}, "ogp_favicon": f"{static_prefix}{FAVICON}"}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return pages.localise_altair(body, static_prefix)


def build_html(
    notebook: Path, out_dir: Path, *, static_prefix: str, cache: Path | None = None
) -> Path:
    """Execute and export one deck into ``out_dir``; return the page's path."""
    slides = outline(notebook)
    if not any(slide.notes for slide in slides):
        raise SlidesError(f"{notebook}: the deck has no speaker notes")
    nb = _execute(notebook, cache or repo_root() / "_build" / ".ogp-slides")
    title = str(nb.metadata.get("title") or notebook.stem.replace("_", " "))
    page = out_dir / f"{notebook.stem}{SUFFIX}"
    out_dir.mkdir(parents=True, exist_ok=True)
    page.write_text(render_html(nb, title, static_prefix), encoding="utf-8")
    return page


def print_pdf(page: Path, pdf: Path, *, timeout: int = 180) -> Path:
    """Print the deck with reveal.js's own print layout (``?print-pdf``), one slide a page."""
    try:
        pages = print_deck(page.resolve().as_uri(), pdf, timeout=timeout)
    except PrintError as error:
        raise SlidesError(f"{page.name}: {error}") from None
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        raise SlidesError(f"chromium did not write {pdf.name}")
    if pdf_pages(pdf) != pages:
        raise SlidesError(f"{pdf.name} has {pdf_pages(pdf)} pages, not the deck's {pages}")
    return pdf


def pdf_pages(pdf: Path) -> int:
    """Pages in a PDF chromium wrote (its page tree's largest /Count)."""
    counts = [int(n) for n in re.findall(rb"/Count (\d+)", pdf.read_bytes())]
    return max(counts, default=0)


def build(
    out: Path,
    *,
    name: str = "opening_presentation",
    pdf: bool = True,
    book_root: Path | None = None,
) -> list[Path]:
    """A self-contained folder: the deck, the vendor files it loads, and its PDF."""
    notebook = deck_path(name, book_root)
    if not notebook.is_file():
        raise SlidesError(f"no such deck: {notebook}")
    served = vendor.provision(repo_root() / "_build" / ".ogp-vendor")
    shutil.copytree(served, out / "_static" / vendor.VENDOR_DIR, dirs_exist_ok=True)
    page = build_html(notebook, out, static_prefix="_static/")
    written = [page]
    if pdf:
        written.append(print_pdf(page, page.with_suffix("").with_suffix(".pdf")))
    return written
