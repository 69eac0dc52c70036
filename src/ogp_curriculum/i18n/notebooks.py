"""Live notebooks in the learner's language, made from the English ones and the book's catalogues.

Binder and a JupyterHub with nbgitpuller open notebooks straight from the repository and run no
script first, so the French and Spanish notebooks are committed, under
``translations/<lang>/<same path>`` (relative links between notebooks keep working). Nobody edits
them: ``python -m ogp_curriculum i18n notebooks`` rewrites them from

- the English notebook (code cells, cell ids and metadata unchanged; no outputs), and
- the same Sphinx catalogue the book uses (``locales/<lang>/LC_MESSAGES/<docname>.po``).

Markdown cells are cut into the blocks Sphinx's gettext builder extracts from MyST (a paragraph,
a heading, a table cell, an admonition's title, each with its MyST source as the message id), and
each block is replaced by its translation. A block without one stays English and is reported.
Citations: the English notebooks carry them as live links (:mod:`ogp_curriculum.citations`),
the catalogues as the ``{cite}`` roles Sphinx reads; a cell is turned back into roles to look
its blocks up, and its translation into live links again.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE, check_language

if TYPE_CHECKING:
    from markdown_it.token import Token

# myst-parser (the book extra) and Babel are imported where used: the command line and the
# cohort code import this module, and a bare install of the package has neither.

TRANSLATIONS_DIR = "translations"
TARGET_LANGUAGES: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)
# The notebooks learners open live.
NOTEBOOK_GLOBS: tuple[str, ...] = ("modules/*.ipynb", "exercises/*.ipynb")
PARAMETERS_TAG = "parameters"
_LANGUAGE_LINE = re.compile(r"^(\s*language\s*(?::[^=]+)?=\s*)None(\s*(?:#.*)?)$", re.MULTILINE)

# Jupyter Book 1's MyST extensions (its defaults; _config.yml adds none).
_MYST_EXTENSIONS = {"colon_fence", "dollarmath", "linkify", "substitution", "tasklist"}
# Directives whose body is not MyST text (code, math, raw output, file lists).
_NOT_TEXT = frozenset(
    {
        "code", "code-block", "code-cell", "sourcecode", "literalinclude", "include", "math",
        "raw", "toctree", "bibliography", "eval-rst", "glue", "glue:any", "glue:text",
        "glue:math", "csv-table", "mermaid", "image",
    }
)  # fmt: skip
# Directives whose argument Sphinx extracts as a title (sphinx-exercise's through
# ogp_curriculum.i18n.exercise_titles).
_TITLED = frozenset({"admonition", "topic", "sidebar", "dropdown", "exercise", "exercise-start"})
_OPTION = re.compile(r"^\s*:[\w-]+:")
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}\s*(.*)$")
# [text](relative target): targets that are not translated notebooks point back at the English tree.
_LINK = re.compile(r"(?<=\]\()(?!https?:|mailto:|#|/)([^)\s#]+)(#[^)\s]*)?(?=\))")


def message_id(text: str) -> str:
    """The id Sphinx gives a block: its MyST source, newlines as spaces (``extract_messages``)."""
    return text.replace("\n", " ").strip()


@dataclass(frozen=True)
class Block:
    """A translatable piece of a markdown cell: source lines ``[start, end)``, or one span."""

    start: int
    end: int
    text: str  # the MyST source Sphinx extracts (first line without its list/quote marker)
    column: int | None = None  # set when the block is a span of one line (table cell, title)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=_MYST_EXTENSIONS), DocutilsRenderer)


def _directive_body(lines: list[str]) -> int:
    """How many leading lines of a directive's content are options (``:key:`` or a YAML block)."""
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                return index + 1
        return len(lines)
    count = 0
    while count < len(lines) and _OPTION.match(lines[count]):
        count += 1
    return count


def blocks(source: str, offset: int = 0) -> Iterator[Block]:
    """The blocks Sphinx's gettext extracts from one markdown cell, in order."""
    lines = source.splitlines()
    tokens: list[Token] = _parser().parse(source)
    in_cell = 0
    cursor: dict[int, int] = {}  # line -> column already consumed (several cells on a line)
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            in_cell += 1
        elif token.type in ("th_close", "td_close"):
            in_cell -= 1
        elif token.type == "inline" and token.map and token.content.strip():
            start, end = token.map
            if in_cell:
                line = lines[start]
                column = line.find(token.content, cursor.get(start, 0))
                if column < 0:
                    continue
                cursor[start] = column + len(token.content)
                yield Block(start + offset, start + offset + 1, token.content, column)
            else:
                yield Block(start + offset, end + offset, token.content)
        elif token.type in ("fence", "colon_fence") and token.map:
            yield from _directive_blocks(token, lines, offset)


