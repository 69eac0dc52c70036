"""Binder would work: requirements.txt alone installs what a notebook needs.

repo2docker installs `requirements.txt` from the repository root. This test does the same in a
fresh virtual environment (no test tools, nothing else), then executes the data module from its
own folder, as a learner's JupyterLab would, and checks that it imported the package.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest

from ogp_curriculum.paths import repo_root

ROOT = repo_root()

pytestmark = pytest.mark.notebooks

NOTEBOOK = ROOT / "modules" / "02_critical_juncture.ipynb"


@pytest.fixture(scope="module")
def binder_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("binder") / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        cwd=ROOT, check=True, timeout=1500,
    )
    return python


def test_package_imports_from_the_binder_environment(binder_python: Path) -> None:
    result = subprocess.run(
        [str(binder_python), "-c", "import ogp_curriculum; print(ogp_curriculum.__file__)"],
        capture_output=True, text=True, check=True, cwd=ROOT / "modules",
    )
    assert Path(result.stdout.strip()).is_relative_to(ROOT / "src")
    assert not Path(result.stdout.strip()).is_relative_to(Path(sys.prefix))


def test_data_module_executes_in_the_binder_environment(
    binder_python: Path, tmp_path: Path
) -> None:
    out = tmp_path / NOTEBOOK.name
    subprocess.run(
        [str(binder_python), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=120", f"--output={out}", NOTEBOOK.name],
        cwd=NOTEBOOK.parent, check=True, capture_output=True, timeout=600,
    )
    executed = nbformat.read(out, as_version=4)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert any("ogp_curriculum" in cell.source for cell in code), "the module must import it"
    assert all(cell.execution_count is not None for cell in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


def test_binder_python_matches_the_one_that_runs_the_tests() -> None:
    """repo2docker reads runtime.txt; without it Binder picks its own default Python."""
    pinned = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    assert pinned == f"python-{sys.version_info.major}.{sys.version_info.minor}"
