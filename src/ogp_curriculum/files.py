"""Saving learners' work so that a failed write never destroys what was saved before."""

from __future__ import annotations

import atexit
import errno
import os
import shutil
import tempfile
from collections.abc import Mapping
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


def current_umask() -> int:
    """The process umask, read without changing it where Linux allows."""
    with suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_mode() -> int:
    """The mode ``open()`` would give a new file (``mkstemp`` alone gives 0600)."""
    return 0o666 & ~current_umask()


def shared_mode() -> int:
    """A file the folder's group can read even under a private umask (hand-ins)."""
    return default_mode() | 0o040


def write_temp(folder: Path, name: str, data: bytes, mode: int | None = None) -> str:
    """``data`` in a hidden temporary file in ``folder``, on disk (fsync); returns its path."""
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), default_mode() if mode is None else mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def atomic_write(target: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``target`` so readers see the old file or the new one, never a mix.

    ``mode`` defaults to what the umask allows, as for any new file.
    """
    temp = write_temp(target.parent, target.name, data, mode)
    try:
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(target.parent)


def check_output_folder(folder: Path, *, what: str = "output folder") -> None:
    """Refuse, before anything is written, a folder that is a file or lies under one."""
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                where = "is" if place == folder else f"is inside {place}, which is"
                raise InputError(f"the {what} {where} a file, not a folder", path=folder)
            return


def write_files(folder: Path, files: Mapping[str, bytes], *, mode: int | None = None) -> list[Path]:
    """Write every file of ``files`` (name -> bytes) into ``folder``, all or none.

    All the data goes to a hidden staging folder inside ``folder`` (or beside it, when it is
    new) and is on disk before the first rename, so a full disk or a crash leaves the
    previous files as they were and nothing half-written. Renames cannot run out of space.
    """
    check_output_folder(folder)
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.parent.mkdir(parents=True, exist_ok=True)
    new = not folder.exists()
    home = folder.parent if new else folder
    staging = Path(tempfile.mkdtemp(dir=home, prefix=f".{folder.name}.", suffix=TEMP_SUFFIX))
    try:
        for name, data in files.items():
            os.replace(write_temp(staging, name, data, mode), staging / name)
        fsync_folder(staging)
        if new:
            os.chmod(staging, 0o777 & ~current_umask())
            os.rename(staging, folder)
        else:
            for name in files:
                os.replace(staging / name, folder / name)
            staging.rmdir()
        fsync_folder(folder.parent if new else folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for place in created:  # innermost first: only the folders this call made, if empty
            with suppress(OSError):
                place.rmdir()
        raise
    return [folder / name for name in files]


def output_error(error: OSError, folder: Path, *, retry: str = "run the command again"
                 ) -> InputError:
    """A failed output write as one line for whoever ran the command (not the learner form)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        problem = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem = "the folder is read-only or you lack permission"
    elif error.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        problem = "a file is in the way of the folder"
    else:
        problem = error.strerror or str(error)
    return InputError(
        f"cannot write here: {problem}. Nothing was changed; fix that or choose another "
        f"output folder, then {retry}.",
        path=folder,
    )


def save_text(path: str | Path, text: str) -> Path:
    """Atomically save ``text`` (UTF-8) at ``path`` (``~`` allowed), creating its folder."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text.encode("utf-8"))
    return target


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def temporary_folder(prefix: str) -> Path:
    """A new folder in the temporary directory, removed when the process (kernel) exits.

    Its name carries the process id. A kernel that is killed runs no exit handler, so each
    new folder first removes this user's folders with the same prefix whose process is gone:
    repeated runs never pile up temporary folders.
    """
    for old in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = old.name.removeprefix(prefix).split("-", 1)[0]
        with suppress(OSError):
            if pid.isdigit() and old.lstat().st_uid == os.getuid() and not _alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def shown_path(path: str | Path) -> str:
    """A path as a reader sees it: under the home folder as ``~/…``, under the temporary folder
    as ``$TMPDIR/…``. Both still work in a terminal, and a built page never shows the build
    machine's own folders."""
    target = Path(path).expanduser().resolve()
    for root, label in ((Path(tempfile.gettempdir()), "$TMPDIR"), (Path.home(), "~")):
        try:
            rest = target.relative_to(root.resolve())
        except ValueError:
            continue
        return label if rest == Path(".") else f"{label}/{rest.as_posix()}"
    return str(target)


def typed_path(text: str) -> Path:
    """The path a reader typed or was shown: ``~`` and a leading ``$TMPDIR`` as :func:`shown_path`
    writes them (no other variable is expanded)."""
    if text == "$TMPDIR" or text.startswith("$TMPDIR/"):
        return Path(tempfile.gettempdir()) / text[len("$TMPDIR/"):]
    return Path(text).expanduser()
