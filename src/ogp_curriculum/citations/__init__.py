"""Citations that read "(Author Year)" in JupyterLab, and are ``{cite}`` roles to the book.

jupyterlab-myst cannot resolve a citation: it has no way to load a bibliography
(jupyter-book/jupyterlab-myst#127), so a ``{cite}`key``` role in a notebook shows its bare
BibTeX key to a learner who opens the notebook in JupyterLab (Binder, a hub). The committed
notebooks therefore carry each citation in a *live form*: a Markdown link whose text is the
author-year citation from ``references.bib`` and whose target names the role and its keys::

    {cite}`a`        <->  [(Arias et al. 2016)](#cite:a)
    {cite:p}`a,b`    <->  [(Arias et al. 2016; Hudson 2015)](#cite:p:a,b)
    {cite:t}`a`      <->  [Arias et al. (2016)](#cite:t:a)

The target is an in-page fragment: JupyterLab renders the link in place and a click goes nowhere
(no new tab, no request). Authors keep writing roles: ``python -m ogp_curriculum citations
live`` (also a pre-commit hook) rewrites them, and refreshes a link whose text no longer matches
the bibliography. The book's Sphinx build turns every live link back into the exact role it
came from (:mod:`ogp_curriculum.citations.sphinx_roles`), so the bibliography, the strict build
and the translation catalogues see the roles as written. Voila shows the link's text
(:mod:`ogp_curriculum.live`).

Glued figures get the same treatment. jupyterlab-myst has no MyST-NB glue, so a
``{glue:text}`key``` role shows its bare key; the figure exists only once the notebook has run
(and ``prose.glue_all`` glues it without displaying it). The live form is a link whose text says,
in the notebook's language, that a figure from the data goes here, and whose target keeps the
key and any format spec::

    {glue:text}`m02_rows`        <->  [figure from the data](#glue:m02_rows)
    {glue:text}`m02_share:.1%`   <->  [figure from the data](#glue:m02_share:.1%)

Roles and links inside inline code, fenced code and code directives are left as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ogp_curriculum.errors import UserError
from ogp_curriculum.i18n import N_, gettext

__all__ = [
    "CitationError",
    "Citations",
    "bib_key_pattern",
    "bib_keys",
    "citation_text",
    "load_citations",
    "live_link",
    "notebook_roles_left",
    "notebook_stale_links",
    "roles_left",
    "stale_links",
    "to_live",
    "to_roles",
    "convert_notebook",
    "glue_link",
    "glue_link_text",
]

# (authors, year) per BibTeX key, as the book's author-year style prints them.
Citations = dict[str, tuple[str, str]]

# The role kinds the live form carries: {cite}, {cite:p} and {cite:t}.
KINDS = ("", "p", "t")
_KEY = r"[^\s,:()`\[\]#]+"
_KEYS = rf"{_KEY}(?:,{_KEY})*"


def _live_pattern(prefix: str = "") -> str:
    return (
        rf"\[(?P<{prefix}text>(?:\\.|[^\[\]\\\n])*)\]"
        rf"\(#cite(?::(?P<{prefix}kind>[pt]))?:(?P<{prefix}keys>{_KEYS})\)"
    )


def _role_pattern(prefix: str = "") -> str:
    return rf"\{{cite(?::(?P<{prefix}kind>[a-z]+))?\}}`(?P<{prefix}keys>[^`]+)`"


# Glue: only {glue:text} has a live form (the book's notebooks paste text figures only).
GLUE_KIND = "text"
_GLUE_KEY = r"[A-Za-z0-9_.-]+"
# A format spec (after the key's colon): anything a link target can hold unescaped.
_GLUE_FORMAT = r"[^\s()\[\]`\\]+"
# The glue link text, marked for the package catalogue (translated per notebook language).
GLUE_LINK_TEXT = N_("figure from the data")


def _glue_role_pattern(prefix: str = "") -> str:
    return rf"\{{glue(?::(?P<{prefix}kind>[\w.-]*))?\}}`(?P<{prefix}body>[^`]+)`"


def _glue_live_pattern(prefix: str = "") -> str:
    return (
        rf"\[(?P<{prefix}text>(?:\\.|[^\[\]\\\n])*)\]"
        rf"\(#glue:(?P<{prefix}key>{_GLUE_KEY})(?::(?P<{prefix}format>{_GLUE_FORMAT}))?\)"
    )


ROLE = re.compile(_role_pattern())
LIVE = re.compile(_live_pattern())
GLUE_ROLE = re.compile(_glue_role_pattern())
GLUE_LIVE = re.compile(_glue_live_pattern())
# One pass over a cell, left to right. Besides citations it steps over, untouched: a fence line
# (```` ```{note} ````, ``~~~``), any other MyST role (its backticks are not a code span), and
# an inline code span (a citation written inside one is an example, not a citation).
_SCAN = re.compile(
    r"(?P<fence>^[ \t]*(?P<marks>`{3,}|~{3,})(?P<info>[^\n`]*)$)"
    rf"|(?P<role>{_role_pattern('r_')})"
    rf"|(?P<live>{_live_pattern('l_')})"
    rf"|(?P<glue_role>{_glue_role_pattern('g_')})"
    rf"|(?P<glue_live>{_glue_live_pattern('gl_')})"
    r"|(?P<other_role>\{[A-Za-z][\w:.-]*\}`[^`]*`)"
    # A code span ends in its paragraph: it never runs over a blank line.
    r"|(?P<code>(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)(?P=ticks)(?!`))",
    re.MULTILINE | re.DOTALL,
)
# Fenced blocks whose body is not MyST text: plain code fences and these directives.
_CODE_DIRECTIVES = frozenset(
    {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "eval-rst", "raw",
     "math", "mermaid", "glue", "glue:any", "glue:text", "glue:math"}
)  # fmt: skip
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


class CitationError(UserError):
    """A citation or glue role that cannot be written in the live form (unknown key, bad role)."""


# pybtex's parser and text backend by class, not by plugin name: each name lookup scans every
# installed distribution's entry points (about 30 ms here), once per field rendered.
def _plain(value: str) -> str:
    """A BibTeX field as readers see it: LaTeX accents decoded, braces gone."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    return Text.from_latex(value).render(Backend()).strip()


