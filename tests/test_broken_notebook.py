"""A deliberately broken notebook fails every layer that runs or checks notebooks.

The layers: the book build, the per-notebook check of the build's execution (which replaces
running nbval: tests/notebook_checks.py) and papermill (the cohort packs). The same tiny book,
with the failing cell tagged `raises-exception`, passes the build and the check: the failures
below come from the error, not from the set-up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
import pytest

from ogp_curriculum.book import build_book
from ogp_curriculum.kernels import kernel_options
from ogp_curriculum.paths import repo_root

from notebook_checks import problems

ROOT = repo_root()

pytestmark = pytest.mark.book

FAILING_SOURCE = 'raise RuntimeError("this cell is broken on purpose")'


def _notebook(*, tag_expected_error: bool) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
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


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tiny_book(tmp_path_factory.mktemp("broken") / "book", tag_expected_error=False)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tiny_book(tmp_path_factory.mktemp("tagged") / "book", tag_expected_error=True)


@dataclass(frozen=True)
class Builds:
    broken: subprocess.CompletedProcess[str]
    tagged: subprocess.CompletedProcess[str]
    npm_on_path: bool


@pytest.fixture(scope="module")
def builds(broken: Path, tagged: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Both tiny books built at once: each build is mostly one process starting up."""
    with pytest.MonkeyPatch.context() as monkeypatch, ThreadPoolExecutor(2) as pool:
        # Only the venv on PATH: a build needs Python, not npm (or anything else on the
        # machine).
        monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
        # Sphinx writes its crash report (sphinx-err-*.log) for the broken build to the temp
        # folder: this run's, not the machine's /tmp, where one was left on every run.
        monkeypatch.setenv("TMPDIR", str(tmp_path_factory.mktemp("build-temp")))
        npm_on_path = shutil.which("npm") is not None
        started = [pool.submit(build_book, book.parent, timeout=600) for book in (broken, tagged)]
        done = [future.result() for future in started]
    return Builds(done[0], done[1], npm_on_path)


@pytest.fixture(scope="module")
def broken_build(builds: Builds) -> subprocess.CompletedProcess[str]:
    return builds.broken


def test_broken_cell_fails_the_book_build(broken_build: subprocess.CompletedProcess[str]) -> None:
    assert broken_build.returncode != 0
    assert "this cell is broken on purpose" in broken_build.stdout + broken_build.stderr


def test_broken_cell_fails_the_notebook_check(
    broken: Path, broken_build: subprocess.CompletedProcess[str]
) -> None:
    log = broken_build.stdout + broken_build.stderr
    found = problems(broken.parent, broken, log)
    assert found and "this cell is broken on purpose" in found[0], found


def test_broken_cell_fails_papermill(broken: Path, tmp_path: Path) -> None:
    with pytest.raises(papermill.PapermillExecutionError, match="broken on purpose"):
        papermill.execute_notebook(
            str(broken),
            str(tmp_path / "out.ipynb"),
            cwd=str(broken.parent),
            progress_bar=False,
            kernel_name="python3",
            execution_timeout=120,
            **kernel_options(),
        )


def test_tagged_error_passes_build_and_notebook_check(tagged: Path, builds: Builds) -> None:
    assert not builds.npm_on_path
    result = builds.tagged
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert problems(tagged.parent, tagged) == []
