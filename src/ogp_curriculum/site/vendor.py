"""Third-party JavaScript the built site serves itself, fetched from the npm registry at build time.

Nothing here is committed: ``npm pack`` downloads each package tarball (npm checks its
integrity against the registry), we extract only the files the pages load into a cache
folder, and the Sphinx extension copies them into ``_build/html/_static/ogp-vendor/``.
A second build reuses the cache and needs no network.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Where the pages find the files, relative to ``_static``.
VENDOR_DIR = "ogp-vendor"
# Lets an air-gapped machine point the build at a folder filled beforehand (same layout).
CACHE_ENV = "OGP_VENDOR_CACHE"


FONT_GLOBS = ("*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg")


@dataclass(frozen=True)
class Package:
    """One npm package and the files we serve from it (tarball glob -> served folder)."""

    name: str
    version: str
    files: dict[str, str]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def folder(self) -> str:
        return f"{self.name.replace('/', '__')}-{self.version}"


# vega-lite matches altair 6.3's VEGALITE_VERSION; vega and vega-embed are the majors Altair asks
# for (vega@6, vega-embed@7). html-manager 1.0.x is the ipywidgets 8 embed bundle.
PACKAGES: tuple[Package, ...] = (
    Package("vega", "6.3.0", {"build/vega.min.js": ""}),
    Package("vega-lite", "6.4.1", {"build/vega-lite.min.js": ""}),
    Package("vega-embed", "7.3.0", {"build/vega-embed.min.js": ""}),
    Package("requirejs", "2.3.8", {"require.js": ""}),
    # The AMD bundle plus the icon fonts its CSS loads relative to the bundle's own URL.
    Package(
        "@jupyter-widgets/html-manager",
        "1.0.7",
        {f"dist/{glob}": "html-manager/" for glob in FONT_GLOBS + ("embed-amd.js",)},
    ),
    # The opening slides (ogp_curriculum.slides): what nbconvert's reveal template loads, in
    # reveal.js's own layout, plus the white theme's font.
    Package(
        "reveal.js",
        "5.2.1",
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
    """The vendor files could not be obtained; the message says what to do."""


def _wanted(member: str, files: dict[str, str]) -> str | None:
    """The served path of a tarball member, or None if the pages do not need it."""
    inner = member.removeprefix("package/")
    for pattern, folder in files.items():
        if fnmatch.fnmatchcase(inner, pattern):
            return folder + PurePosixPath(inner).name
    return None


def _extract(tarball: Path, package: Package, dest: Path) -> None:
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            target = _wanted(member.name, package.files)
            if target is None or not member.isfile():
                continue
            out = dest / target
            out.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is None:
                continue
            with source, out.open("wb") as sink:
                shutil.copyfileobj(source, sink)


def _npm_pack(package: Package, workdir: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            f"npm is needed once to fetch {package.spec} for the offline site "
            f"(or set {CACHE_ENV} to a folder that already holds the files)"
        )
    result = subprocess.run(
        [npm, "pack", package.spec, "--json", "--pack-destination", str(workdir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise VendorError(f"npm pack {package.spec} failed: {result.stderr.strip()[-500:]}")
    filename = json.loads(result.stdout)[0]["filename"]
    return workdir / filename


def provision(cache_dir: Path) -> Path:
    """Make sure every vendor file is in ``cache_dir/ogp-vendor``; return that folder.

    Each package lands in its own versioned folder first, then is moved in whole, so an
    interrupted download never leaves a half-filled cache that later builds would trust.
    """
    cache_dir = Path(os.environ.get(CACHE_ENV, cache_dir))
    store = cache_dir / "packages"
    store.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        final = store / package.folder
        if final.is_dir():
            continue
        with tempfile.TemporaryDirectory(dir=store) as tmp:
            staging = Path(tmp) / "files"
            staging.mkdir()
            _extract(_npm_pack(package, Path(tmp)), package, staging)
            if not any(staging.rglob("*")):
                raise VendorError(f"{package.spec} holds none of {sorted(package.files)}")
            staging.rename(final)
    served = cache_dir / "static" / VENDOR_DIR
    if served.exists():
        shutil.rmtree(served)
    for package in PACKAGES:
        shutil.copytree(store / package.folder, served, dirs_exist_ok=True)
    return served