@lru_cache(maxsize=4)
def load_citations(bibfile: Path) -> Citations:
    """Each entry's (authors, year) as the book's author-year style prints them."""
    from pybtex.database.input.bibtex import Parser

    found: Citations = {}
    for key, entry in Parser().parse_file(str(bibfile)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_plain(" ".join(p.last_names) or str(p)) for p in people]
        if len(names) > 2:
            authors = f"{names[0]} et al."
        else:
            authors = " and ".join(names) or _plain(entry.fields.get("title", key))
        found[key] = (authors, _plain(entry.fields.get("year", "n.d.")))
    return found


def default_bibfile() -> Path:
    from ogp_curriculum.paths import repo_root

    return repo_root() / "references.bib"


def bib_keys(bibfile: Path | None = None) -> set[str]:
    """Every key of ``references.bib`` (what an unresolved citation would show a learner)."""
    return set(load_citations(bibfile or default_bibfile()))


def bib_key_pattern(bibfile: Path | None = None) -> re.Pattern[str]:
    """Any key of ``references.bib`` as a whole word, as a learner would see it unresolved."""
    keys = sorted(bib_keys(bibfile), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w-])")


def split_keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def citation_text(
    kind: str, keys: list[str], citations: Citations, *, strict: bool = True
) -> str:
    """``(Authors Year; ...)``, or ``Authors (Year); ...`` for ``{cite:t}``.

    An unknown key raises :class:`KeyError` when ``strict``; otherwise it reads as its words
    (Voila shows a notebook as it is, and a learner should still see something readable).
    """
    if strict:
        missing = [key for key in keys if key not in citations]
        if missing:
            raise KeyError(missing[0])
    known = [citations.get(k, (k.replace("_", " "), "")) for k in keys]
    if kind == "t":
        return "; ".join(f"{a} ({y})" if y else a for a, y in known)
    return "(" + "; ".join(f"{a} {y}".strip() for a, y in known) + ")"


def live_link(kind: str, keys: list[str], citations: Citations) -> str:
    """The live form of one citation (raises :class:`KeyError` naming an unknown key)."""
    if kind not in KINDS:
        raise ValueError(
            f"{{cite:{kind}}} has no live form (use {{cite}}, {{cite:p}} or {{cite:t}})"
        )
    for key in keys:
        if not re.fullmatch(_KEY, key):
            raise ValueError(f"citation key {key!r} cannot be written in a link target")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", citation_text(kind, keys, citations))
    prefix = f"#cite:{kind}:" if kind else "#cite:"
    return f"[{text}]({prefix}{','.join(keys)})"


