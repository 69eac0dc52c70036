"""Checks on the book's Sphinx catalogues (``locales/<lang>/LC_MESSAGES/*.po``).

A translation may change words, never markup: every role, inline code span, link target and
math span of the English message must come back unchanged, or the page breaks (a lost glue key
is a build error; a lost citation is a silent loss of provenance).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

# {role}`content`, `code`, ](target), $math$, <https://...>, HTML tags.
_TOKENS = re.compile(
    r"\{[\w:.-]+\}`[^`]*`"
    r"|``[^`]+``|`[^`]+`"
    r"|\]\([^)\s]*\)"
    r"|\$[^$\n]+\$"
    r"|<https?://[^>]+>"
    r"|</?[a-zA-Z][^<>]*>"
)


@dataclass(frozen=True)
class Coverage:
    total: int
    translated: int

    @property
    def share(self) -> float:
        return 1.0 if self.total == 0 else self.translated / self.total


# A cross-reference with its own title, {term}`title <target>`: the title is words to translate.
_TITLED_ROLE = re.compile(r"^(\{[\w:.-]+\})`[^`]*<([^<>`]+)>`$")


# Cross-reference roles whose bare content is the target: {term}`IRM` = {term}`MEI <IRM>`.
_BARE_XREF = re.compile(r"^(\{(?:term|ref|doc|numref)\})`([^`<>]+)`$")


def _kept(token: str) -> str:
    titled = _TITLED_ROLE.match(token) or _BARE_XREF.match(token)
    return f"{titled.group(1)}<{titled.group(2)}>" if titled else token


def markup_tokens(text: str) -> Counter[str]:
    """The markup a translation must keep, as a multiset (a titled reference keeps its target)."""
    return Counter(_kept(token) for token in _TOKENS.findall(text))


def markup_problems(po_path: Path) -> list[str]:
    """One line per translated message whose markup differs from the English."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    problems = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        source, target = markup_tokens(str(message.id)), markup_tokens(str(message.string))
        if source != target:
            lost = sorted((source - target).elements())
            added = sorted((target - source).elements())
            problems.append(
                f"{po_path}: message {str(message.id)[:50]!r}: "
                f"lost {lost or 'nothing'}, added {added or 'nothing'}"
            )
    return problems


def coverage(po_path: Path) -> Coverage:
    """How many messages have a non-fuzzy translation (Sphinx ignores fuzzy ones)."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    messages = [m for m in catalogue if m.id]
    done = [m for m in messages if m.string and not m.fuzzy]
    return Coverage(len(messages), len(done))


def main(argv: list[str]) -> int:
    """``python -m ogp_curriculum.i18n.catalogues FILE.po...``: markup and coverage, per file."""
    status = 0
    for name in argv:
        path = Path(name)
        problems = markup_problems(path)
        cov = coverage(path)
        print(f"{path}: {cov.translated}/{cov.total} translated, {len(problems)} markup problem(s)")
        for line in problems:
            print("  " + line)
        status = 1 if problems else status
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
