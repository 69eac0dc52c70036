"""The committed catalogues: markup intact everywhere, learner pages fully translated.

The completeness test fails until the translators' catalogues are merged (issue 13); it is
not marked xfail on purpose: "done" means 100 %.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ogp_curriculum.book import toc_files
from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.i18n.catalogues import (
    book_catalogue,
    book_catalogues,
    coverage,
    markup_problems,
    package_catalogue,
)
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
TRANSLATIONS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
# The pages a learner reads: the introduction, the modules and the exercises.
LEARNER_PAGES = [
    stem for stem in toc_files() if stem == "intro" or stem.startswith(("modules/", "exercises/"))
]


def _all_catalogues() -> list[Path]:
    found = [po for code in TRANSLATIONS for po in book_catalogues(ROOT, code)]
    found += [package_catalogue(ROOT, code) for code in TRANSLATIONS]
    return [po for po in found if po.is_file()]


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_toc_page_has_a_catalogue(language: str) -> None:
    missing = [stem for stem in toc_files() if not book_catalogue(ROOT, language, stem).is_file()]
    assert not missing, f"{language}: pages without a catalogue (see trainers/translating.md)"


@pytest.mark.parametrize("po", _all_catalogues(), ids=_id)
def test_translations_keep_the_markup(po: Path) -> None:
    problems = markup_problems(po)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATIONS)
@pytest.mark.parametrize("stem", LEARNER_PAGES)
def test_learner_pages_are_fully_translated(language: str, stem: str) -> None:
    po = book_catalogue(ROOT, language, stem)
    assert po.is_file(), f"{_id(po)} is missing"
    status = coverage(po)
    assert status.translated == status.total, (
        f"{_id(po)}: {status.translated}/{status.total} messages translated (fuzzy ones do "
        f"not count: Sphinx ignores them)"
    )