def _role(kind: str, keys: str) -> str:
    return f"{{cite:{kind}}}`{keys}`" if kind else f"{{cite}}`{keys}`"


def _code_block_end(text: str, marks: str, start: int) -> int:
    """Where a fenced code block that opened with ``marks`` ends (its closing line included)."""
    closing = re.compile(rf"^[ \t]*{re.escape(marks[0])}{{{len(marks)},}}[ \t]*$", re.MULTILINE)
    found = closing.search(text, start)
    return found.end() if found else len(text)


Rewrite = Callable[[re.Match[str]], str]


def _rewrite(
    text: str,
    on_role: Rewrite | None = None,
    on_live: Rewrite | None = None,
    on_glue_role: Rewrite | None = None,
    on_glue_live: Rewrite | None = None,
) -> str:
    """``text`` with each citation or glue role and live link outside code replaced by the
    callbacks (each gets the match of ``ROLE``, ``LIVE``, ``GLUE_ROLE`` or ``GLUE_LIVE``)."""
    out: list[str] = []
    pos = 0
    directives: list[str] = []  # fences of the MyST directives open here (their body is text)
    while (match := _SCAN.search(text, pos)) is not None:
        out.append(text[pos : match.start()])
        end = match.end()
        if match.group("fence") is not None:
            marks, info = match.group("marks"), match.group("info").strip()
            directive = _DIRECTIVE.match(info)
            if not info and directives and directives[-1] == marks:
                directives.pop()
            elif directive and directive.group("name") not in _CODE_DIRECTIVES:
                directives.append(marks)
            else:  # code: skip to its closing fence
                end = _code_block_end(text, marks, match.end())
            out.append(text[match.start() : end])
        elif match.group("role") is not None:
            role = ROLE.fullmatch(match.group("role"))
            assert role is not None
            out.append(on_role(role) if on_role else role.group(0))
        elif match.group("live") is not None:
            live = LIVE.fullmatch(match.group("live"))
            assert live is not None
            out.append(on_live(live) if on_live else live.group(0))
        elif match.group("glue_role") is not None:
            glue = GLUE_ROLE.fullmatch(match.group("glue_role"))
            assert glue is not None
            out.append(on_glue_role(glue) if on_glue_role else glue.group(0))
        elif match.group("glue_live") is not None:
            glue = GLUE_LIVE.fullmatch(match.group("glue_live"))
            assert glue is not None
            out.append(on_glue_live(glue) if on_glue_live else glue.group(0))
        else:
            out.append(match.group(0))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def glue_link_text(language: str | None = None) -> str:
    """The glue link's text in ``language`` (default: the active one), from the catalogue."""
    return gettext(GLUE_LINK_TEXT, language=language)


def _glue_role_parts(match: re.Match[str]) -> tuple[str, str | None]:
    """(key, format spec or None) of a ``GLUE_ROLE`` match; :class:`ValueError` if it has no
    live form."""
    kind, body = match.group("kind"), match.group("body")
    if kind != GLUE_KIND:
        name = f"glue:{kind}" if kind is not None else "glue"
        raise ValueError(f"{{{name}}}`{body}` has no live form (use {{glue:{GLUE_KIND}}})")
    key, _, spec = body.partition(":")
    if not re.fullmatch(_GLUE_KEY, key) or (spec and not re.fullmatch(_GLUE_FORMAT, spec)):
        raise ValueError(f"glue role {match.group(0)!r} cannot be written in a link target")
    return key, spec or None


def glue_link(key: str, spec: str | None, text: str) -> str:
    """The live form of one ``{glue:text}`` role, with ``text`` (Markdown-escaped) shown."""
    target = f"#glue:{key}:{spec}" if spec else f"#glue:{key}"
    shown = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return f"[{shown}]({target})"


def _glue_role(match: re.Match[str]) -> str:
    spec = match.group("format")
    body = f"{match.group('key')}:{spec}" if spec else match.group("key")
    return f"{{glue:{GLUE_KIND}}}`{body}`"


def to_roles(text: str) -> str:
    """Markdown with every live citation and glue link back as the role it came from."""
    return _rewrite(
        text,
        on_live=lambda m: _role(m.group("kind") or "", m.group("keys")),
        on_glue_live=_glue_role,
    )


