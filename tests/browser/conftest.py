"""Fixtures for the browser suite: the built book and a loopback server. The ``browser``
(Debian's chromium, one per test process) is suite-wide, in tests/conftest.py.

``visit_page`` loads a page once per test module in a fresh browser context (a first load),
with every request to a host other than 127.0.0.1 blocked and recorded. The module's tests
read that one visit (:class:`Visit`) for their different checks.

Environment:
- ``OGP_BOOK_ROOT``: another book to build and test (default: this repository, whose build is
  the suite-wide ``built_book`` fixture).
- ``OGP_SITE_HTML``: an already built site to test instead of building (e.g. after ``make book``).
- ``CI``: when set, a missing chromium fails the suite instead of skipping it.
"""

from __future__ import annotations

import fcntl
import json
import os
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ogp_curriculum.book import build_book
from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.site.serve import serve

from sitebrowse import (  # tests/browser/sitebrowse.py
    BOOK_ROOT,
    PAGE_BUDGET_BYTES,
    REPO_ROOT,
    Visit,
    open_page,
)

WEIGHTS_REPORT = BOOK_ROOT / "_build" / "site-report" / "page-weights.json"

# --- the built site ------------------------------------------------------------------------


def _build_fixture_book() -> Path:
    """Build a book other than this repository's (``OGP_BOOK_ROOT``) with the strict flags."""
    # jupyter-book reuses _build/.jupyter_cache: notebooks that did not change are not rerun.
    result = build_book(BOOK_ROOT)
    if result.returncode != 0:
        pytest.fail(f"book build failed:\n{(result.stdout + result.stderr)[-4000:]}")
    return BOOK_ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> Path:
    """The built HTML site, built once per test run even under pytest-xdist.

    For this repository it is the suite-wide ``built_book`` (tests/conftest.py: one strict
    build per run, behind a file lock), so the browser suite never builds a second time.
    """
    given = os.environ.get("OGP_SITE_HTML")
    if given:
        return Path(given).resolve()
    if BOOK_ROOT == REPO_ROOT:
        return Path(request.getfixturevalue("built_book"))
    build_dir = BOOK_ROOT / "_build"
    build_dir.mkdir(exist_ok=True)
    # All xdist workers of one run share this id; the first to take the lock builds.
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"pid{os.getpid()}")
    stamp = build_dir / ".site-build-run"
    with (build_dir / ".site-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if stamp.exists() and stamp.read_text() == run_id:
                return build_dir / "html"
            html = _build_fixture_book()
            stamp.write_text(run_id)
            return html
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def language_sites(built_site: Path, request: pytest.FixtureRequest) -> dict[str, Path]:
    """Each built language's site folder: the English site and its ``fr/``, ``es/`` (one
    build per language). A book other than this repository's is built in English only."""
    if not os.environ.get("OGP_SITE_HTML"):
        if BOOK_ROOT != REPO_ROOT:
            return {SOURCE_LANGUAGE: built_site}
        request.getfixturevalue("built_translations")
    sites = {SOURCE_LANGUAGE: built_site}
    for language in LANGUAGES:
        if language != SOURCE_LANGUAGE:
            if not (built_site / language / "index.html").is_file():
                pytest.fail(f"no {language} site in {built_site} (make book builds every language)")
            sites[language] = built_site / language
    return sites


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def visits(browser: Any, site_url: str) -> Iterator[dict[str, Visit]]:
    """One first load per page and test module, shared by the module's tests."""
    cache: dict[str, Visit] = {}
    yield cache
    for visit in cache.values():
        visit.page.context.close()


@pytest.fixture
def visit_page(visits: dict[str, Visit], browser: Any, site_url: str):
    def get(page: str) -> Visit:
        if page not in visits:
            visits[page] = open_page(browser, site_url + page)
        return visits[page]

    return get


# --- the page-weight report ----------------------------------------------------------------


@pytest.fixture
def record_weight():
    return _record_weight


def _record_weight(page: str, transferred: int) -> None:
    """Add one page's weight to the run's report (a file, so xdist workers can all write)."""
    WEIGHTS_REPORT.parent.mkdir(parents=True, exist_ok=True)
    with WEIGHTS_REPORT.with_suffix(".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"pid{os.getppid()}-{os.getpid()}")
        report = {}
        if WEIGHTS_REPORT.exists():
            report = json.loads(WEIGHTS_REPORT.read_text())
        if report.get("run") != run_id:
            report = {"run": run_id, "pages": {}}
        report["pages"][page] = transferred
        WEIGHTS_REPORT.write_text(json.dumps(report, indent=1, sort_keys=True))
        fcntl.flock(lock, fcntl.LOCK_UN)


def pytest_sessionstart(session: pytest.Session) -> None:
    # The controller (or a run without xdist) starts a fresh report.
    if not hasattr(session.config, "workerinput") and WEIGHTS_REPORT.exists():
        WEIGHTS_REPORT.unlink()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not WEIGHTS_REPORT.exists():
        return
    weights = json.loads(WEIGHTS_REPORT.read_text())["pages"]
    if not weights:
        return
    heaviest = max(weights, key=weights.get)
    terminalreporter.write_sep("-", "page weight (first load, gzip, all assets)")
    terminalreporter.write_line(
        f"{len(weights)} pages: median {statistics.median(weights.values()) / 1000:.0f} kB, "
        f"heaviest {heaviest} {weights[heaviest] / 1000:.0f} kB, "
        f"budget {PAGE_BUDGET_BYTES / 1000:.0f} kB"
    )
