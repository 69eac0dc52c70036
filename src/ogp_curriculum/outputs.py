"""The one output layer: text a trainer or learner typed, made inert for where it is going.

Every page, report and file the project generates goes through these helpers, so the rules
live in one place:

* HTML: :func:`html_text` (element text and quoted attributes alike);
* text that a template may insert *unescaped* (a Sphinx ``html_title``): :func:`inert_text`;
* Markdown: :func:`md_inline` (one line), :func:`md_block` (paragraphs) and
  :func:`md_table_cell` (a table cell whose source is a translation's message);
* CSV: :func:`csv_cell` and :func:`csv_text` (formulas neutralised at every line start);
* YAML: :func:`yaml_text` (``yaml.safe_dump``, never string formatting);
* URLs: :func:`safe_url` (http or https only);
* pages: :data:`STATIC_PAGE_CSP`, :data:`SITE_CSP` and :func:`csp_meta`.

Long values are cut by :func:`clip`, so one 50 MB answer cannot make a 50 MB report.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ogp_curriculum.errors import InputError

# Longest piece of learner text a report shows; the rest is cut with a note saying how much.
REPORT_TEXT_LIMIT = 5_000
URL_LIMIT = 2_000

# A page with no script at all: the handout and the standalone reports.
STATIC_PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
# The book: its own and vendored files only (served from _static), nothing from other hosts.
# The theme's inline handlers and Altair's inline chart scripts need 'unsafe-inline'; Vega
# compiles its expressions with Function, hence 'unsafe-eval'. Injection is stopped by
# escaping; this policy stops anything a page could pull in from elsewhere.
SITE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)

# Line breaks of every kind become "\n"; other control characters go.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# A spreadsheet runs a cell (or, after a stray CR, a line) starting with one of these.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# Markdown: "<", ">" and "&" become entities; the punctuation Markdown and MyST act on is
# backslashed, so no link, image, autolink, emphasis, role, math, heading or list can form.
_MD_PUNCTUATION = re.compile(r"([!#$()*+\-.:=\[\\\]^_`{|}~])")
# Characters a template could be tricked by even when it does not escape: lookalikes instead.
# ("&" stays: raw, it can at most show an entity's character; it cannot open a tag or leave
# an attribute.)
_INERT = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’", "`": "‘"})
_URL_FORBIDDEN = re.compile(r"""[\s<>"'`\\{}|^\x00-\x1f\x7f]""")


def _text(value: object) -> str:
    """Any value as text; None and NaN as nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def clip(text: str, limit: int | None = REPORT_TEXT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if limit is None or len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters not shown]"


def normalise_controls(text: str) -> str:
    """Every line break as ``\\n``, tabs as spaces, other control characters removed."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return "".join(
        ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc"
    )


def one_line(value: object, limit: int | None = REPORT_TEXT_LIMIT) -> str:
    """The value as one line of clean text (runs of whitespace become one space), clipped."""
    return clip(" ".join(normalise_controls(_text(value)).split()), limit)


# --- HTML ----------------------------------------------------------------------------------
def html_text(value: object, limit: int | None = None) -> str:
    """Text safe in HTML element content and in quoted attribute values."""
    return html.escape(clip(normalise_controls(_text(value)), limit), quote=True)


def inert_text(value: object, limit: int | None = 200) -> str:
    """One line with no character HTML can act on, for places that may not escape it.

    Sphinx themes insert ``html_title`` raw in some templates and escaped in others; markup
    characters become lookalikes, so the title reads the same and runs nothing in either.
    """
    return one_line(value, limit).translate(_INERT)


def csp_meta(policy: str) -> str:
    """The ``<meta>`` element that applies ``policy`` to the rest of the page."""
    content = html.escape(policy, quote=False).replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'


# --- Markdown ------------------------------------------------------------------------------
def md_inline(value: object, limit: int | None = REPORT_TEXT_LIMIT) -> str:
    """One line of inert Markdown (also inside a table cell)."""
    text = html.escape(one_line(value, limit), quote=False)
    return _MD_PUNCTUATION.sub(r"\\\1", text)


