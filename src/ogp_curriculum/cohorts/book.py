"""A cohort's own Jupyter Book 1: its title, its agenda page and only its selected pages.

The executed notebooks are built as they are (``execute_notebooks: off``) with the same
strictness as the main book (``-W -n``). Links to pages the cohort left out would break that
build, so they become plain text, saying the page is in the full book.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat

from ogp_curriculum.book import build_book
from ogp_curriculum.book_config import read_book_yaml
from ogp_curriculum.citations import to_roles
from ogp_curriculum.cohorts.execute import BuildError
from ogp_curriculum.outputs import inert_text, safe_url, yaml_text

# [text](target) where target is a relative page link (.md/.ipynb), optionally with #anchor.
_MD_LINK = re.compile(
    r"(?<!!)\[([^\]]+)\]\((?!https?:|mailto:|#)([^)\s#]+\.(?:md|ipynb))(#[^)]*)?\)"
)
# {doc}`text <target>` or {doc}`target`
_DOC_ROLE = re.compile(r"\{doc\}`(?:([^`<]+?)\s*<([^`>]+)>|([^`]+))`")
_REF_ROLE = re.compile(r"\{(?:ref|numref)\}`(?:([^`<]+?)\s*<([^`>]+)>|([^`]+))`")
_LABEL = re.compile(r"^\(([^)\s]+)\)=\s*$", re.MULTILINE)
# "(in the full book)" in the pack's language (its pages are in the cohort's language).
_ELSEWHERE = {"en": "in the full book", "fr": "dans le livre complet", "es": "en el libro completo"}
_SUPPORT_PAGES = {  # role -> the page that must come along for it to resolve
    "{cite}": "reference/bibliography",
    "{term}": "reference/glossary",
}


def _page_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        # Live citation links (ogp_curriculum.citations) count as the {cite} roles they are.
        nb = nbformat.read(path, as_version=4)
        return "\n".join(to_roles(c.source) for c in nb.cells if c.cell_type == "markdown")
    return path.read_text(encoding="utf-8")


def support_pages(book_root: Path, pages: list[Path]) -> list[str]:
    """Reference pages the selected pages need (bibliography for {cite}, glossary for {term}).

    Transitive: a glossary that cites a source brings the bibliography along too.
    """
    chosen: list[str] = []
    scanned = list(pages)
    while True:
        text = "\n".join(_page_text(page) for page in scanned)
        new = [
            entry
            for role, entry in _SUPPORT_PAGES.items()
            if role in text and entry not in chosen and (book_root / f"{entry}.md").is_file()
        ]
        if not new:
            return [entry for entry in _SUPPORT_PAGES.values() if entry in chosen]
        chosen += new
        scanned = [book_root / f"{entry}.md" for entry in new]


def relink(text: str, page: str, present: set[str], labels: set[str]) -> str:
    """Turn links to pages (and labels) outside the pack into plain text."""
    folder = Path(page).parent
    from ogp_curriculum.i18n import current_language

    elsewhere = _ELSEWHERE.get(current_language(), _ELSEWHERE["en"])

    def target_entry(target: str) -> str:
        resolved = (Path("/") / folder / target).resolve()
        return str(resolved.with_suffix("")).lstrip("/")

    def md_link(match: re.Match[str]) -> str:
        if target_entry(match.group(2)) in present:
            # A generated notebook's link back to the English tree (../../../reference/x.md)
            # becomes the link from the page's own place in the pack.
            resolved = (Path("/") / folder / match.group(2)).resolve()
            relative = Path(os.path.relpath(resolved, Path("/") / folder)).as_posix()
            return f"[{match.group(1)}]({relative}{match.group(3) or ''})"
        return f"{match.group(1)} ({elsewhere})"

    def doc_role(match: re.Match[str]) -> str:
        target = match.group(2) or match.group(3)
        entry = target.lstrip("/") if target.startswith("/") else target_entry(target + ".x")
        if entry in present:
            return match.group(0)
        return f"{(match.group(1) or Path(target).name).strip()} ({elsewhere})"

    def ref_role(match: re.Match[str]) -> str:
        target = (match.group(2) or match.group(3)).strip()
        if target in labels:
            return match.group(0)
        return (match.group(1) or target.replace("-", " ")).strip()

    text = _MD_LINK.sub(md_link, text)
    text = _DOC_ROLE.sub(doc_role, text)
    return _REF_ROLE.sub(ref_role, text)


def copy_pages(
    src_root: Path, dst_root: Path, entries: dict[str, Path], extra_md: list[str]
) -> None:
    """Copy executed notebooks and support pages into the book source, relinked."""
    present = set(entries) | set(extra_md) | {"agenda"}
    sources = {entry: path for entry, path in entries.items()}
    sources.update({entry: src_root / f"{entry}.md" for entry in extra_md})
    labels = set()
    for path in sources.values():
        labels.update(_LABEL.findall(_page_text(path)))
    for entry, path in sources.items():
        target = dst_root / f"{entry}{path.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = relink(cell.source, entry, present, labels)
            nbformat.write(nb, target)
        else:
            target.write_text(
                relink(path.read_text(encoding="utf-8"), entry, present, labels), encoding="utf-8"
            )


def write_config(
    dst_root: Path,
    *,
    title: str,
    language: str,
    access: dict[str, str],
    book_root: Path,
    chapters: list[str],
    reference: list[str],
) -> None:
    """``_config.yml`` and ``_toc.yml`` for the cohort's book.

    Both are dumped by ``yaml.safe_dump``. The title reaches templates that do not escape it,
    so it goes in with lookalikes for the markup characters; every URL is http(s).
    """
    main = read_book_yaml(book_root / "_config.yml")
    sphinx_main = main.get("sphinx") or {}
    sphinx_config = sphinx_main.get("config") or {}
    config: dict[str, Any] = {
        "title": inert_text(title),
        "author": main.get("author", ""),
        "copyright": str(main.get("copyright", "")),
        "only_build_toc_files": True,
        "exclude_patterns": ["_build"],
        "execute": {"execute_notebooks": "off"},
        "repository": {
            "url": safe_url(access["repository_url"], field="repository_url", allow_file=True),
            "branch": access["branch"],
            "path_to_book": "",
        },
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "binderhub_url": safe_url(access["binderhub_url"], field="binderhub_url"),
            "jupyterhub_url": (
                safe_url(access["jupyterhub_url"], field="jupyterhub_url")
                if access["jupyterhub_url"]
                else ""
            ),
            "thebe": False,
        },
        "html": {"use_repository_button": True, "home_page_in_navbar": True},
        # HTML only, as the main book: its LaTeX helper would make parallel reading serial.
        "latex": dict(main.get("latex") or {}),
        "sphinx": {
            "config": {
                "language": language,
                "nb_execution_raise_on_error": True,
                **{k: v for k, v in sphinx_config.items() if k.startswith("bibtex_")},
                # The book's catalogues translate the reference pages a pack carries (copied
                # below); its notebooks are already in the cohort's language.
                "locale_dirs": ["locales"],
                "gettext_compact": False,
            },
            # The book's own extensions (e.g. the offline site support) apply to packs too.
            "extra_extensions": list(sphinx_main.get("extra_extensions") or []),
        },
    }
    _copy_catalogues(book_root, dst_root, language, reference)
    bib = book_root / "references.bib"
    if bib.is_file():
        shutil.copy(bib, dst_root / "references.bib")
        config["bibtex_bibfiles"] = ["references.bib"]
    from ogp_curriculum.cohorts.render import labels

    words = labels(language)  # the sidebar's captions in the cohort's language
    parts: list[dict[str, Any]] = [
        {"caption": words["pages"], "chapters": [{"file": entry} for entry in chapters]}
    ]
    if reference:
        parts.append({"caption": words["reference"], "chapters": [{"file": e} for e in reference]})
    toc = {"format": "jb-book", "root": "agenda", "parts": parts}
    (dst_root / "_config.yml").write_text(yaml_text(config), encoding="utf-8")
    (dst_root / "_toc.yml").write_text(yaml_text(toc), encoding="utf-8")


def _copy_catalogues(book_root: Path, dst_root: Path, language: str, pages: list[str]) -> None:
    """The pages' catalogues, into the pack's source: Sphinx compiles them there, not in ours."""
    code = language.split("-")[0].lower()
    for entry in pages:
        po = book_root / "locales" / code / "LC_MESSAGES" / f"{entry}.po"
        if po.is_file():
            target = dst_root / "locales" / code / "LC_MESSAGES" / f"{entry}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(po, target)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "pkg.module.SomeError: message" (a class name, then a non-empty message)
_EXCEPTION = re.compile(r"^(?:[a-z_][a-z0-9_]*\.)*[A-Z]\w*: \S")


def first_problem(log: str) -> str:
    """The line of a failed build log that says what went wrong.

    Sphinx warnings (``file:line: WARNING: ...``) first; otherwise the first exception
    message (the root cause in a chained traceback); otherwise the last line that says
    something.
    """
    lines = [_ANSI.sub("", line).strip() for line in log.splitlines()]
    for line in lines:
        if "WARNING:" in line or "ERROR:" in line:
            return line
    for line in lines:
        if _EXCEPTION.match(line):
            return line
    wordy = [line for line in lines if any(ch.isalpha() for ch in line)]
    return wordy[-1] if wordy else "no output"


def build_html(src_root: Path) -> Path:
    """Build the book strictly; return the HTML folder or raise with the first problem."""
    try:
        done = build_book(src_root)
    except FileNotFoundError as missing:
        raise BuildError(str(missing)) from None
    if done.returncode != 0:
        problem = first_problem(done.stdout + "\n" + done.stderr)
        raise BuildError(f"the cohort book did not build: {problem}")
    return src_root / "_build" / "html"
