"""Test helper: load the built site in Chromium the way the browser suite does.

A test helper, so it lives under tests/ (the package ships no test code). No Playwright import
here: callers pass their browser in. Every other host is blocked and
recorded, so a page that would reach for a CDN shows it instead of silently working online.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from ogp_curriculum import chromium
from ogp_curriculum.book import toc_files
from ogp_curriculum.paths import repo_root

REPO_ROOT = repo_root()


def require_chromium() -> None:
    """Skip when chromium is missing, but fail under CI: CI must never skip a browser check."""
    try:
        chromium.require()
    except chromium.ChromiumMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


BOOK_ROOT = Path(os.environ.get("OGP_BOOK_ROOT", REPO_ROOT)).resolve()
# 1 MB transferred on first load, counting the page's assets (issue 8).
PAGE_BUDGET_BYTES = 1_000_000
# Generous: on a 2-core machine the suite may be building another language at the same time.
LOAD_TIMEOUT_MS = 60_000
# A page has settled once none of its requests has been in flight for this long. Playwright's
# "networkidle" waits a fixed 500 ms after the last one, on each of ~200 loads per run.
QUIET_MS = 150
DESKTOP = {"width": 1280, "height": 900}


def book_config() -> dict[str, Any]:
    return yaml.safe_load((BOOK_ROOT / "_config.yml").read_text(encoding="utf-8"))


def toc_pages() -> list[str]:
    """Every page of the book (from ``_toc.yml``) plus the theme's search and index pages."""
    docs = toc_files(BOOK_ROOT)
    return [f"{Path(doc).with_suffix('')}.html" for doc in docs] + ["search.html", "genindex.html"]


def notebook_pages() -> list[str]:
    """Pages built from ``.ipynb`` files: the ones with launch buttons."""
    return [
        page
        for page in toc_pages()
        if (BOOK_ROOT / Path(page).with_suffix(".ipynb")).is_file()
    ]


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
    in_flight: Any = None


def is_loopback(url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


class InFlight:
    """The page's requests still in flight, from Playwright's request events."""

    def __init__(self, page: Any) -> None:
        self.pending: set[Any] = set()
        # Playwright wants Python functions as handlers, not a set's builtin methods.
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))

    def settle(self, page: Any, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
        """Wait until no request has been in flight for ``QUIET_MS`` (events are delivered
        while Playwright waits), or fail after ``timeout_ms``."""
        deadline = time.monotonic() + timeout_ms / 1000
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            now = time.monotonic()
            if self.pending:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= QUIET_MS / 1000:
                return
            page.wait_for_timeout(25)
        still = sorted(request.url for request in self.pending)[:5]
        raise TimeoutError(f"{page.url}: requests still in flight after {timeout_ms} ms: {still}")


def goto_settled(page: Any, url: str, in_flight: InFlight) -> Any:
    """Navigate ``page`` to ``url``: its load event, then no request in flight."""
    answer = page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    in_flight.settle(page)
    return answer


def open_page(browser: Any, url: str, viewport: dict[str, int] | None = None) -> Visit:
    """Load ``url`` in a fresh context, blocking and recording every non-loopback request."""
    context = browser.new_context(viewport=viewport or DESKTOP)
    page = context.new_page()
    in_flight = InFlight(page)
    visit = Visit(page=page, url=url, in_flight=in_flight)

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
    answer = goto_settled(page, url, visit.in_flight)
    visit.status = answer.status if answer else None
    visit.loading = False
    return visit


# --- launch buttons ---------------------------------------------------------------------

HEADER_LAUNCH = ".dropdown-launch-buttons a"


def launch_hrefs(browser_page: Any, selector: str = HEADER_LAUNCH) -> list[str]:
    """The page's links to the Binder or hub that ``_config.yml`` names, sorted."""
    hrefs = browser_page.locator(selector).evaluate_all("as => as.map(a => a.href)")
    launch = book_config()["launch_buttons"]
    starts = tuple(
        launch[key].rstrip("/") for key in ("binderhub_url", "jupyterhub_url") if launch.get(key)
    )
    return sorted({href for href in hrefs if href.startswith(starts)})



# --- accessibility ------------------------------------------------------------------------

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(browser_page: Any, rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (only ``rules``, if given).

    The script comes from the axe-playwright-python wheel (a test requirement).
    """
    from axe_playwright_python.base import AXE_SCRIPT

    browser_page.evaluate(AXE_SCRIPT)
    only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag",
                                                                  "values": WCAG_21_AA}
    options = {"runOnly": only, "resultTypes": ["violations"]}
    return browser_page.evaluate(f"axe.run(document, {json.dumps(options)})")["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation: impact, rule, help text and the first few elements."""
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:5]]
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} {targets}")
    return "\n".join(lines)
