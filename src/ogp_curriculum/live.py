"""MyST markup made readable where the book's Sphinx build does not run: Voila and live kernels.

The notebooks' Markdown uses MyST roles and directives (``{cite}`key```, ``{term}`word```,
```` ```{note} ````) that Jupyter Book renders. Voila renders plain Markdown, so a learner would
see the raw markup. :func:`voila_prelaunch_hook` rewrites each Markdown cell before Voila renders
it: citations (live links or roles, see :mod:`ogp_curriculum.citations`) become "(Author Year)"
from ``references.bib``, a live glue link becomes its text (the hook runs before the kernel
computes the figure), terms become their text, and
directives become block quotes with a bold title. It also gives the page the notebook's own
title instead of the file name. ``voila.py`` at the repository root installs the hook.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ogp_curriculum.citations import (
    GLUE_LIVE,
    LIVE,
    ROLE,
    Citations,
    citation_text,
    load_citations,
    split_keys,
)
from ogp_curriculum.paths import repo_root

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


def _cite(match: re.Match[str], citations: Citations) -> str:
    keys = split_keys(match.group("keys"))
    return citation_text(match.group("kind") or "", keys, citations, strict=False)


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
    citations = load_citations(bibfile or repo_root() / "references.bib")
    text = _DIRECTIVE.sub(_directive, text)
    # A live citation link (ogp_curriculum.citations) becomes its text: no link that goes nowhere.
    text = LIVE.sub(lambda m: m.group("text"), text)
    text = GLUE_LIVE.sub(lambda m: m.group("text"), text)
    text = ROLE.sub(lambda m: _cite(m, citations), text)
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
