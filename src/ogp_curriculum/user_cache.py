"""Small files kept across processes in the per-user cache; never a reason to fail.

The cache only saves work (a download, a validation, a JavaScript bundle): a home folder that
is read-only (a hub), missing or full makes every call here a miss or a no-op, never an error.
Files are written to a temporary name and renamed into place, so concurrent kernels never see
half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

from ogp_curriculum import files, paths


def entry(*parts: str) -> Path | None:
    """``parts`` under the per-user cache; None when there is no home folder to hold it."""
    try:
        return paths.user_cache_dir().joinpath(*parts)
    except RuntimeError:  # Path.home() without HOME or a passwd entry
        return None


def has(path: Path) -> bool:
    """Whether ``path`` is a file in the cache (an unreadable cache has nothing)."""
    try:
        return path.is_file()
    except OSError:
        return False


def read(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None if it is missing, unreadable, not a file or over ``limit``."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def writable(folder: Path) -> bool:
    """Whether ``folder`` exists (created if need be) and this process may write in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # read-only home, or a file where the folder should be
        return False
    return os.access(folder, os.W_OK)


def write(path: Path, data: bytes) -> bool:
    """Write atomically (files.atomic_write); whether it was written (a read-only or full
    cache is not an error)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files.atomic_write(path, data)
    except OSError:
        return False
    return True
