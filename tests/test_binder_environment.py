"""Binder would work: requirements.txt alone installs what a notebook needs.

repo2docker installs `requirements.txt` from the repository root. This test does the same in a
virtual environment of its own (no test tools, nothing else), then executes the data module
from its own folder, as a learner's JupyterLab would, and checks that it imported the package.

Creating that environment costs about a minute, so it is cached in
``~/.cache/ogp-curriculum/binder-venv-<key>`` (``OGP_BINDER_CACHE`` moves it), keyed on
requirements.txt, the dependency tables of pyproject.toml and the Python version. Any change
to them makes a fresh environment; ``OGP_BINDER_FRESH=1`` forces one.

Every checkout with the same dependencies shares the environment. requirements.txt installs
the package editable, so the environment points at one checkout at a time: a run from another
checkout installs requirements.txt again (the dependencies are already there; only the
package is re-pointed, in seconds) and holds the environment's lock until its tests are done.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.paths import repo_root, user_cache_dir

ROOT = repo_root()

pytestmark = pytest.mark.notebooks

NOTEBOOK = ROOT / "modules" / "02_critical_juncture.ipynb"
COMPLETE = ".binder-env-complete"


def environment_key(root: Path = ROOT) -> str:
    """What the environment depends on: requirements.txt and pyproject's dependency tables."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = {
        "requirements.txt": (root / "requirements.txt").read_text(encoding="utf-8"),
        "dependencies": project.get("dependencies", []),
        "optional": project.get("optional-dependencies", {}),
        "python": sys.version_info[:2],
    }
    return hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()[:16]


def _cache_root() -> Path:
    return Path(os.environ.get("OGP_BINDER_CACHE") or user_cache_dir())


def test_the_key_changes_with_requirements_and_dependencies(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-e .[book]\n", encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["a"]\n[tool.x]\ny = 1\n', encoding="utf-8")
    first = environment_key(tmp_path)
    pyproject.write_text('[project]\ndependencies = ["a"]\n[tool.x]\ny = 2\n', encoding="utf-8")
    assert environment_key(tmp_path) == first, "tool settings do not change the environment"
    pyproject.write_text('[project]\ndependencies = ["a", "b"]\n', encoding="utf-8")
    assert environment_key(tmp_path) != first
    second = environment_key(tmp_path)
    (tmp_path / "requirements.txt").write_text("-e .[book]\nextra\n", encoding="utf-8")
    assert environment_key(tmp_path) != second
    # Another checkout with the same files shares the environment.
    other = tmp_path / "other checkout"
    other.mkdir()
    for name in ("requirements.txt", "pyproject.toml"):
        (other / name).write_bytes((tmp_path / name).read_bytes())
    assert environment_key(other) == environment_key(tmp_path)


@pytest.fixture(scope="module")
def binder_python() -> Iterator[Path]:
    env_dir = _cache_root() / f"binder-venv-{environment_key()}"
    env_dir.parent.mkdir(parents=True, exist_ok=True)
    python = env_dir / "bin" / "python"
    complete = env_dir / COMPLETE  # holds the checkout the environment's package points at
    # Held until this module's tests end: another checkout must not re-point the package
    # under them. A half-made environment (no COMPLETE mark) is made again.
    with FileLock(str(env_dir) + ".lock"):
        fresh = os.environ.get("OGP_BINDER_FRESH") == "1"
        if fresh or not complete.exists():
            shutil.rmtree(env_dir, ignore_errors=True)
            venv.EnvBuilder(with_pip=True).create(env_dir)
        if not complete.exists() or complete.read_text(encoding="utf-8") != str(ROOT):
            complete.unlink(missing_ok=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
                cwd=ROOT, check=True, timeout=1500,
            )
            complete.write_text(str(ROOT), encoding="utf-8")
        yield python


def test_package_imports_from_the_binder_environment(binder_python: Path) -> None:
    result = subprocess.run(
        [str(binder_python), "-c", "import ogp_curriculum; print(ogp_curriculum.__file__)"],
        capture_output=True, text=True, check=True, cwd=ROOT / "modules", timeout=120,
    )
    assert Path(result.stdout.strip()).is_relative_to(ROOT / "src")
    assert not Path(result.stdout.strip()).is_relative_to(Path(sys.prefix))


def notebook_imports() -> list[str]:
    """Every module the book's notebooks import (read from their code cells)."""
    names: set[str] = set()
    for notebook in toc_notebooks():
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            lines = cell.source.splitlines()
            source = "\n".join(x for x in lines if not x.lstrip().startswith(("%", "!")))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
    return sorted(names)


def test_the_notebooks_import_more_than_the_standard_library() -> None:
    """Guards the check below: it must see the third-party imports of the notebooks."""
    assert {"ogp_curriculum", "pandas"} <= set(notebook_imports())


def test_every_notebook_import_and_the_kernel_work_in_the_binder_environment(
    binder_python: Path,
) -> None:
    """Everything the notebooks import resolves, in a kernel of the Binder environment, as
    a learner's would. The notebooks themselves run once per suite, in the book build
    (test_executed_notebooks.py); what Binder adds is only this environment."""
    modules = notebook_imports()
    # One process: the kernel does the imports (a failed one comes back as its error).
    kernel = subprocess.run(
        [str(binder_python), "-c",
         "import sys\n"
         "from jupyter_client.manager import start_new_kernel\n"
         "km, kc = start_new_kernel(kernel_name='python3', startup_timeout=120)\n"
         f"code = 'import sys; print(sys.executable)\\nimport {', '.join(modules)}'\n"
         "reply = kc.execute_interactive(code, timeout=120)['content']\n"
         "print(reply['status'], reply.get('ename'), reply.get('evalue'))\n"
         "kc.stop_channels(); km.shutdown_kernel(now=True)"],
        capture_output=True, text=True, cwd=NOTEBOOK.parent, timeout=300,
    )
    found = kernel.stdout.strip().splitlines()
    assert found and found[-1] == "ok None None", kernel.stdout[-2000:] + kernel.stderr[-2000:]
    # The kernel ran on the Binder environment's Python, not the one running the tests.
    assert found[0] == str(binder_python), found


def test_binder_python_matches_the_one_that_runs_the_tests() -> None:
    """repo2docker reads runtime.txt; without it Binder picks its own default Python."""
    pinned = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    assert pinned == f"python-{sys.version_info.major}.{sys.version_info.minor}"