def _directive_blocks(token: Token, lines: list[str], offset: int) -> Iterator[Block]:
    match = _DIRECTIVE.match(token.info.strip())
    if not match or match.group(1) in _NOT_TEXT:
        return
    name, argument = match.groups()
    start = token.map[0] if token.map else 0
    if name in _TITLED and argument.strip():
        title = argument.strip()
        yield Block(start + offset, start + offset + 1, title, lines[start].find(title))
    content = token.content.splitlines()
    skip = _directive_body(content)
    body = "\n".join(content[skip:])
    yield from blocks(body, offset + start + 1 + skip)


def _replace_span(line: str, block: Block, text: str) -> str:
    assert block.column is not None
    return line[: block.column] + text + line[block.column + len(block.text) :]


def _replace_lines(lines: list[str], block: Block, text: str) -> list[str]:
    first = lines[block.start]
    head = block.text.splitlines()[0]
    prefix = first[: max(first.find(head), 0)]
    if block.end - block.start > 1:
        following = lines[block.start + 1]
        indent = following[: len(following) - len(following.lstrip())]
    else:
        indent = " " * len(prefix)
    parts = text.splitlines() or [""]
    return [prefix + parts[0]] + [indent + part for part in parts[1:]]


def translate_markdown(
    source: str, lookup: Callable[[str], str | None]
) -> tuple[str, list[str]]:
    """``source`` with every block translated; the message ids with no translation."""
    lines = source.splitlines()
    missing: list[str] = []
    edits: list[tuple[Block, str]] = []
    for block in blocks(source):
        key = message_id(block.text)
        found = lookup(key)
        if found:
            edits.append((block, found))
        else:
            missing.append(key)
    # Bottom-up and right to left, so earlier positions stay valid.
    for block, text in sorted(edits, key=lambda e: (e[0].start, e[0].column or 0), reverse=True):
        if block.column is not None:
            lines[block.start] = _replace_span(lines[block.start], block, message_id(text))
        else:
            lines[block.start : block.end] = _replace_lines(lines, block, text)
    out = "\n".join(lines)
    return (out + "\n" if source.endswith("\n") else out), missing


