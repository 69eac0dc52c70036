"""Test helper: a local Jupyter-family server (Voila, JupyterLab) on 127.0.0.1, as in a training
room without internet. Shared by the live-surface tests; their browser contexts come from
tests/chromium_browser.py (``loopback_context``)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(
    command: Sequence[str], *, cwd: Path, env: dict[str, str], log_path: Path, probe: str,
    name: str, startup: float = 60, http_error_means_up: bool = True,
) -> Iterator[None]:
    """Run ``command`` until the block ends; fail the test if ``probe`` does not answer in time.

    Voila answers a folder with 404, which already proves it is up; JupyterLab's status API
    must answer 200 (``http_error_means_up=False``)."""
    with log_path.open("w") as log:
        process = subprocess.Popen(list(command), cwd=cwd, stdout=log,
                                   stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited early:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(probe, timeout=2):
                    break
            except urllib.error.HTTPError:
                if http_error_means_up:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start within {startup:.0f} s:\n"
                            f"{log_path.read_text()[-3000:]}")
            time.sleep(0.1)  # a probe is cheap; each tenth of a second waited is the test's
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
