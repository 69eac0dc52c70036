"""Third-party JavaScript the built site serves itself, fetched from the npm registry by Python.

Nothing here is committed and no ``npm`` is needed: each pinned package tarball is downloaded
over HTTPS from the registry, checked against its pinned sha512 (the registry's
``dist.integrity``: ``npm view PKG@VER dist.integrity``), and kept in one per-user cache. Each
build extracts only the files the pages load into its own folder, and the Sphinx extension
copies them into ``_build/html/_static/ogp-vendor/``.

The cache is safe to share: a tarball is written to a temporary file and renamed into place
(atomic), so concurrent builds never see half a file, and every read is verified, so a
corrupted or tampered tarball is refused. A read-only cache that already holds the tarballs
works. Offline with an empty cache the build stops in seconds with one line saying what to do.

Adding a package is one entry in :data:`PACKAGES` (name, version, sha512, files to serve).
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import io
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ogp_curriculum import paths, user_cache

# Where the pages find the files, relative to ``_static``.
VENDOR_DIR = "ogp-vendor"
# The per-user tarball cache; point it at a folder filled beforehand on an air-gapped machine.
CACHE_ENV = "OGP_VENDOR_CACHE"
# The registry to fetch from (a mirror, or an unused port in the offline test).
REGISTRY_ENV = "OGP_NPM_REGISTRY"
DEFAULT_REGISTRY = "https://registry.npmjs.org"
# Seconds per connection attempt: offline must fail in seconds, not retry for minutes.
FETCH_TIMEOUT = 20
# The biggest pinned tarball is a few MB; refuse anything absurd before hashing it.
MAX_TARBALL_BYTES = 64 * 2**20

FONT_GLOBS = ("*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg")


@dataclass(frozen=True)
class Package:
    """One npm package: pinned version and sha512, and the files we serve from it.

    ``files`` maps a glob inside the tarball to the served folder ("" = ``ogp-vendor/``).
    """

    name: str
    version: str
    sha512: str  # the registry's dist.integrity, "sha512-<base64>"
    files: dict[str, str]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self) -> str:
        # The registry names a scoped package's tarball after the part behind the slash.
        return f"{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"

    @property
    def cache_name(self) -> str:
        return f"{self.name.replace('/', '__')}-{self.version}.tgz"

    def url(self, registry: str) -> str:
        return f"{registry.rstrip('/')}/{self.name}/-/{self.tarball_name}"


# vega-lite matches altair 6.3's VEGALITE_VERSION; vega and vega-embed are the majors Altair asks
# for (vega@6, vega-embed@7). html-manager 1.0.x is the ipywidgets 8 embed bundle.
PACKAGES: tuple[Package, ...] = (
    Package(
        "vega", "6.3.0",
        "sha512-L/ykPslBI5QiElzs7jD01c/0EP2yzJ0SdQ3WLZkgBsmykNkhfilWLAa24RzDx67rilNLdeBCJVCmogi40xJ6yA==",
        {"build/vega.min.js": ""},
    ),
    Package(
        "vega-lite", "6.4.1",
        "sha512-KO3ybHNouRK4A0al/+2fN9UqgTEfxrd/ntGLY933Hg5UOYotDVQdshR3zn7OfXwQ7uj0W96Vfa5R+QxO8am3IQ==",
        {"build/vega-lite.min.js": ""},
    ),
    Package(
        "vega-embed", "7.3.0",
        "sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh2cK+3p56sxjWWM0wNngGw==",
        {"build/vega-embed.min.js": ""},
    ),
    Package(
        "requirejs", "2.3.8",
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        {"require.js": ""},
    ),
    # The AMD bundle plus the icon fonts its CSS loads relative to the bundle's own URL.
    Package(
        "@jupyter-widgets/html-manager", "1.0.7",
        "sha512-2xGwS7vVd2RGlKMiSqj1vYv2X59V73ygefUodhzy9Bho0mswWT/yo3Cg7MaYOqwozQjNo5k3rbJ3cETXWUwJ/g==",
        {f"dist/{glob}": "html-manager/" for glob in FONT_GLOBS + ("embed-amd.js",)},
    ),
    # The opening slides (ogp_curriculum.slides): what nbconvert's reveal template loads, in
    # reveal.js's own layout, plus the white theme's font.
    Package(
        "reveal.js", "5.2.1",
        "sha512-r7//6mIM5p34hFiDMvYfXgyjXqGRta+/psd9YtytsgRlrpRzFv4RbH76TXd2qD+7ZPZEbpBDhdRhJaFgfQ7zNQ==",
        {
            "dist/reveal.js": "reveal.js/dist/",
            "dist/reveal.css": "reveal.js/dist/",
            "dist/theme/white.css": "reveal.js/dist/theme/",
            **{
                f"dist/theme/fonts/source-sans-pro/*.{ext}": "reveal.js/dist/theme/fonts/"
                "source-sans-pro/"
                for ext in ("css", "woff")
            },
            "plugin/notes/notes.js": "reveal.js/plugin/notes/",
            "LICENSE": "reveal.js/",
        },
    ),
)


class VendorError(RuntimeError):
    """The vendor files could not be obtained; the one-line message says what to do."""


def cache_dir() -> Path:
    """The per-user tarball cache: ``OGP_VENDOR_CACHE``, else ``~/.cache/ogp-curriculum/vendor``."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    return paths.user_cache_dir() / "vendor"


