"""Checks on the book's Sphinx catalogues (``locales/<lang>/LC_MESSAGES/*.po``).

Review is recorded per message with a translator comment (the ``# `` lines above ``msgid``,
which msgmerge and ``sphinx-intl update`` keep)::

    # reviewed-by: Jane Doe, 2026-12-01
    msgid "..."
    msgstr "..."

A reviewer adds it after checking the message; whoever changes the ``msgstr`` again removes
it. A message counts as reviewed only while it is also translated and not fuzzy, so a message
whose English changed (fuzzy after ``sphinx-intl update``) drops back to "not reviewed".

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


# `reviewed-by: <name>, <YYYY-MM-DD>`: a name (never invented) and the day of the review.
REVIEW_COMMENT = re.compile(r"^reviewed-by:\s*(?P<who>\S[^,]*),\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")


@dataclass(frozen=True)
class Coverage:
    total: int
    translated: int
    reviewed: int = 0

    @property
    def share(self) -> float:
        return 1.0 if self.total == 0 else self.translated / self.total

    @property
    def reviewed_share(self) -> float:
        return 1.0 if self.total == 0 else self.reviewed / self.total

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.total + other.total,
            self.translated + other.translated,
            self.reviewed + other.reviewed,
        )


def is_reviewed(comments: list[str]) -> bool:
    """Whether a message's translator comments record a review (see the module docstring)."""
    return any(REVIEW_COMMENT.match(comment.strip()) for comment in comments)


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
    """How many messages have a non-fuzzy translation (Sphinx ignores fuzzy ones), and how
    many of those a reviewer has signed off."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    messages = [m for m in catalogue if m.id]
    done = [m for m in messages if m.string and not m.fuzzy]
    reviewed = [m for m in done if is_reviewed(list(m.user_comments))]
    return Coverage(len(messages), len(done), len(reviewed))


def book_catalogue(root: Path, language: str, docname: str) -> Path:
    """The Sphinx catalogue of one page (``gettext_compact: false``: one .po per page)."""
    return root / "locales" / language / "LC_MESSAGES" / f"{docname}.po"


def book_catalogues(root: Path, language: str) -> list[Path]:
    """Every Sphinx catalogue of one language, sorted."""
    folder = root / "locales" / language / "LC_MESSAGES"
    return sorted(folder.rglob("*.po")) if folder.is_dir() else []


def package_catalogue(root: Path, language: str) -> Path:
    """The catalogue of strings made by the package's code (domain ``ogp_curriculum``)."""
    package = root / "src" / "ogp_curriculum"
    return package / "locales" / language / "LC_MESSAGES" / "ogp_curriculum.po"


# The trainer YAML a translation copies (I18N.md section 3): kind folder -> file patterns.
YAML_SOURCES: tuple[tuple[str, str], ...] = (
    ("scenarios", "*.yml"),
    ("quizzes", "*.yml"),
    ("worksheets", "*.yml"),
    ("agendas", "*.yml"),
    ("reflections", "options.yaml"),
)


def yaml_coverage(root: Path, language: str) -> Coverage:
    """Trainer YAML files: how many have a translation in ``data/i18n/<lang>/``, and how many
    of those carry a ``# reviewed-by: <name>, <date>`` comment line."""
    total = translated = reviewed = 0
    for kind, pattern in YAML_SOURCES:
        for english in sorted((root / "data" / kind).glob(pattern)):
            total += 1
            translation = root / "data" / "i18n" / language / kind / english.name
            if not translation.is_file():
                continue
            translated += 1
            comments = [
                line.lstrip("#").strip()
                for line in translation.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")
            ]
            reviewed += is_reviewed(comments)
    return Coverage(total, translated, reviewed)


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
