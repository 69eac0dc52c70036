"""Serve a built site on a loopback port, compressed as static hosts do, for tests and benchmarks.

Page weights are measured as the browser receives them. Static hosts (GitHub Pages, Netlify,
nginx with ``gzip_static``) send text assets gzip-compressed, so this server does the same;
``compress=False`` gives the uncompressed figure. Like GitHub Pages, it lets browsers keep what
it sends for ten minutes: a reader going from page to page fetches the theme's scripts once.
Fonts are not kept (``NOT_KEPT``), so a tab weighs each page's fonts as a first visit does.

    python -m ogp_curriculum.site.serve _build/html   # then open the printed URL
"""

from __future__ import annotations

import argparse
import gzip
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ogp_curriculum.errors import one_line

# GitHub Pages' Cache-Control: a browser reuses a file for ten minutes without asking again.
CACHE_CONTROL = "max-age=600"
# Except fonts. Chromium attaches a font it has cached to every later page that declares it,
# used or not, so a tab going from page to page would fetch (and weigh) fonts that a first
# visit never asks for. Not kept, each page fetches the fonts it uses, as on a first visit.
NOT_KEPT = (".woff2", ".woff", ".ttf", ".otf", ".eot")
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml", ".ttf", ".eot")


@lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    # mtime_ns is part of the cache key so a rebuilt file is compressed again.
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class _Handler(SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # tests and benchmarks read the browser's view, not the access log

    def send_response(self, code: int, message: str | None = None) -> None:
        super().send_response(code, message)
        # Only what was found may be kept: a missing file answers again on the next request.
        if code == 200:
            kept = not urlsplit(self.path).path.lower().endswith(NOT_KEPT)
            self.send_header("Cache-Control", CACHE_CONTROL if kept else "no-store")

    def send_head(self):  # noqa: ANN202 (http.server returns a file object or None)
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    """The minimal file object ``SimpleHTTPRequestHandler`` copies a body from."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data or b"", None
        return data

    def close(self) -> None:
        self._data = None


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reader who leaves a page mid-download closes the connection: not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(root: Path, *, compress: bool = True) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) while in the block; yield the base URL."""
    handler = type("Handler", (_Handler,), {"compress": compress})
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(root)))
    # shutdown() waits for the loop's next poll (0.5 s by default) each time a block ends.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a built site until Ctrl-C; a folder with no built site is refused in one line."""
    parser = argparse.ArgumentParser(
        prog="python -m ogp_curriculum.site.serve",
        description="Serve a built site on 127.0.0.1, compressed as static hosts serve it.",
    )
    parser.add_argument("root", nargs="?", type=Path, default=Path("_build/html"),
                        help="the built site (default: _build/html)")
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / "index.html").is_file():
        shown = one_line(str(root))
        print(f"error: {shown}: no built site here (no index.html); run `make book` first",
              file=sys.stderr)
        return 2
    with serve(root) as url:
        print(f"Serving {one_line(str(root))} at {url} (Ctrl-C to stop)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
