"""Debian's headless chromium: where it is and how every part of the project starts it.

Used for the handout PDFs, the browser tests and the site benchmark. Playwright never
downloads a browser here; it drives this one through ``executable_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

# `apt-get install -y chromium`; OGP_CHROMIUM points elsewhere if needed.
CHROMIUM = Path(os.environ.get("OGP_CHROMIUM", "/usr/bin/chromium"))

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
]
