"""Test helper: Debian's chromium under Playwright, for every test that drives a browser.

The suite-wide ``browser`` fixture (tests/conftest.py) starts it for each test module that
drives a browser, through :func:`launched`. Playwright's sync API runs one instance at a time
per process, so no test module starts one of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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
