"""MyST markup made readable where the book's Sphinx build does not run: Voila and live kernels.

The notebooks' Markdown uses MyST roles and directives (``{cite}`key```, ``{term}`word```,
```` ```{note} ````) that Jupyter Book renders. Voila renders plain Markdown, so a learner would
see the raw markup. :func:`voila_prelaunch_hook` rewrites each Markdown cell before Voila renders
it: citations become "(Author Year)" from ``references.bib``, terms become their text, and
directives become block quotes with a bold title. It also gives the page the notebook's own
title instead of the file name. ``voila.py`` at the repository root installs the hook.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ogp_curriculum.paths import repo_root

_CITE = re.compile(r"\{cite(?::(?P<kind>[a-z]+))?\}`(?P<keys>[^`]+)`")
# Any other inline role: {term}`text`, {term}`text <target>`, {ref}`label`, {doc}`path`.
_ROLE = re.compile(r"\{[a-zA-Z][\w:-]*\}`(?P<body>[^`]+)`")
_TARGET = re.compile(r"^(?P<text>.*?)\s*<[^<>]+>$", re.DOTALL)
# ```{note} Optional title ... ``` or :::{note} ... ::: (three or more fence characters).
_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<title>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
_OPTION = re.compile(r"^:[\w-]+:.*$", re.MULTILINE)
# [text](../trainers/page.md) or [text](page.md#part): a book page Voila cannot render.
_PAGE_LINK = re.compile(
    r"\[(?P<text>[^\]]+)\]\((?P<target>(?![a-z]+:|/|#)[^)\s]+\.md(?:#[^)\s]*)?)\)"
)


def _clean(name: str) -> str:
    return name.replace("{", "").replace("}", "").strip()


@lru_cache(maxsize=4)
def _citations(bibfile: Path) -> dict[str, tuple[str, str]]:
    """Each entry's (authors, year) as the book's author-year style prints them."""
    from pybtex.database import parse_file

    found: dict[str, tuple[str, str]] = {}
    for key, entry in parse_file(str(bibfile)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_clean(" ".join(p.last_names) or str(p)) for p in people]
        if len(names) > 2:
            authors = f"{names[0]} et al."
        else:
            authors = " and ".join(names) or _clean(entry.fields.get("title", key))
        found[key] = (authors, _clean(entry.fields.get("year", "n.d.")))
    return found


def _cite(match: re.Match[str], citations: dict[str, tuple[str, str]]) -> str:
    keys = [k.strip() for k in match.group("keys").split(",") if k.strip()]
    known = [citations.get(k, (k.replace("_", " "), "")) for k in keys]
    if match.group("kind") == "t":
        return "; ".join(f"{a} ({y})" if y else a for a, y in known)
    return "(" + "; ".join(f"{a} {y}".strip() for a, y in known) + ")"


def _role(match: re.Match[str]) -> str:
    body = match.group("body")
    target = _TARGET.match(body)
    return target.group("text") if target else body


def _directive(match: re.Match[str]) -> str:
    name = match.group("name").split(":")[-1]
    title = match.group("title").strip() or name.replace("-", " ").capitalize()
    body = _OPTION.sub("", match.group("body")).strip("\n")
    lines = [f"**{title}**", "", *body.splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def myst_to_markdown(text: str, bibfile: Path | None = None) -> str:
    """Plain Markdown for a MyST cell: no role or directive left for a reader to see."""
    citations = _citations(bibfile or repo_root() / "references.bib")
    text = _DIRECTIVE.sub(_directive, text)
    text = _CITE.sub(lambda m: _cite(m, citations), text)
    return _ROLE.sub(_role, text)


def notebook_title(notebook: Any) -> str:
    """The first level-one heading of the notebook's first Markdown cell that has one."""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return ""


def unlink_book_pages(text: str) -> str:
    """Links to the book's Markdown pages become their text: Voila serves notebooks only.

    Links between notebooks stay; a page such as ``trainers/writing_scenarios.md`` exists only in
    the built book, so its link would answer 403 (Voila does not serve ``.md`` files).
    """
    return _PAGE_LINK.sub(lambda m: f"*{m.group('text')}* (a page of the book)", text)


def voila_prelaunch_hook(req: Any, notebook: Any, cwd: str) -> Any:
    """Voila's ``VoilaConfiguration.prelaunch_hook``: readable Markdown and a real page title."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = unlink_book_pages(myst_to_markdown(cell.source))
    title = notebook_title(notebook)
    if title and not notebook.metadata.get("title"):
        notebook.metadata["title"] = title
    return notebook
