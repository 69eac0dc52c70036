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

import argparse
import io
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from ogp_curriculum.errors import InputError, one_line
from ogp_curriculum.inputs import decode, read_bytes

CATALOGUE = "translation catalogue (.po)"

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


def read_catalogue(path: Path, *, locale: str | None = None,
                   domain: str | None = None) -> Catalog:
    """A ``.po`` file, parsed: the one reader of catalogues in the package.

    A translator's editor may save a catalogue badly, so anything that is not a UTF-8 ``.po``
    file (Sphinx and babel write UTF-8) is an :class:`InputError` naming the file, and the line
    where it can.
    """
    data = read_bytes(path, what=CATALOGUE)
    decode(data, path=path, what=CATALOGUE)
    try:
        return read_po(io.BytesIO(data), locale=locale, domain=domain)
    except (LookupError, ValueError) as error:  # an unknown charset or locale in the header
        raise InputError(f"not a readable {CATALOGUE}: {error}", path=path) from None


def optional_catalogue(path: Path, *, locale: str | None = None,
                       domain: str | None = None) -> Catalog | None:
    """``None`` if nothing is at ``path`` (not translated yet: English is shown), else the
    catalogue. A folder or a dangling link there is a mistake, refused as above."""
    if not (path.exists() or path.is_symlink()):
        return None
    return read_catalogue(path, locale=locale, domain=domain)


def markup_problems(po_path: Path) -> list[str]:
    """One line per translated message whose markup differs from the English."""
    catalogue = read_catalogue(po_path)
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
    catalogue = read_catalogue(po_path)
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


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ogp_curriculum.i18n.catalogues FILE.po...``: markup and coverage, per file.

    Exit 1 if a message lost or gained markup, 2 if a file cannot be read (one line each).
    """
    parser = argparse.ArgumentParser(
        prog="python -m ogp_curriculum.i18n.catalogues",
        description="Check translation catalogues: markup kept, share translated.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.po")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            problems = markup_problems(path)
            cov = coverage(path)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
            continue
        shown = one_line(str(path))  # a file name may hold a newline or an escape sequence
        print(f"{shown}: {cov.translated}/{cov.total} translated, "
              f"{len(problems)} markup problem(s)")
        for line in problems:
            print("  " + one_line(line))
        status = max(status, 1) if problems else status
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
