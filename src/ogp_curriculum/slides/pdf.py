"""Print a reveal.js deck to PDF with the project's chromium, once the deck is laid out.

``chromium --print-to-pdf`` prints at the load event, before reveal.js has laid the slides out
for printing (it does so after an animation frame), so it gets one page. We drive chromium over
the DevTools protocol on a pipe instead (``--remote-debugging-pipe``: no port, no other host),
wait until reveal.js reports one PDF page per slide and the charts are drawn, then print.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ogp_curriculum.chromium import CHROMIUM, CHROMIUM_ARGS

# True once reveal.js has built its print pages and every chart has drawn.
_READY = (
    "(() => { const pages = document.querySelectorAll('.pdf-page').length;"
    " const charts = [...document.querySelectorAll('.vega-embed')];"
    " const drawn = charts.every(c => c.querySelector('svg, canvas'));"
    " return window.Reveal && Reveal.isReady() && pages > 0 && drawn ? pages : 0; })()"
)


class PrintError(RuntimeError):
    """chromium could not print the page; the message says why."""


class _Pipe:
    """A minimal DevTools client over chromium's fd 3 (commands) and fd 4 (replies)."""

    def __init__(self, send: int, receive: int, deadline: float) -> None:
        self.send, self.receive = send, receive
        self.deadline = deadline  # time.monotonic() after which a reply is given up on
        self.buffer = b""
        self.next_id = 0

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.send, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise PrintError(f"{method}: {reply['error'].get('message')}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            # A chromium that stops answering must not hang the build: wait at most until
            # the deadline for each chunk.
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.receive], [], [], left)[0]:
                raise PrintError("chromium stopped answering on the DevTools pipe")
            chunk = os.read(self.receive, 1 << 16)
            if not chunk:
                raise PrintError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message


def print_deck(url: str, pdf: Path, *, timeout: float = 120) -> int:
    """Print the deck at ``url`` (``?print-pdf`` is added) to ``pdf``; return its page count."""
    if not CHROMIUM.exists():
        raise PrintError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    to_chromium_r, to_chromium_w = os.pipe()
    from_chromium_r, from_chromium_w = os.pipe()

    def child_fds() -> None:  # chromium reads commands on fd 3 and writes replies on fd 4
        os.dup2(to_chromium_r, 3)
        os.dup2(from_chromium_w, 4)

    with tempfile.TemporaryDirectory(prefix="ogp-chromium-") as profile:
        process = subprocess.Popen(
            [
                str(CHROMIUM),
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=child_fds,  # noqa: PLW1509 - only dup2, before exec
        )
        os.close(to_chromium_r)
        os.close(from_chromium_w)
        # The layout wait has ``timeout``; starting chromium and printing get as long again.
        pipe = _Pipe(to_chromium_w, from_chromium_r, time.monotonic() + 2 * timeout)
        try:
            return _print(pipe, url, pdf, timeout)
        finally:
            with contextlib.suppress(PrintError, OSError):
                pipe.call("Browser.close")
            os.close(to_chromium_w)
            os.close(from_chromium_r)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _print(pipe: _Pipe, url: str, pdf: Path, timeout: float) -> int:
    target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
    session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    separator = "&" if "?" in url else "?"
    pipe.call("Page.navigate", session, url=f"{url}{separator}print-pdf")
    deadline = time.monotonic() + timeout
    pages = 0
    while not pages:
        if time.monotonic() > deadline:
            raise PrintError(f"the deck was not laid out for printing within {timeout:g} s")
        time.sleep(0.25)
        answer = pipe.call("Runtime.evaluate", session, expression=_READY, returnByValue=True)
        pages = int(answer.get("result", {}).get("value") or 0)
    printed = pipe.call("Page.printToPDF", session, preferCSSPageSize=True, printBackground=True)
    pdf.write_bytes(base64.b64decode(printed["data"]))
    return pages
