"""Fixtures for the browser suite: the built book, a loopback server and Debian's chromium.

Every page is loaded once per worker in a fresh browser context (a true first load, no cache),
with every request to a host other than 127.0.0.1 blocked and recorded. The tests read that
one visit (:class:`Visit`) for their different checks.

Environment:
- ``OGP_BOOK_ROOT``: the book to build and test (default: this repository).
- ``OGP_SITE_HTML``: an already built site to test instead of building (e.g. after ``make book``).
- ``CI``: when set, a missing chromium fails the suite instead of skipping it.
"""

from __future__ import annotations

import fcntl
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from ogp_curriculum.site.serve import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
BOOK_ROOT = Path(os.environ.get("OGP_BOOK_ROOT", REPO_ROOT)).resolve()
# 1 MB transferred on first load, counting the page's assets (issue 8).
PAGE_BUDGET_BYTES = 1_000_000
WEIGHTS_REPORT = BOOK_ROOT / "_build" / "site-report" / "page-weights.json"
LOAD_TIMEOUT_MS = 30_000


def book_config() -> dict[str, Any]:
    return yaml.safe_load((BOOK_ROOT / "_config.yml").read_text(encoding="utf-8"))


def _toc_files(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                yield node[key]
        for value in node.values():
            if isinstance(value, list | dict):
                yield from _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            yield from _toc_files(item)


def toc_pages() -> list[str]:
    """Every page of the book (from ``_toc.yml``) plus the theme's search and index pages."""
    toc = yaml.safe_load((BOOK_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = list(dict.fromkeys(_toc_files(toc)))
    return [f"{Path(doc).with_suffix('')}.html" for doc in docs] + ["search.html", "genindex.html"]


def notebook_pages() -> list[str]:
    """Pages built from ``.ipynb`` files: the ones with launch buttons."""
    return [
        page
        for page in toc_pages()
        if (BOOK_ROOT / Path(page).with_suffix(".ipynb")).is_file()
    ]


# --- the built site ------------------------------------------------------------------------


def _build_book() -> Path:
    html = BOOK_ROOT / "_build" / "html"
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(BOOK_ROOT), "-W", "-n", "--keep-going"]
    # jupyter-book reuses _build/.jupyter_cache: notebooks that did not change are not rerun.
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=BOOK_ROOT)
    if result.returncode != 0:
        pytest.fail(f"book build failed:\n{(result.stdout + result.stderr)[-4000:]}")
    return html


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The built HTML site, built once per test run even under pytest-xdist."""
    given = os.environ.get("OGP_SITE_HTML")
    if given:
        return Path(given).resolve()
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
            html = _build_book()
            stamp.write_text(run_id)
            return html
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@dataclass
class Visit:
    """What one first load of a page showed."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    transferred_bytes: int = 0
    status: int | None = None
    # Requests after the load (axe fetches stylesheets itself) are not the page's; requests to
    # other hosts are recorded (and blocked) at any time.
    loading: bool = True


def is_loopback(url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def open_page(browser: Any, url: str) -> Visit:
    """Load ``url`` in a fresh context, blocking and recording every non-loopback request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit = Visit(page=page, url=url)

    def block(route: Any) -> None:
        visit.foreign_requests.append(route.request.url)
        route.abort("blockedbyclient")

    def finished(request: Any) -> None:
        if not visit.loading:
            return
        sizes = request.sizes()
        visit.transferred_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def failed(request: Any) -> None:
        if visit.loading and is_loopback(request.url):
            visit.failed_requests.append(f"{request.url} ({request.failure})")

    def response(resp: Any) -> None:
        if visit.loading and resp.status >= 400:
            visit.failed_requests.append(f"{resp.url} (HTTP {resp.status})")

    def console(message: Any) -> None:
        if visit.loading and message.type == "error":
            visit.console_errors.append(message.text)

    def uncaught(error: Any) -> None:
        if visit.loading:
            visit.console_errors.append(f"uncaught: {error}")

    # Only other hosts are intercepted: intercepting every request makes Chromium resolve a
    # stylesheet's relative @import against the page instead of the stylesheet.
    context.route(lambda url: not is_loopback(url), block)
    page.on("requestfinished", finished)
    page.on("requestfailed", failed)
    page.on("response", response)
    page.on("console", console)
    page.on("pageerror", uncaught)
    answer = page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    visit.status = answer.status if answer else None
    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    visit.loading = False
    return visit


@pytest.fixture(scope="session")
def visits(browser: Any, site_url: str) -> Iterator[dict[str, Visit]]:
    """One first load per page and worker, shared by the tests that read it."""
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


def record_weight(page: str, transferred: int) -> None:
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
