"""Saving a group's reflections so that nothing is ever lost.

* One JSON file per group, ``<folder>/<group-slug>.json``: always the latest answers.
* Every save also writes ``<folder>/versions/<group-slug>.<UTC timestamp>.<pid>.json``, so an
  earlier version is never overwritten silently (and two people saving the same group at once
  both keep their answers).
* Each write is atomic: a temporary file in the same folder, ``fsync``, then ``os.replace``.
  A crash before the rename leaves the previous file intact; readers never see half a file.
* Hand-ins are group-readable (the umask's mode plus ``g+r``), so a trainer in the shared
  folder's group can read them; see trainers/collecting_reflections.md.
* Disk problems become a :class:`SaveError` with a sentence a learner can act on.

No network is involved anywhere.
"""

from __future__ import annotations

import errno
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.errors import InputError
from ogp_curriculum.files import TEMP_SUFFIX as TEMP_SUFFIX  # readers skip these leftovers
from ogp_curriculum.files import (
    atomic_write,
    fsync_folder,
    output_error,
    shared_mode,
    write_temp,
)
from ogp_curriculum.reflections.schema import validate_reflection

VERSIONS_DIR = "versions"
DEFAULT_FOLDER = Path("~") / "ogp_reflections"

_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class SaveError(InputError):
    """Saving failed; the message says why and what to do. The answers stay in the form."""

    def __init__(self, message: str, *, path: str | Path | None = None, reason: str) -> None:
        self.reason = reason
        super().__init__(message, path=path)


def default_folder() -> Path:
    """Where the form saves unless the learner picks another folder: under the home folder."""
    return DEFAULT_FOLDER.expanduser()


def group_slug(group: str) -> str:
    """A safe, readable file stem for a group name (``"Grupo Sur / 2"`` -> ``grupo-sur-2``)."""
    ascii_name = unicodedata.normalize("NFKD", group).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "group"


def same_group(a: str, b: str) -> bool:
    """Group names match when they differ only in case and spacing."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def explain_os_error(error: OSError, folder: Path) -> SaveError:
    if error.errno in _READ_ONLY:
        return SaveError(
            "cannot write here: the folder is read-only or you lack permission. Your answers "
            "are still in the form; choose another folder (one under your home folder works) "
            "and save again.",
            path=folder,
            reason="read-only",
        )
    if error.errno in _FULL:
        return SaveError(
            "cannot write here: the disk is full. Your answers are still in the form; free "
            "some space or choose a folder on another disk, then save again.",
            path=folder,
            reason="disk-full",
        )
    return SaveError(
        f"could not save ({error.strerror or error}). Your answers are still in the form; "
        "try again or choose another folder.",
        path=folder,
        reason="other",
    )


def write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Atomically create a file that did not exist: ``stem.json``, else ``stem.2.json``, ...

    ``os.link`` refuses to replace an existing name, so two writers can never clobber each other.
    """
    temp = write_temp(folder, stem, data, mode=shared_mode())
    try:
        for n in range(1, 10_000):
            target = folder / (f"{stem}.json" if n == 1 else f"{stem}.{n}.json")
            try:
                os.link(temp, target)
            except FileExistsError:
                continue
            fsync_folder(folder)
            return target
        raise FileExistsError(errno.EEXIST, "too many files with this name", str(folder))
    finally:
        with suppress(OSError):
            os.unlink(temp)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


@dataclass(frozen=True)
class SaveResult:
    path: Path
    version_path: Path
    saved_at: datetime


def encode(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def group_file(folder: str | Path, group: str) -> Path:
    return Path(folder).expanduser() / f"{group_slug(group)}.json"


def save_reflection(
    folder: str | Path, document: Mapping[str, Any], *, now: datetime | None = None
) -> SaveResult:
    """Validate, then save a group's reflections; raise ``InputError``/``SaveError`` on failure.

    Nothing on disk changes unless the new version is complete and valid.
    """
    moment = now or datetime.now(UTC)
    record = dict(document, saved_at=moment.astimezone(UTC).isoformat(timespec="seconds"))
    folder = Path(folder).expanduser()
    target = group_file(folder, record.get("group", ""))
    validate_reflection(record, path=target)
    data = encode(record)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _refuse_other_group(target, record["group"])
        versions = folder / VERSIONS_DIR
        versions.mkdir(exist_ok=True)
        stem = f"{target.stem}.{_timestamp(moment)}.{os.getpid()}"
        version_path = write_new(versions, stem, data)
        atomic_write(target, data, mode=shared_mode())
    except OSError as error:
        raise explain_os_error(error, folder) from None
    return SaveResult(path=target, version_path=version_path, saved_at=moment)


def _refuse_other_group(target: Path, group: str) -> None:
    # Two names can share a slug ("Group A" and "group-a!"); never let one replace the other.
    try:
        existing = inputs.load_json(target, what="reflection file")
    except InputError:
        return
    other = existing.get("group") if isinstance(existing, dict) else None
    if isinstance(other, str) and not same_group(other, group):
        raise SaveError(
            f"this file already holds the answers of group {other!r}; give your group a "
            "different name. Your answers are still in the form.",
            path=target,
            reason="name-taken",
        )


def read_json(path: str | Path) -> Any:
    """Parse a JSON file; a clear ``InputError`` (with line and column) if it is not JSON."""
    return inputs.load_json(path, what="reflection file")


def load_reflection(path: str | Path) -> dict[str, Any]:
    """Read and validate one group's file."""
    return validate_reflection(read_json(path), path=path)


def load_group(folder: str | Path, group: str) -> dict[str, Any] | None:
    """The saved answers of ``group`` in ``folder``, or ``None`` if it has not saved yet."""
    path = group_file(folder, group)
    if not path.exists():
        return None
    document = load_reflection(path)
    if not same_group(document["group"], group):
        return None
    return document


def list_versions(folder: str | Path, group: str) -> list[Path]:
    """Every saved version of a group, oldest first."""
    versions = Path(folder).expanduser() / VERSIONS_DIR
    if not versions.is_dir():
        return []
    stem = group_slug(group)
    return sorted(p for p in versions.glob(f"{stem}.*.json") if p.name.split(".")[0] == stem)


@dataclass(frozen=True)
class Intake:
    """What happened to one handed-in file."""

    name: str
    path: Path | None
    message: str


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def add_files(folder: str | Path, files: Iterable[tuple[str, bytes]]) -> list[Intake]:
    """Copy handed-in files (upload widget, email) into the plenary folder.

    Nothing is ever replaced: a name already taken gets ``.2``, ``.3``...; an identical copy of
    a file already there is not added twice. Whether a file is a usable reflection is decided
    (and reported) when the folder is read.
    """
    folder = Path(folder).expanduser()
    results: list[Intake] = []
    # The trainer adds these files: errors speak to the trainer, not in the learner form's words.
    retry = "add the files again"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise output_error(error, folder, retry=retry) from None
    existing = {p.read_bytes(): p for p in folder.glob("*.json") if p.is_file()}
    for name, content in files:
        stem = _SAFE_NAME.sub("_", Path(name).name).strip("._") or "upload"
        if stem.lower().endswith(".json"):
            stem = stem[:-5]
        if not name.lower().endswith(".json"):
            results.append(Intake(name, None, "not added: only .json files are reflections"))
            continue
        if content in existing:
            results.append(
                Intake(name, existing[content], f"already there as {existing[content].name}")
            )
            continue
        try:
            path = write_new(folder, stem or "upload", content)
        except OSError as error:
            raise output_error(error, folder, retry=retry) from None
        existing[content] = path
        results.append(Intake(name, path, f"added as {path.name}"))
    return results
