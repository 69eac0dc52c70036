"""Every notebook of the book runs top to bottom under papermill, from its own folder."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.paths import repo_root


def notebook_id(path: Path) -> str:
    return str(path.relative_to(repo_root()))


pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=notebook_id)
def test_notebook_executes(notebook: Path, tmp_path: Path) -> None:
    papermill.execute_notebook(
        str(notebook),
        str(tmp_path / notebook.name),
        cwd=str(notebook.parent),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=120,
    )
