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
    # Incremental, with the cache pyproject.toml puts under _build/: mypy re-checks every
    # module whose source, or whose dependencies' interface, changed since the cached run.
    result = subprocess.run(
        [str(mypy)], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _calls_without_timeout(source: str) -> list[int]:
    """Lines of subprocess.run/call/check_call/check_output calls that pass no timeout."""
    import ast

    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run", "call", "check_call", "check_output")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "subprocess"
            and not any(keyword.arg == "timeout" for keyword in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_the_timeout_check_sees_a_missing_timeout() -> None:
    assert _calls_without_timeout("import subprocess\nsubprocess.run(['x'])\n") == [2]
    assert _calls_without_timeout("subprocess.run(['x'], timeout=5)\n") == []


def test_every_subprocess_call_has_a_timeout() -> None:
    """Hang protection: a stuck child process fails its test instead of stalling the suite."""
    missing = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in ("src", "tests", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line in _calls_without_timeout(path.read_text(encoding="utf-8"))
    ]
    assert not missing, f"subprocess calls without a timeout: {missing}"


def test_pre_commit_hooks_are_local_and_valid() -> None:
    """pre-commit cannot clone hook repositories offline: every hook runs from the venv."""
    import yaml

    config = ROOT / ".pre-commit-config.yaml"
    repos = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert {repo["repo"] for repo in repos} == {"local"}
    hooks = {hook["id"] for repo in repos for hook in repo["hooks"]}
    assert {"ruff", "nbstripout", "notebook-policy", "mypy"} <= hooks
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "validate-config", str(config)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_committed_notebooks_are_what_nbstripout_leaves() -> None:
    nbstripout = Path(sys.executable).parent / "nbstripout"
    notebooks = sorted(str(p) for folder in ("modules", "exercises")
                       for p in (ROOT / folder).glob("*.ipynb"))
    done = subprocess.run(
        [str(nbstripout), "--keep-id", "--verify", *notebooks],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_make_book_uses_the_same_strict_flags_as_the_package() -> None:
    """`make book` calls jupyter-book itself; its flags must be ogp_curriculum.book's."""
    import re

    from ogp_curriculum.book import BOOK_FLAGS

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^BOOK_FLAGS \?= (.+)$", makefile, re.MULTILINE)
    assert match and match.group(1).split() == list(BOOK_FLAGS)
