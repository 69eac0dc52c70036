"""Every notebook of the book ran cleanly in the suite's one book build per language.

This replaces nbval and papermill runs over the book's notebooks: the book build (which
executes each notebook once per language, from its own folder, through jupyter-cache, with
OGP_LANG set as the French and Spanish notebooks set their `language` parameter) is the
execution,
and tests/notebook_checks.py makes nbval's lax checks on it. A failing cell fails the build
(test_book_build.py) and the notebook's test here; test_broken_notebook.py proves both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.i18n import LANGUAGES
from ogp_curriculum.paths import repo_root

from notebook_checks import problems

pytestmark = [pytest.mark.book, pytest.mark.notebooks]


def notebook_id(path: Path) -> str:
    return str(path.relative_to(repo_root()))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("notebook", toc_notebooks(), ids=notebook_id)
def test_notebook_ran_cleanly_in_the_book_build(
    book_build_logs: dict[str, str], notebook: Path, language: str
) -> None:
    found = problems(repo_root(), notebook, book_build_logs[language], language)
    assert not found, f"{language}: {notebook_id(notebook)}:\n" + "\n".join(found)
