"""Sources that quiz feedback cites: keys of ``references.bib`` or pages of the book.

A quiz option's ``source`` is one or more comma-separated references, each either a
bibliography key (``gi_guerzovich_moses_2016``) or a book page given by its path from the
book's root (``modules/07_plenary.ipynb``), for questions about how the book itself works.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ogp_curriculum.paths import repo_root

_ENTRY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,(.*?)^\}", re.MULTILINE | re.DOTALL)
_FIELD = r"^\s*{name}\s*=\s*\{{(.*?)\}}\s*,?\s*$"
_PAGE_SUFFIXES = (".md", ".ipynb")


def bib_path() -> Path:
    return repo_root() / "references.bib"


@cache
def _entries(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    return {match.group(1): match.group(2) for match in _ENTRY.finditer(text)}


def bib_keys(path: Path | None = None) -> frozenset[str]:
    return frozenset(_entries(path or bib_path()))


def _field(body: str, name: str) -> str | None:
    match = re.search(_FIELD.format(name=name), body, flags=re.MULTILINE)
    return match.group(1) if match else None


def _surname(author: str) -> str:
    author = author.strip()
    if author.startswith("{") and author.endswith("}"):
        return author[1:-1]  # an organisation, written {{Name}} in the file
    if "," in author:
        return author.split(",", 1)[0].strip()
    return author.split()[-1]


def short_label(key: str, path: Path | None = None) -> str:
    """'Guerzovich & Moses 2016' for a bibliography key; the key itself if unparsable."""
    body = _entries(path or bib_path()).get(key)
    if body is None:
        return key
    authors = [_surname(a) for a in re.split(r"\s+and\s+", _field(body, "author") or "") if a]
    year = _field(body, "year") or "n.d."
    if not authors:
        return f"{key} {year}"
    names = authors[0] if len(authors) == 1 else (
        f"{authors[0]} & {authors[1]}" if len(authors) == 2 else f"{authors[0]} et al.")
    return f"{names.replace('{', '').replace('}', '')} {year}"


def split(source: str) -> list[str]:
    return [part.strip() for part in source.split(",") if part.strip()]


def is_page(reference: str) -> bool:
    return reference.endswith(_PAGE_SUFFIXES)


def unknown(source: str, root: Path | None = None) -> list[str]:
    """The references in ``source`` that are neither a bibliography key nor a book page."""
    root = root or repo_root()
    keys = bib_keys(root / "references.bib")
    return [ref for ref in split(source)
            if not (_is_book_page(root, ref) if is_page(ref) else ref in keys)]


def _is_book_page(root: Path, ref: str) -> bool:
    # Only a file inside the book: no '..' and no absolute path.
    parts = Path(ref).parts
    return not Path(ref).is_absolute() and ".." not in parts and (root / ref).is_file()


def label(source: str) -> str:
    """A reader-facing label: 'Guerzovich & Moses 2016; this book, modules/07_plenary.ipynb'."""
    return "; ".join(f"this book, {ref}" if is_page(ref) else short_label(ref)
                     for ref in split(source))
