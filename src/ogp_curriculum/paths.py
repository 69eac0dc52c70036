"""Where the book's files live, for notebooks run from any folder."""

from __future__ import annotations

import os
from pathlib import Path

_DATA_ENV = "OGP_CURRICULUM_DATA"
_SHARED_ENV = "OGP_SHARED_DIR"
# Set by the book build and cohort packs, whose pages serve Altair's HTML charts offline; unset
# in a live kernel, which draws charts with vl-convert's bundle (ogp_curriculum.charts).
STATIC_CHARTS_ENV = "OGP_STATIC_CHARTS"


_ROOT_ENV = "OGP_CURRICULUM_ROOT"
# Files that mark the book's root folder.
_MARKERS = ("_toc.yml", "_config.yml")


class RootNotFound(RuntimeError):
    """The book's folder could not be found; the message says how to point at it."""


def _is_root(folder: Path) -> bool:
    return all((folder / marker).is_file() for marker in _MARKERS)


def repo_root() -> Path:
    """The book's root folder.

    ``OGP_CURRICULUM_ROOT`` if set; else the checkout this package runs from (an editable
    install); else the nearest folder at or above the current one that holds ``_toc.yml``
    and ``_config.yml`` (a wheel installed elsewhere, run from inside a clone).
    """
    override = os.environ.get(_ROOT_ENV)
    if override:
        return Path(override).resolve()
    checkout = Path(__file__).resolve().parents[2]
    if _is_root(checkout):
        return checkout
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    raise RootNotFound(
        f"cannot find the book's folder (no _toc.yml and _config.yml at or above {here}): "
        f"run from inside the clone or set {_ROOT_ENV}"
    )


def data_dir() -> Path:
    """The folder of tidy data and trainer-editable definitions.

    ``OGP_CURRICULUM_DATA`` overrides it, so a trainer can point the book at a copy.
    """
    override = os.environ.get(_DATA_ENV)
    return Path(override) if override else repo_root() / "data"


def shared_dir() -> Path:
    """The read-only raw sources beside the clone (``../shared``), never copied in."""
    override = os.environ.get(_SHARED_ENV)
    return Path(override) if override else repo_root().parent / "shared"


def user_cache_dir() -> Path:
    """The per-user cache, ``$XDG_CACHE_HOME/ogp-curriculum`` (else ``~/.cache/ogp-curriculum``).

    Everything kept across processes (vendor tarballs, IRM validation stamps, Altair's offline
    bundle) lives in a subfolder of it. Raises RuntimeError when there is no home folder.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ogp-curriculum"
