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

import yaml
from chromium_browser import DESKTOP, is_loopback  # tests/chromium_browser.py

from ogp_curriculum.book import toc_files
from ogp_curriculum.paths import repo_root

REPO_ROOT = repo_root()


BOOK_ROOT = Path(os.environ.get("OGP_BOOK_ROOT", REPO_ROOT)).resolve()
# 1 MB transferred on first load, counting the page's assets (issue 8).
PAGE_BUDGET_BYTES = 1_000_000
# Generous: on a 2-core machine the suite may be building another language at the same time.
LOAD_TIMEOUT_MS = 60_000
# A page has settled once none of its requests has been in flight for this long. Playwright's
# "networkidle" waits a fixed 500 ms after the last one, on each of ~200 loads per run.
QUIET_MS = 150


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
    # What a first load of the page transfers: each request's bytes as the network delivered
    # them, in this load or, for a file the tab's cache served, in the load that fetched it.
    first_load_bytes: int = 0
    # What this load itself took from the network (less, once the tab has cached the theme).
    network_bytes: int = 0
    status: int | None = None
    # Requests after the load (axe fetches stylesheets itself) are not the page's; requests to
    # other hosts are recorded (the browser makes them fail) at any time.
    loading: bool = True
    in_flight: Any = None
    # The requests made while loading: only they are weighed (not one of the previous page's
    # that finishes after this load has begun).
    started: set[Any] = field(default_factory=set, repr=False)


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


class Tab:
    """One browser tab in a context of its own that records what each navigation showed: a
    :class:`Visit` per :meth:`goto`. Every request to another host fails in the browser
    (tests/chromium_browser.py) and is recorded.

    The tab keeps what the site lets browsers keep (ogp_curriculum.site.serve), as a reader's
    browser does, so its later pages load faster. A page's weight is still its first-load
    weight: a file served from the tab's cache counts the bytes the network delivered when the
    tab fetched it (the context's cache is the tab's own: nothing else filled it). Fonts are
    never kept, so a page's fonts are those it uses, as on a first visit.
    """

    def __init__(self, browser: Any, viewport: dict[str, int] | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or DESKTOP)
        self.page = self.context.new_page()
        self.in_flight = InFlight(self.page)
        self.visit = Visit(page=self.page, url="about:blank", in_flight=self.in_flight,
                           loading=False)
        # Bytes each URL took from the network when this tab fetched it.
        self.fetched: dict[str, int] = {}
        self.context.on("request", self._request)
        self.page.on("requestfinished", self._finished)
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._uncaught)

    def goto(self, url: str) -> Visit:
        """Load ``url`` here and wait until it settles; what it showed is the new visit."""
        self.visit = Visit(page=self.page, url=url, in_flight=self.in_flight)
        answer = goto_settled(self.page, url, self.in_flight)
        self.visit.status = answer.status if answer else None
        self.visit.loading = False
        return self.visit

    def close(self) -> None:
        self.context.close()

    def _request(self, request: Any) -> None:
        if self.visit.loading:
            self.visit.started.add(request)
        if not is_loopback(request.url):
            self.visit.foreign_requests.append(request.url)

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        # Playwright's body size is the bytes received less the headers' size: the two add up
        # to what came over the network, which is nothing for a file from the cache.
        network = max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])
        if network:
            self.fetched[request.url] = network
        # The page's icon is the browser's own request (type "other"), made on its own
        # schedule after the load: whether a load's window sees it is a race, so it is not
        # weighed (under 1 kB here).
        if (self.visit.loading and request in self.visit.started
                and request.resource_type != "other"):
            self.visit.network_bytes += network
            self.visit.first_load_bytes += network or self.fetched.get(request.url, 0)

    def _failed(self, request: Any) -> None:
        if self.visit.loading and is_loopback(request.url):
            self.visit.failed_requests.append(f"{request.url} ({request.failure})")

    def _response(self, resp: Any) -> None:
        if self.visit.loading and resp.status >= 400:
            self.visit.failed_requests.append(f"{resp.url} (HTTP {resp.status})")

    def _console(self, message: Any) -> None:
        if self.visit.loading and message.type == "error":
            self.visit.console_errors.append(message.text)

    def _uncaught(self, error: Any) -> None:
        if self.visit.loading:
            self.visit.console_errors.append(f"uncaught: {error}")


def open_page(browser: Any, url: str, viewport: dict[str, int] | None = None) -> Visit:
    """A first load of ``url``: in a fresh context (no cache), every other host blocked and
    recorded. Close it with ``visit.page.context.close()``."""
    return Tab(browser, viewport).goto(url)


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

    # Once per document: the dark-mode and drawn-widget passes reuse the first pass's copy.
    if not browser_page.evaluate("typeof window.axe?.run === 'function'"):
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
