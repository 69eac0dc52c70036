"""Saving learners' work so that a failed write never destroys what was saved before."""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import suppress
from pathlib import Path

from ogp_curriculum.errors import InputError

# Temporary files are hidden (leading dot) and end in .tmp, so readers can recognise leftovers.
TEMP_SUFFIX = ".tmp"


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; some file systems refuse, which is harmless."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so readers see the old file or the new one, never a mix."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(target.parent)


def save_text(path: str | Path, text: str) -> Path:
    """Atomically save ``text`` (UTF-8) at ``path`` (``~`` allowed), creating its folder."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text.encode("utf-8"))
    return target


def load_saved(path: str | Path, *, format_id: str, what: str) -> tuple[Path, dict]:
    """Read a file written by ``save_text``: a JSON object whose ``format`` is ``format_id``.

    Every problem is one ``InputError`` naming the file (and the line, for broken JSON).
    """
    source = Path(path).expanduser()
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read the {what}: {error.strerror}", path=source) from None
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg})", path=source, row=error.lineno) from None
    if not isinstance(data, dict) or data.get("format") != format_id:
        raise InputError(f"not a saved {what}", path=source, field="format")
    return source, data