def integrity(data: bytes) -> str:
    """The npm ``dist.integrity`` string of ``data``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _read_verified(path: Path, package: Package) -> bytes | None:
    """The cached tarball's bytes if it is there and matches the pin, else None."""
    try:
        if not path.is_file():  # missing, or a folder or device where the file should be
            return None
        with path.open("rb") as handle:
            data = handle.read(MAX_TARBALL_BYTES + 1)
    except OSError:  # unreadable, or a file where the cache folder should be
        return None
    return data if integrity(data) == package.sha512 else None


def _download(package: Package, registry: str) -> bytes:
    url = package.url(registry)
    hint = (
        f"connect to the internet once, or set {CACHE_ENV} to a folder that holds "
        f"{package.cache_name} (see README, 'Offline builds')"
    )
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_TARBALL_BYTES + 1)
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise VendorError(f"cannot fetch {package.spec} from {url} ({reason}): {hint}") from None
    if len(data) > MAX_TARBALL_BYTES:
        raise VendorError(f"{url} is larger than {MAX_TARBALL_BYTES} bytes; refused")
    got = integrity(data)
    if got != package.sha512:
        raise VendorError(
            f"{url} does not match the pinned sha512 of {package.spec} (got {got[:27]}…); refused"
        )
    return data


def _store(path: Path, data: bytes) -> None:
    """Write atomically; a read-only cache is not an error (the build uses the bytes it has)."""
    user_cache.write(path, data)


def tarball(package: Package, cache: Path | None = None) -> bytes:
    """The verified tarball of ``package``: from the cache, else from the registry (then cached)."""
    path = (cache or cache_dir()) / package.cache_name
    data = _read_verified(path, package)
    if data is None:
        # Missing or corrupted: a corrupted file is never used, and is replaced if we can.
        data = _download(package, os.environ.get(REGISTRY_ENV, DEFAULT_REGISTRY))
        _store(path, data)
    return data


def _wanted(member: str, files: dict[str, str]) -> str | None:
    """The served path of a tarball member, or None if the pages do not need it."""
    inner = member.removeprefix("package/")
    for pattern, folder in files.items():
        if fnmatch.fnmatchcase(inner, pattern):
            return folder + PurePosixPath(inner).name
    return None


def _extract(data: bytes, package: Package, dest: Path) -> int:
    """Copy the files the pages load into ``dest``; return how many."""
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            target = _wanted(member.name, package.files)
            source = archive.extractfile(member) if member.isfile() else None
            if target is None or source is None:
                continue
            out = dest / target
            out.parent.mkdir(parents=True, exist_ok=True)
            with source, out.open("wb") as sink:
                shutil.copyfileobj(source, sink)
            count += 1
    if not count:
        raise VendorError(f"{package.spec} holds none of {sorted(package.files)}")
    return count


def provision(build_dir: Path, cache: Path | None = None) -> Path:
    """Fill ``build_dir/static/ogp-vendor`` with every served file; return that folder.

    The folder is assembled beside its final place and renamed in, so a failed fetch never
    leaves a half-filled folder that a later build would copy.
    """
    served = build_dir / "static" / VENDOR_DIR
    served.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=served.parent, prefix=".vendor-") as tmp:
        staging = Path(tmp) / VENDOR_DIR
        staging.mkdir()
        for package in PACKAGES:
            _extract(tarball(package, cache), package, staging)
        if served.exists():
            shutil.rmtree(served)
        staging.rename(served)
    return served


def fetch_all(cache: Path | None = None) -> Path:
    """Make sure every pinned tarball is in the cache (for ``make book`` and offline prep)."""
    folder = cache or cache_dir()
    for package in PACKAGES:
        tarball(package, folder)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ogp_curriculum.site",
        description="Fetch and verify the site's pinned JavaScript tarballs into the cache.",
    )
    parser.parse_args(argv)
    try:
        folder = fetch_all()
    except VendorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{len(PACKAGES)} pinned JavaScript packages verified in {folder}")
    return 0
