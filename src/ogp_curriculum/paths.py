"""Where the book's files live, for notebooks run from any folder."""

from __future__ import annotations

import os
from pathlib import Path

_DATA_ENV = "OGP_CURRICULUM_DATA"
_SHARED_ENV = "OGP_SHARED_DIR"
# Set by the book build and cohort packs, whose pages serve Altair's HTML charts offline; unset
# in a live kernel, which draws charts with vl-convert's bundle (ogp_curriculum.charts).
STATIC_CHARTS_ENV = "OGP_STATIC_CHARTS"


def repo_root() -> Path:
    """The book's root folder (the package is installed editable from ``src/``)."""
    return Path(__file__).resolve().parents[2]


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
