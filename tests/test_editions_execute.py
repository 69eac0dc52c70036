"""Both editions of every notebook run top to bottom.

- The **instructor** edition has exactly the source's cells (tests/unit/test_editions.py), so
  test_notebooks_papermill.py, which executes every source notebook, proves it runs.
- The **learner** edition of a notebook without solution cells has the source's code cells, so
  the same run covers it; that identity is asserted here.
- The learner edition of every notebook *with* solutions is generated and executed here,
  with papermill, from the edition's own folder: the "your turn" cells must run as they are,
  and no later cell may depend on a removed solution.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from ogp_curriculum import editions
from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.kernels import kernel_options
from ogp_curriculum.paths import repo_root

pytestmark = pytest.mark.notebooks

ROOT = repo_root()
NOTEBOOKS = toc_notebooks()


def _has_solutions(path: Path) -> bool:
    return any(editions.is_solution(c) for c in nbformat.read(path, as_version=4).cells)


WITH_SOLUTIONS = [p for p in NOTEBOOKS if _has_solutions(p)]
WITHOUT_SOLUTIONS = [p for p in NOTEBOOKS if p not in WITH_SOLUTIONS]


def _code(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def learner_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    editions.build(out, editions=("learner",))
    return out / "learner"


def test_some_notebooks_have_solutions() -> None:
    # Guards the parametrisation below against silently running nothing.
    assert len(WITH_SOLUTIONS) >= 5


@pytest.mark.parametrize("notebook", WITHOUT_SOLUTIONS, ids=lambda p: p.name)
def test_learner_edition_without_solutions_is_the_source(notebook: Path, learner_dir: Path) -> None:
    learner = nbformat.read(learner_dir / notebook.relative_to(ROOT), as_version=4)
    assert _code(learner) == _code(nbformat.read(notebook, as_version=4))


@pytest.mark.parametrize("notebook", WITH_SOLUTIONS, ids=lambda p: p.name)
def test_learner_edition_executes(notebook: Path, learner_dir: Path, tmp_path: Path) -> None:
    edition = learner_dir / notebook.relative_to(ROOT)
    assert not any(editions.is_solution(c) for c in nbformat.read(edition, as_version=4).cells)
    papermill.execute_notebook(
        str(edition),
        str(tmp_path / notebook.name),
        cwd=str(edition.parent),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=120,
        **kernel_options(),
    )