def to_live(text: str, citations: Citations, glue_text: str | None = None) -> str:
    """Markdown with every citation and glue role as a live link, every live link's text refreshed.

    ``glue_text`` is the glue links' text (default: :func:`glue_link_text` in the active
    language). Raises :class:`KeyError` for a key ``citations`` lacks, :class:`ValueError` for a
    role the live form cannot carry.
    """

    def role(match: re.Match[str]) -> str:
        return live_link(match.group("kind") or "", split_keys(match.group("keys")), citations)

    def live(match: re.Match[str]) -> str:
        return live_link(match.group("kind") or "", split_keys(match.group("keys")), citations)

    shown = glue_link_text() if glue_text is None else glue_text

    def glue_role(match: re.Match[str]) -> str:
        return glue_link(*_glue_role_parts(match), shown)

    def glue_live(match: re.Match[str]) -> str:
        return glue_link(match.group("key"), match.group("format"), shown)

    return _rewrite(text, on_role=role, on_live=live, on_glue_role=glue_role,
                    on_glue_live=glue_live)


def roles_left(text: str) -> list[str]:
    """The ``{cite}`` and ``{glue}`` roles still written as roles (outside code) in ``text``."""
    found: list[str] = []

    def note(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return match.group(0)

    _rewrite(text, on_role=note, on_glue_role=note)
    return found


def stale_links(text: str, citations: Citations) -> list[tuple[str, str]]:
    """(link as written, link as the bibliography gives it) for each live link that differs."""
    found: list[tuple[str, str]] = []

    def check(match: re.Match[str]) -> str:
        keys = split_keys(match.group("keys"))
        try:
            expected = live_link(match.group("kind") or "", keys, citations)
        except KeyError as error:
            expected = f"(no entry {error.args[0]!r} in the bibliography)"
        if match.group(0) != expected:
            found.append((match.group(0), expected))
        return match.group(0)

    _rewrite(text, on_live=check)
    return found


# --- notebooks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkdownCell:
    index: int
    id: str
    source: str

    def where(self, notebook: Path | str) -> str:
        cell = f"cell {self.index}" + (f" (id {self.id})" if self.id else "")
        return f"{notebook}: {cell}"


def markdown_cells(nb: dict[str, Any]) -> Iterator[MarkdownCell]:
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            yield MarkdownCell(index, str(cell.get("id", "")), text)


def _lines(text: str) -> list[str]:
    """A cell source as nbformat writes it: a list of lines, each with its newline."""
    return text.splitlines(keepends=True)


def notebook_json(nb: dict[str, Any]) -> str:
    """Serialised as nbformat writes notebooks (so the files diff cleanly)."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def rewrite_markdown(
    nb: dict[str, Any], convert: Callable[[str], str], where: Path | str = "notebook"
) -> bool:
    """Apply ``convert`` to every markdown cell of ``nb`` in place; True if one changed.

    A :class:`KeyError` or :class:`ValueError` from ``convert`` becomes a
    :class:`CitationError` naming the notebook, the cell and the key.
    """
    changed = False
    cells = nb.get("cells", [])
    for cell in markdown_cells(nb):
        try:
            new = convert(cell.source)
        except KeyError as error:
            raise CitationError(
                f"{cell.where(where)}: citation key {error.args[0]!r} is not in references.bib"
            ) from None
        except ValueError as error:
            raise CitationError(f"{cell.where(where)}: {error}") from None
        if new != cell.source:
            cells[cell.index]["source"] = _lines(new)
            changed = True
    return changed


def convert_notebook(
    path: Path, citations: Citations, *, label: str | None = None, language: str = "en"
) -> str | None:
    """The notebook's text with its citations and glue roles in the live form (glue links read
    in ``language``); None if nothing changes."""
    text = path.read_text(encoding="utf-8")
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as error:
        raise CitationError(
            f"{label or path}: not a notebook ({error.msg}, line {error.lineno})"
        ) from None
    glue_text = glue_link_text(language)
    if not rewrite_markdown(nb, lambda s: to_live(s, citations, glue_text), label or path):
        return None
    new = notebook_json(nb)
    return None if new == text else new


def notebook_roles_left(nb: dict[str, Any]) -> list[tuple[MarkdownCell, str]]:
    return [(cell, role) for cell in markdown_cells(nb) for role in roles_left(cell.source)]


def notebook_stale_links(
    nb: dict[str, Any], citations: Citations
) -> list[tuple[MarkdownCell, str, str]]:
    return [
        (cell, written, expected)
        for cell in markdown_cells(nb)
        for written, expected in stale_links(cell.source, citations)
    ]
