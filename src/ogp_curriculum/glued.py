"""The rule that keeps data figures out of hand-typed prose.

A notebook that loads IRM data must not type, in its markdown, a figure the data could compute:
every such number is computed in a code cell and pasted in with MyST-NB glue
(``{glue:text}`key```). ``typed_figures`` finds the numbers a markdown cell still types by hand.

**What counts as a figure:** any number written in digits (``284``, ``1,927``, ``14.7%``,
``12 %``, ``2,000s``) that is left after the exemptions below.

**What is not a figure (exempt):**

- text that is not prose: fenced code, inline code, MyST roles and their content (``{glue:text}``,
  ``{cite}``, ``{term}`` ...), link targets, URLs, HTML tags and comments, and math;
- years (1800-2099) and year ranges such as ``2011-2014`` or ``2019–22``;
- days of the month next to a month name (``7 May``, ``May 7``);
- list numbering at the start of a line (``1.``, ``2)``);
- numbers that name a part of the book or a document rather than count something: after
  Module, Step, Part, Chapter, Section, Question, Day, Session, Phase, Article, Week, Version,
  "No." (``Module 2``, ``Step 1``);
- durations of the page's time estimate (``35 minutes``, ``2 hours``);
- identifiers with two or more dots (commitment ``3.3.2``) or glued to letters (``AP1``, ``IAP2``);
- licence versions (``CC BY 4.0``).

**Limits:** numbers written in words are not seen, and a count from 1800 to 2099 typed without
a thousands separator looks like a year (the book writes counts with separators: ``1,857``).
The book spells out only facts that are not
in the data (for example "eight founding governments", which is cited), never a data figure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Non-prose spans, removed before looking for numbers.
_STRIP = [
    re.compile(r"^(```|~~~).*?^\1", re.S | re.M),       # fenced code and directives
    re.compile(r"\{[\w:.-]+\}`[^`]*`"),                    # MyST roles, glue included
    re.compile(r"`[^`]*`"),                                 # inline code
    re.compile(r"<!--.*?-->", re.S),                        # HTML comments
    re.compile(r"<[^>\n]+>"),                               # HTML tags
    re.compile(r"\]\([^)]*\)"),                             # link targets
    re.compile(r"https?://\S+"),                            # bare URLs
    re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S),           # math
    re.compile(r"\bCC BY(?:-[A-Z]+)* \d+(?:\.\d+)*"),       # licence versions
]
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_EXEMPT = [
    re.compile(r"(?<![\d,.])(?:18|19|20)\d\d\s*[-–]\s*(?:(?:18|19|20)\d\d|\d\d)(?![\d%])"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b"),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b(?!,\d)"),
    re.compile(r"^\s*\d+[.)]\s", re.M),
    re.compile(r"\b(?:Modules?|Steps?|Parts?|Chapters?|Sections?|Questions?|Days?|Sessions?|"
               r"Phases?|Articles?|Weeks?|Versions?|No\.)\s+\d+(?:\s*(?:and|or|to|-|–)\s*\d+)*",
               re.I),
    re.compile(r"\b\d+\s*(?:minutes?|mins?|hours?)\b", re.I),
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),
    re.compile(r"(?<![\d,.])(?:18|19|20)\d\d(?!\d|[.,]\d|\s*%|s\b)"),
]
_NUMBER = re.compile(r"(?<![A-Za-z\d])\d+(?:[.,]\d+)*(?:\s?%|s\b)?")


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    # Keep offsets and line starts: replace a match by spaces (newlines kept).
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def typed_figures(markdown: str) -> list[str]:
    """The hand-typed figures in one markdown cell, in order (empty when it is clean)."""
    text = markdown
    for pattern in (*_STRIP, *_EXEMPT):
        text = _blank(text, pattern)
    return [m.group(0).strip() for m in _NUMBER.finditer(text)]


# A notebook "loads IRM data" if its code imports the IRM package, or a tool that reads it.
_IRM_IMPORT = re.compile(
    r"^\s*(?:from\s+ogp_curriculum\.irm\b|from\s+ogp_curriculum\s+import\s+[^\n]*\birm\b|"
    r"import\s+ogp_curriculum\.irm\b|from\s+ogp_curriculum\.tools\.ambition\b)",
    re.M,
)


def _cells(path: Path) -> list[dict[str, object]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if isinstance(c, dict)]


def _source(cell: dict[str, object]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def loads_irm_data(path: Path) -> bool:
    return any(cell.get("cell_type") == "code" and _IRM_IMPORT.search(_source(cell))
               for cell in _cells(path))


def notebook_typed_figures(path: Path) -> list[tuple[str, list[str]]]:
    """(cell id, typed figures) for every markdown cell of ``path`` that types a figure."""
    found = []
    for cell in _cells(path):
        if cell.get("cell_type") == "markdown":
            figures = typed_figures(_source(cell))
            if figures:
                found.append((str(cell.get("id", "?")), figures))
    return found


_GLUE_REF = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)(?::[^`]*)?`")


def glue_keys_used(path: Path) -> set[str]:
    """The glue keys a notebook's markdown pastes (live glue links read as their roles)."""
    from ogp_curriculum.citations import to_roles

    return {key for cell in _cells(path) if cell.get("cell_type") == "markdown"
            for key in _GLUE_REF.findall(to_roles(_source(cell)))}
