"""ruff over the package, tests, benchmarks and notebooks, and mypy over src/ (pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ogp_curriculum.paths import repo_root

ROOT = repo_root()


def test_ruff_is_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", "."],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reads_the_notebooks() -> None:
    """Guards the lint above: the notebooks must be among the files ruff checks."""
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", "--show-files", "."],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert "modules/" in result.stdout and ".ipynb" in result.stdout, result.stdout[-2000:]


@pytest.mark.slow
def test_mypy_is_clean_over_src() -> None:
    mypy = Path(sys.executable).parent / "mypy"
    result = subprocess.run(
        [str(mypy), "--no-incremental"], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