def load_catalogue(path: Path) -> dict[str, str]:
    """Translated, non-fuzzy messages of a ``.po`` file (Sphinx ignores fuzzy ones)."""
    from ogp_curriculum.i18n.catalogues import optional_catalogue

    catalogue = optional_catalogue(path)
    if catalogue is None:
        return {}
    return {
        str(m.id): str(m.string)
        for m in catalogue
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def catalogue_path(root: Path, language: str, entry: str) -> Path:
    """The page's catalogue: ``entry`` is its docname, e.g. ``modules/01_welcome``."""
    return root / "locales" / language / "LC_MESSAGES" / f"{entry}.po"


def translated_path(root: Path, language: str, notebook: Path) -> Path:
    """Where the ``language`` copy of ``notebook`` (inside ``root``) lives."""
    return root / TRANSLATIONS_DIR / language / notebook.relative_to(root)


def _relink(text: str, english_dir: Path, translated_dir: Path, generated: set[Path]) -> str:
    """Links to generated notebooks stay relative; others point back at the English file."""

    def fix(match: re.Match[str]) -> str:
        target, anchor = match.group(1), match.group(2) or ""
        if (translated_dir / target).resolve() in generated:
            return target + anchor
        english = os.path.relpath((english_dir / target).resolve(), translated_dir.resolve())
        return Path(english).as_posix() + anchor

    return _LINK.sub(fix, text)


def set_language_parameter(source: str, language: str) -> str:
    """The parameters cell's ``language = None`` becomes ``language = "<lang>"``."""
    return _LANGUAGE_LINE.sub(lambda m: f'{m.group(1)}"{language}"{m.group(2)}', source)


@dataclass
class Report:
    """What one run wrote and which blocks stayed English, per translated notebook."""

    written: list[Path] = field(default_factory=list)
    missing: dict[Path, list[str]] = field(default_factory=dict)

    @property
    def missing_count(self) -> int:
        return sum(len(ids) for ids in self.missing.values())


def translate_notebook(
    root: Path, notebook: Path, language: str, generated: set[Path]
) -> tuple[dict[str, Any], list[str]]:
    """The ``language`` notebook (as JSON) and the message ids left untranslated."""
    from ogp_curriculum.citations import (
        CitationError,
        glue_link_text,
        load_citations,
        to_live,
        to_roles,
    )

    entry = notebook.relative_to(root).with_suffix("").as_posix()
    messages = load_catalogue(catalogue_path(root, language, entry))
    citations = load_citations(root / "references.bib")
    glue_text = glue_link_text(language)
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    out = copy.deepcopy(nb)
    target_dir = translated_path(root, language, notebook).parent
    missing: list[str] = []
    for index, cell in enumerate(out.get("cells", [])):
        source = "".join(cell.get("source", []))
        if cell.get("cell_type") == "markdown":
            text, absent = translate_markdown(to_roles(source), messages.get)
            missing += absent
            try:
                text = to_live(text, citations, glue_text)
            except (KeyError, ValueError) as error:
                target = translated_path(root, language, notebook).relative_to(root)
                catalogue = catalogue_path(root, language, entry).relative_to(root)
                problem = (f"citation key {error} is not in references.bib"
                           if isinstance(error, KeyError) else str(error))
                raise CitationError(
                    f"{target}: cell {index}: {problem} (from {catalogue})"
                ) from None
            cell["source"] = _relink(text, notebook.parent, target_dir, generated)
        elif cell.get("cell_type") == "code":
            if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
                source = set_language_parameter(source, language)
            cell["source"] = source
            cell["outputs"] = []
            cell["execution_count"] = None
    return out, missing


def english_notebooks(root: Path) -> list[Path]:
    return sorted(path for pattern in NOTEBOOK_GLOBS for path in root.glob(pattern))


def notebook_text(nb: dict[str, Any]) -> str:
    """Serialised the way nbformat writes notebooks (so the files diff cleanly)."""
    import nbformat

    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def generate(
    root: Path, languages: tuple[str, ...] = TARGET_LANGUAGES, *, write: bool = True
) -> tuple[Report, dict[Path, str]]:
    """Make every translated notebook; write them unless ``write`` is False; return all texts."""
    report = Report()
    texts: dict[Path, str] = {}
    sources = english_notebooks(root)
    for language in languages:
        language = check_language(language)
        generated = {translated_path(root, language, nb).resolve() for nb in sources}
        for notebook in sources:
            nb, missing = translate_notebook(root, notebook, language, generated)
            target = translated_path(root, language, notebook)
            texts[target] = notebook_text(nb)
            if missing:
                report.missing[target] = missing
            stale = not target.is_file() or target.read_text(encoding="utf-8") != texts[target]
            if write and stale:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(texts[target], encoding="utf-8")
                report.written.append(target)
    return report, texts


def _run(args: argparse.Namespace) -> int:
    from ogp_curriculum.paths import repo_root

    root = repo_root()
    languages = tuple(args.language) if args.language else TARGET_LANGUAGES
    report, texts = generate(root, languages, write=not args.check)
    stale = [p for p, t in texts.items() if not p.is_file() or p.read_text(encoding="utf-8") != t]
    for path, ids in sorted(report.missing.items()):
        for key in ids:
            print(f"untranslated: {path.relative_to(root)}: {key[:70]!r}")
    print(
        f"{len(texts)} notebooks in {', '.join(languages)}; "
        + (f"{len(stale)} out of date" if args.check else f"{len(report.written)} rewritten")
        + f"; {report.missing_count} blocks without a translation"
    )
    return 1 if args.check and stale else 0


def register_cli(i18n: Any) -> None:
    """``i18n notebooks``: (re)generate the French and Spanish notebooks."""
    command = i18n.add_parser(
        "notebooks",
        help="write translations/<lang>/ notebooks from the English ones and the catalogues",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--language", action="append", choices=TARGET_LANGUAGES, help="only this language"
    )
    command.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a notebook is out of date"
    )
    command.set_defaults(func=_run)
