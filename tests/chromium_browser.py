"""Test helper: Debian's chromium under Playwright, for every test that drives a browser.

The suite-wide ``browser`` fixture (tests/conftest.py) starts it for each test module that
drives a browser, through :func:`launched`. Playwright's sync API runs one instance at a time
per process, so no test module starts one of its own.

The browser reaches 127.0.0.1 only (``ogp_curriculum.chromium.NO_OTHER_HOST``): requests to
other hosts fail in chromium itself, with no request routed through Python, so pages keep
the HTTP cache a learner's browser has. :func:`loopback_context` lists those requests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest

from ogp_curriculum import chromium


def require_chromium() -> None:
    """Skip when chromium is missing, but fail under CI: CI must never skip a browser check."""
    try:
        chromium.require()
    except chromium.ChromiumMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


@contextmanager
def launched() -> Iterator[Any]:
    """Headless chromium with the project's flags (:func:`ogp_curriculum.chromium.launch`)."""
    require_chromium()
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (requirements-test.txt)")
    with sync_api.sync_playwright() as playwright:
        instance = chromium.launch(playwright)
        try:
            yield instance
        finally:
            instance.close()


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# The screen every desktop check uses.
DESKTOP = {"width": 1280, "height": 900}


def is_loopback(url: str) -> bool:
    """Whether ``url`` stays on this machine (inline data and blobs do)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS


def other_hosts(context: Any) -> list[str]:
    """The requests ``context`` makes to other hosts, listed as they are made (the browser
    makes them fail: :data:`ogp_curriculum.chromium.NO_OTHER_HOST`)."""
    foreign: list[str] = []

    def record(request: Any) -> None:
        if not is_loopback(request.url):
            foreign.append(request.url)

    context.on("request", record)
    return foreign


def loopback_context(browser: Any, viewport: dict[str, int] | None = None) -> tuple[Any, list[str]]:
    """A fresh browser context, and the list of its requests to other hosts."""
    context = browser.new_context(viewport=viewport or DESKTOP)
    return context, other_hosts(context)
