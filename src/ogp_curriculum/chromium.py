"""Debian's headless chromium: where it is and how every part of the project starts it.

Used for the handout PDFs, the browser tests and the site benchmark. Playwright never
downloads a browser here; it drives this one through ``executable_path``. This module is the
one place that finds chromium and starts it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

# `apt-get install -y chromium`; OGP_CHROMIUM points elsewhere if needed.
INSTALL_HINT = "apt-get install -y chromium (or set OGP_CHROMIUM to the browser)"

# A proxy that is never there (the discard port). Chromium never proxies loopback, so pages on
# 127.0.0.1 and file:// load as usual and every request to another host fails, as in a training
# room without internet: a page that reaches for a CDN shows it here too, and a PDF of a
# trainer's deck cannot fetch from the web. The browser still reports each such request.
NO_OTHER_HOST = "http://127.0.0.1:9"

# Root in CI needs --no-sandbox; the background-networking flags stop chromium from calling
# home, which this closed network would refuse (and the tests would count as failures).
CHROMIUM_ARGS: list[str] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    f"--proxy-server={NO_OTHER_HOST}",
]


def find() -> Path:
    """``OGP_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH, else Debian's path.

    The result may not exist; callers check ``.exists()`` (tests skip, builds fail clearly).
    """
    override = os.environ.get("OGP_CHROMIUM")
    if override:
        return Path(override)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else Path("/usr/bin/chromium")


CHROMIUM = find()


class ChromiumMissing(RuntimeError):
    """No chromium where :func:`find` looked; the message says how to install it."""


def require() -> Path:
    """The chromium to run, or :class:`ChromiumMissing` with the install hint."""
    path = find()
    if not path.exists():
        raise ChromiumMissing(f"chromium is missing at {path}: {INSTALL_HINT}")
    return path


def launch(playwright: Any, **options: Any) -> Any:
    """Start headless chromium under Playwright's sync API with the project's flags."""
    return playwright.chromium.launch(
        executable_path=str(require()), headless=True, args=CHROMIUM_ARGS, **options
    )