# Backslashed in a table cell: table and emphasis marks, and what makes a link or image ([ ]),
# a MyST role or directive (` { }), math ($) or escapes itself (\\). Other punctuation is left
# as written: the book's catalogues hold these tables as msgids, so usual text comes out unchanged.
_MD_CELL_MARKS = re.compile(r"([\\|*_\[\]`{}$])")


def md_table_cell(text: str) -> str:
    """Trainer text in a Markdown table cell of a translated page: HTML-escaped, on one line,
    and no link, image, role, directive, math, table or emphasis can form from it.

    Lighter than :func:`md_inline` on purpose: Sphinx extracts such a cell's Markdown source as
    its message, so every extra backslash would change the message its translations are keyed on.
    """
    return _MD_CELL_MARKS.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def md_block(value: object, limit: int | None = REPORT_TEXT_LIMIT) -> str:
    """Several lines of inert Markdown, each line kept (as a hard line break)."""
    text = clip(normalise_controls(_text(value)), limit)
    lines = [md_inline(line, None) for line in text.split("\n")]
    return "  \n".join(line for line in lines if line)


# --- CSV -----------------------------------------------------------------------------------
def _neutral_line(line: str) -> str:
    # " =cmd" and "\u3000=cmd" count too: some spreadsheets trim before they evaluate.
    start = line.lstrip(" \u00a0\u3000")
    return "'" + line if start[:1] in _FORMULA_START else line


def csv_cell(value: object, limit: int | None = None) -> object:
    """A cell a spreadsheet shows as text: no formula at the start of any line in it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        return value
    text = clip(normalise_controls(value), limit)
    return "\n".join(_neutral_line(line) for line in text.split("\n"))


def csv_uncell(text: str) -> str:
    """Undo :func:`csv_cell` when reading our own export back (the apostrophes go)."""
    lines = text.split("\n")
    return "\n".join(
        line[1:] if line.startswith("'") and _neutral_line(line[1:]) != line[1:] else line
        for line in lines
    )


def csv_text(
    header: Sequence[object], rows: Iterable[Sequence[object]], limit: int | None = None
) -> str:
    """A CSV document: every cell neutralised, multi-line cells quoted, every row full width."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(str(name)) for name in header])
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        if len(cells) != len(header):
            raise ValueError(f"CSV row {number} has {len(cells)} cells, not {len(header)}")
        writer.writerow([csv_cell(cell, limit) for cell in cells])
    return buffer.getvalue()


# --- YAML and URLs -------------------------------------------------------------------------
def yaml_text(data: Any) -> str:
    """YAML for a generated file: the dumper quotes whatever needs quoting."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def safe_url(
    value: object, *, path: str | Path | None = None, field: str | None = None,
    allow_file: bool = False,
) -> str:
    """An http(s) URL fit for a link, or an ``InputError`` naming the file and field.

    ``allow_file`` also accepts ``file:///absolute/path`` (a hub pulling a local clone).
    """
    text = _text(value).strip()
    problem = ""
    if len(text) > URL_LIMIT:
        problem = f"is longer than {URL_LIMIT} characters"
    elif _URL_FORBIDDEN.search(text):
        problem = "contains spaces, quotes, angle brackets or control characters"
    else:
        parts = urlsplit(text)
        if allow_file and parts.scheme.lower() == "file":
            if parts.netloc or not parts.path.startswith("/"):
                problem = "a file:// address must be file:///absolute/path"
        elif parts.scheme.lower() not in ("http", "https"):
            problem = "must start with https:// (or http://)"
        elif not parts.hostname:
            problem = "names no host"
    if problem:
        raise InputError(f"not a usable web address: {problem}", path=path, field=field,
                         value=one_line(text, 80))
    return text


__all__ = [
    "REPORT_TEXT_LIMIT",
    "SITE_CSP",
    "STATIC_PAGE_CSP",
    "clip",
    "csp_meta",
    "csv_cell",
    "csv_text",
    "csv_uncell",
    "html_text",
    "inert_text",
    "md_block",
    "md_inline",
    "normalise_controls",
    "one_line",
    "safe_url",
    "yaml_text",
]
