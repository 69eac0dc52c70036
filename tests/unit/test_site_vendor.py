"""The site's JavaScript comes from the npm registry through Python, pinned and verified.

A loopback HTTP server plays the registry; an unused loopback port plays "offline".
"""

from __future__ import annotations

import http.server
import io
import socket
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ogp_curriculum.site import vendor

SCRIPT = b"window.fake = 1;\n"


def _tgz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


GOOD = _tgz({"build/fake.min.js": SCRIPT, "build/fake.js.map": b"{}"})
FAKE = vendor.Package("@scope/fake", "1.2.3", vendor.integrity(GOOD), {"build/*.min.js": ""})


class _Registry(http.server.BaseHTTPRequestHandler):
    body = GOOD
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).hits += 1
        ok = self.path == "/@scope/fake/-/fake-1.2.3.tgz"
        self.send_response(200 if ok else 404)
        self.end_headers()
        if ok:
            self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Registry]]:
    handler = type("Handler", (_Registry,), {"hits": 0, "body": GOOD})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for the loop's next poll: 0.5 s by default, per test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    monkeypatch.setenv(vendor.REGISTRY_ENV, f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setattr(vendor, "PACKAGES", (FAKE,))
    yield handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(vendor.REGISTRY_ENV, f"http://127.0.0.1:{_unused_port()}")
    monkeypatch.setattr(vendor, "PACKAGES", (FAKE,))


def test_every_pin_is_a_sha512_integrity_string() -> None:
    for package in vendor.PACKAGES:
        assert package.sha512.startswith("sha512-") and len(package.sha512) == 95, package.spec


def test_scoped_tarball_url_follows_the_registry_layout() -> None:
    assert FAKE.url("https://r.example/") == "https://r.example/@scope/fake/-/fake-1.2.3.tgz"


def test_fetch_verifies_caches_and_serves_only_the_wanted_files(
    registry: type[_Registry], tmp_path: Path
) -> None:
    served = vendor.provision(tmp_path / "build", tmp_path / "cache")
    assert (served / "fake.min.js").read_bytes() == SCRIPT
    assert [p.name for p in served.iterdir()] == ["fake.min.js"]
    assert (tmp_path / "cache" / FAKE.cache_name).read_bytes() == GOOD
    vendor.provision(tmp_path / "build", tmp_path / "cache")
    assert registry.hits == 1, "the second build must use the cache"


def test_a_tampered_download_is_refused_and_not_cached(
    registry: type[_Registry], tmp_path: Path
) -> None:
    registry.body = _tgz({"build/fake.min.js": b"alert('evil')"})
    with pytest.raises(vendor.VendorError, match="does not match the pinned sha512"):
        vendor.provision(tmp_path / "build", tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*.tgz"))
    assert not (tmp_path / "build" / "static" / vendor.VENDOR_DIR).exists()


def test_a_corrupted_cached_tarball_is_refused(offline: None, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FAKE.cache_name).write_bytes(GOOD[:-10] + b"corrupted!")
    with pytest.raises(vendor.VendorError, match="cannot fetch @scope/fake@1.2.3"):
        vendor.provision(tmp_path / "build", cache)


def test_a_corrupted_cached_tarball_is_replaced_when_online(
    registry: type[_Registry], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FAKE.cache_name).write_bytes(b"corrupted")
    vendor.provision(tmp_path / "build", cache)
    assert (cache / FAKE.cache_name).read_bytes() == GOOD


def test_offline_without_cache_fails_in_seconds_with_one_line(
    offline: None, tmp_path: Path
) -> None:
    start = time.monotonic()
    with pytest.raises(vendor.VendorError) as raised:
        vendor.provision(tmp_path / "build", tmp_path / "cache")
    assert time.monotonic() - start < 5
    message = str(raised.value)
    assert "\n" not in message
    assert vendor.CACHE_ENV in message and "@scope/fake@1.2.3" in message


def test_offline_with_a_filled_unwritable_cache_builds(offline: None, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FAKE.cache_name).write_bytes(GOOD)
    cache.chmod(0o555)  # no write is needed (root ignores the mode; the next test covers that)
    try:
        served = vendor.provision(tmp_path / "build", cache)
    finally:
        cache.chmod(0o755)
    assert (served / "fake.min.js").read_bytes() == SCRIPT


def test_a_cache_that_cannot_be_written_still_serves_the_download(
    registry: type[_Registry], tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    served = vendor.provision(tmp_path / "build", not_a_folder / "cache")
    assert (served / "fake.min.js").read_bytes() == SCRIPT


def test_concurrent_fetches_into_one_cache_all_succeed(
    registry: type[_Registry], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: vendor.tarball(FAKE, cache), range(16)))
    assert all(result == GOOD for result in results)
    assert [p.name for p in cache.iterdir()] == [FAKE.cache_name], "no temporary file is left"
    assert (cache / FAKE.cache_name).read_bytes() == GOOD


def test_the_command_fails_offline_with_one_line_on_stderr(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        vendor.CACHE_ENV: str(tmp_path / "empty"),
        vendor.REGISTRY_ENV: f"http://127.0.0.1:{_unused_port()}",
    }
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ogp_curriculum.site"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert time.monotonic() - start < 30
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot fetch vega@"), done.stderr
