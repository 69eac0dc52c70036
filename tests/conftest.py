"""Suite-wide fixture: one strict build of the real book per test run.

Shared helpers live in the package (``ogp_curriculum.book``), not here: the browser tests have
a conftest of their own, and two modules named ``conftest`` cannot both be imported by name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from filelock import FileLock

from ogp_curriculum.book import build_book
from ogp_curriculum.paths import repo_root


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
            result = build_book(repo_root())
            log = shared / "built_book.log"
            log.write_text(result.stdout + result.stderr, encoding="utf-8")
            record.write_text(json.dumps({"returncode": result.returncode, "log": str(log)}))
    outcome = json.loads(record.read_text())
    if outcome["returncode"] != 0:
        tail = Path(outcome["log"]).read_text(encoding="utf-8")[-6000:]
        pytest.fail(f"the book build failed (exit {outcome['returncode']}):\n{tail}")
    return repo_root() / "_build" / "html"
