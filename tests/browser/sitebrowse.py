"""Test helper: load the built site in Chromium the way the browser suite does.

A test helper, so it lives under tests/ (the package ships no test code). No Playwright import
here: callers pass their browser in. Every other host is blocked and
recorded, so a page that would reach for a CDN shows it instead of silently working online.
"""

from __future__ import annotations

import json
import os
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
