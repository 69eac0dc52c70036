"""Shared fixtures: the book's notebooks, and one strict build of the book per test run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The same flags as `make book`: warnings, broken references and cell errors all fail.
BOOK_FLAGS = ("-W", "-n", "--keep-going")


def toc_files() -> list[str]:
    """Every file stem listed in _toc.yml, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    stems = [toc["root"]]
    for part in toc.get("parts", []):
        stems += [chapter["file"] for chapter in part.get("chapters", [])]
    return stems


def book_notebooks() -> list[Path]:
    """The notebooks of the book (modules and exercises), in reading order."""
    return [ROOT / f"{stem}.ipynb" for stem in toc_files() if (ROOT / f"{stem}.ipynb").exists()]


def notebook_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def build_book(source: Path, *, extra_args: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Run Jupyter Book 1 on `source` with the project's strict flags."""
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(source), *BOOK_FLAGS, *extra_args],
        capture_output=True,
        text=True,
        cwd=source,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real book once per test run (once across xdist workers) and return its HTML."""
    # xdist workers share one run id; without xdist this process is the whole run. Keying the
    # record on it stops a later run from reusing an earlier run's (stale or failed) build.
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"pid{os.getpid()}")
    shared = tmp_path_factory.getbasetemp().parent / f"built_book-{run_id}"
    shared.mkdir(exist_ok=True)
    record = shared / "built_book.json"
    with FileLock(str(shared / "built_book.lock")):
        if not record.exists():
            result = build_book(ROOT)
            log = shared / "built_book.log"
            log.write_text(result.stdout + result.stderr, encoding="utf-8")
            record.write_text(json.dumps({"returncode": result.returncode, "log": str(log)}))
    outcome = json.loads(record.read_text())
    if outcome["returncode"] != 0:
        tail = Path(outcome["log"]).read_text(encoding="utf-8")[-6000:]
        pytest.fail(f"the book build failed (exit {outcome['returncode']}):\n{tail}")
    return ROOT / "_build" / "html"


def in_ci() -> bool:
    return bool(os.environ.get("CI"))

