"""A deliberately broken notebook fails the book build, nbval and papermill alike.

The same tiny book, with the failing cell tagged `raises-exception`, passes the build and
nbval: the failures below come from the error, not from the set-up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from ogp_curriculum.book import build_book
from ogp_curriculum.paths import repo_root

ROOT = repo_root()

pytestmark = pytest.mark.book

FAILING_SOURCE = 'raise RuntimeError("this cell is broken on purpose")'


def _notebook(*, tag_expected_error: bool) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    failing = nbformat.v4.new_code_cell(FAILING_SOURCE)
    if tag_expected_error:
        failing.metadata["tags"] = ["raises-exception"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A broken page"),
        nbformat.v4.new_code_cell("import ogp_curriculum\nprint('before the error')"),
        failing,
        nbformat.v4.new_code_cell("print('after the error')"),
    ]
    return nb


def _tiny_book(folder: Path, *, tag_expected_error: bool) -> Path:
    """A book that uses the project's own _config.yml, so its settings are what is tested."""
    folder.mkdir()
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copy(ROOT / "references.bib", folder / "references.bib")
    (folder / "intro.md").write_text("# Intro\n\n```{bibliography}\n```\n", encoding="utf-8")
    (folder / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: broken\n", encoding="utf-8"
    )
    nbformat.write(_notebook(tag_expected_error=tag_expected_error), folder / "broken.ipynb")
    return folder / "broken.ipynb"


def _nbval(notebook: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--nbval-lax", "--nbval-current-env", str(notebook)],
        capture_output=True, text=True, cwd=notebook.parent, timeout=600,
    )


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tiny_book(tmp_path_factory.mktemp("broken") / "book", tag_expected_error=False)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tiny_book(tmp_path_factory.mktemp("tagged") / "book", tag_expected_error=True)


def test_broken_cell_fails_the_book_build(broken: Path) -> None:
    result = build_book(broken.parent)
    assert result.returncode != 0
    assert "this cell is broken on purpose" in result.stdout + result.stderr


def test_broken_cell_fails_nbval(broken: Path) -> None:
    result = _nbval(broken)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "this cell is broken on purpose" in result.stdout


def test_broken_cell_fails_papermill(broken: Path, tmp_path: Path) -> None:
    with pytest.raises(papermill.PapermillExecutionError, match="broken on purpose"):
        papermill.execute_notebook(
            str(broken), str(tmp_path / "out.ipynb"), cwd=str(broken.parent),
            progress_bar=False, kernel_name="python3",
        )


def test_tagged_error_passes_build_and_nbval(tagged: Path) -> None:
    result = build_book(tagged.parent)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert _nbval(tagged).returncode == 0
