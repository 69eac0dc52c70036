"""Every notebook of the book runs top to bottom under papermill, from its own folder."""

from __future__ import annotations

from pathlib import Path

import papermill
import pytest

from conftest import book_notebooks, notebook_id

pytestmark = pytest.mark.notebooks


@pytest.mark.parametrize("notebook", book_notebooks(), ids=notebook_id)
def test_notebook_executes(notebook: Path, tmp_path: Path) -> None:
    papermill.execute_notebook(
        str(notebook),
        str(tmp_path / notebook.name),
        cwd=str(notebook.parent),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=120,
    )
