"""Load the tidy IRM tables as typed DataFrames, validating every value.

Each loader reads the table shipped in ``data/irm/`` or a user's file with the same
columns. Bad input raises ONE ``InputError`` naming the file, the column, the row (the
line in the file; the header is line 1) and the offending value.

Validating a shipped table with Frictionless costs a kernel about a second of CPU, and every
kernel (book builds, Voila, papermill, the hub) loads the same bytes. So the fact that a
shipped table passed is kept as a stamp in the per-user cache, keyed by everything the outcome
depends on; a file a trainer passes is always validated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .. import inputs, paths, user_cache
from ..errors import InputError
from . import schema


def table_path(table: schema.Table) -> Path:
    return paths.data_dir() / "irm" / table.filename


def _bytes(path: Path) -> bytes:
    # The one input layer refuses folders, FIFOs, devices and oversized files first.
    return inputs.read_bytes(path, what="IRM table", limit=inputs.TABLE_LIMIT)


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise InputError("the file is empty", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_no = data[: error.start].count(b"\n") + 1
        column = _column_at(data, error.start)
        raise InputError(
            "the file is not UTF-8 text; re-save it as CSV UTF-8",
            path=path,
            row=line_no,
            field=column,
            value=data[error.start: error.end],
        ) from None


def _column_at(data: bytes, offset: int) -> str | None:
    """Name of the column holding byte ``offset`` (best effort, for the error message)."""
    text = data.decode("utf-8", errors="replace")
    header = next(csv.reader(io.StringIO(text)), [])
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    index = len(next(csv.reader(io.StringIO(prefix + "x")), [""])) - 1
    return header[index] if 0 <= index < len(header) else None


def _read(path: Path, table: schema.Table, data: bytes | None = None) -> pd.DataFrame:
    text = _decode(path, _bytes(path) if data is None else data)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"not a readable CSV table ({error})", path=path) from None
    expected = table.columns
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        unexpected = [c for c in frame.columns if c not in expected]
        hint = f"; found unexpected column {unexpected[0]!r} (renamed?)" if unexpected else ""
        raise InputError(f"required column is missing{hint}", path=path, field=missing[0],
                         row=1, value=unexpected[0] if unexpected else None)
    if frame.empty:
        raise InputError("the file has a header but no rows", path=path)
    return frame[expected]


def _first(mask: pd.Series) -> int:
    return int(mask.to_numpy().nonzero()[0][0])


def _fail(path: Path, frame: pd.DataFrame, name: str, index: int, message: str) -> InputError:
    value = frame[name].iloc[index]
    return InputError(message, path=path, field=name, row=index + 2,
                      value=None if pd.isna(value) else value)


@lru_cache(maxsize=1)
def _package_schemas() -> dict[str, dict[str, Any]]:
    """Each table's Frictionless schema, as ``datapackage.json`` declares it."""
    from .derive import datapackage

    resources = datapackage()["resources"]
    assert isinstance(resources, list)
    return {r["name"]: r["schema"] for r in resources}


def _resource(name: str, frame: pd.DataFrame) -> Any:
    from frictionless import Resource, Schema

    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return Resource(data, name=name, format="csv", encoding="utf-8",
                    schema=Schema.from_descriptor(_package_schemas()[name]))


def _referenced(table: schema.Table) -> list[str]:
    """Tables ``table`` points into by foreign key, then theirs (shipped copies)."""
    names: list[str] = []
    for _, target, _ in table.foreign_keys:
        for name in (*_referenced(schema.TABLES[target]), target):
            if name not in names:
                names.append(name)
    return names


def _message(error: Any, table: schema.Table) -> str:
    kind = error.type
    f = table.get(error.field_name) if error.field_name in table.columns else None
    if kind == "type-error" and f is not None:
        return {"integer": "expected a whole number",
                "boolean": "expected true or false"}.get(f.type, f"expected {f.type}")
    if kind == "constraint-error" and f is not None:
        if "required" in error.note:
            return "a value is required"
        if "enum" in error.note and f.enum is not None:
            return f"unknown value; allowed: {', '.join(f.enum)}"
        if f.minimum is not None or f.maximum is not None:
            return f"out of range (allowed {f.minimum} to {f.maximum})"
        if f.pattern is not None and "pattern" in error.note:
            return f"does not match {f.pattern}"
    if kind == "foreign-key":
        _, target, ref = next(k for k in table.foreign_keys if k[0] == error.field_name)
        return f"no such {ref} in the {target} table"
    return str(error.note)


def _validate(path: Path, frame: pd.DataFrame, table: schema.Table,
              referenced: dict[str, bytes] | None = None) -> None:
    """Enforce the table's Frictionless schema (types, constraints, keys), then its rules.

    ``referenced``: the bytes of the shipped tables it points into, if already read.
    """
    from frictionless import Package

    given = referenced or {}
    package = Package(resources=[
        _resource(name, _read(table_path(schema.TABLES[name]), schema.TABLES[name],
                              given.get(name)))
        for name in _referenced(table)
    ])
    package.add_resource(_resource(table.name, frame))
    report = package.get_resource(table.name).validate()
    errors = report.tasks[0].errors if report.tasks else []
    if errors:
        error = errors[0]
        if error.type == "foreign-key":
            # A foreign-key error names the row but not the field; the first key's field.
            field_name = table.foreign_keys[0][0]
            error.field_name = field_name
        name = getattr(error, "field_name", None)
        row = getattr(error, "row_number", None)
        if name in frame.columns and isinstance(row, int):
            message = _message(error, table)
            if error.type == "unique-error":
                column = frame[name]
                first = _first(column == column.iloc[row - 2]) + 2
                message = f"duplicate id (first on row {first})"
            raise _fail(path, frame, str(name), row - 2, message)
        raise InputError(f"does not fit its schema: {inputs.shorten(error.note, 200)}",
                         path=path, row=row)
    for f in table.fields:
        status = f"{f.name}_status"
        if status in frame.columns:
            # The first label of a status column means "known" (Rated, Published).
            known = frame[status] == (table.get(status).enum or ("",))[0]
            mismatch = known != frame[f.name].notna()
            if mismatch.any():
                raise _fail(path, frame, f.name, _first(mismatch),
                            f"a value must be present exactly when {status} says it is known")


def _typed(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    out = {}
    for f in table.fields:
        column = frame[f.name]
        if f.enum is not None:
            out[f.name] = pd.Categorical(column, categories=list(f.enum), ordered=f.ordered)
        elif f.type == "integer":
            out[f.name] = pd.to_numeric(column).astype("Int64")
        elif f.type == "boolean":
            out[f.name] = column.eq("true")
        else:
            out[f.name] = column.fillna("")
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def load_table(table: schema.Table, path: str | Path | None = None) -> pd.DataFrame:
    """Validate and type one table; ``path`` defaults to the shipped file."""
    source = Path(path) if path is not None else table_path(table)
    if path is None:
        return _cached(table.name, str(source), source.stat().st_mtime_ns).copy()
    return _load(table, source)


def _load(table: schema.Table, source: Path) -> pd.DataFrame:
    frame = _read(source, table)
    _validate(source, frame, table)
    return _typed(frame, table)


@lru_cache(maxsize=16)
def _cached(name: str, source: str, mtime: int) -> pd.DataFrame:
    table, path = schema.TABLES[name], Path(source)
    data = _bytes(path)
    frame = _read(path, table, data)
    _validate_once(path, frame, table, data)
    return _typed(frame, table)


# Folder of the stamps under the per-user cache; bump the version to drop old stamps.
STAMP_DIR = "irm-validated-v1"
# The code a validation's outcome depends on, besides the data and Frictionless itself.
VALIDATING_SOURCES: tuple[Path, ...] = (Path(__file__), Path(schema.__file__))


def _validate_once(path: Path, frame: pd.DataFrame, table: schema.Table, data: bytes) -> None:
    """Validate a shipped table unless a stamp says these exact inputs passed before."""
    referenced = {name: _bytes(table_path(schema.TABLES[name])) for name in _referenced(table)}
    stamp = _stamp(table, data, referenced)
    if stamp is not None and user_cache.has(stamp):
        return
    _validate(path, frame, table, referenced)
    if stamp is not None:  # only a pass is stamped; a failure raises above
        user_cache.write(stamp, f"{table.name}\n".encode())


def _stamp(table: schema.Table, data: bytes, referenced: dict[str, bytes]) -> Path | None:
    """The stamp file for these inputs; None if there is no cache or no key (just validate)."""
    try:
        key = _validation_key(table, data, referenced)
    except (OSError, ImportError):  # a source file or Frictionless's metadata unreadable
        return None
    return user_cache.entry(STAMP_DIR, key)


def _validation_key(table: schema.Table, data: bytes, referenced: dict[str, bytes]) -> str:
    """sha256 of everything the outcome depends on: the table's bytes and those of every
    table it references, their Frictionless schemas, the validating code and the versions of
    Frictionless and pandas (which writes the CSV Frictionless reads)."""
    from importlib.metadata import version

    digest = hashlib.sha256()

    def part(label: str, value: bytes) -> None:
        # Length-prefixed, so no two different sets of inputs hash the same stream.
        digest.update(f"{label}:{len(value)}:".encode())
        digest.update(value)

    part("frictionless", version("frictionless").encode())
    part("pandas", pd.__version__.encode())
    for source in VALIDATING_SOURCES:
        part(source.name, source.read_bytes())
    schemas = _package_schemas()
    for name, content in (*referenced.items(), (table.name, data)):
        part(f"schema {name}", json.dumps(schemas[name], sort_keys=True).encode())
        part(f"table {name}", content)
    return digest.hexdigest()


def load_commitments(path: str | Path | None = None) -> pd.DataFrame:
    """The 2016 IRM commitments: one row per commitment, ratings as ordered Categoricals."""
    return load_table(schema.COMMITMENTS, path)


def load_commitment_tags(path: str | Path | None = None) -> pd.DataFrame:
    """Topic tags of the 2016 commitments, one row per (id, tag)."""
    return load_table(schema.COMMITMENT_TAGS, path)


def load_action_plans(path: str | Path | None = None) -> pd.DataFrame:
    """The 2016 process database: one row per country action plan."""
    return load_table(schema.ACTION_PLANS, path)


def load_open_parliament(path: str | Path | None = None) -> pd.DataFrame:
    """The 2024 THEMATIC SUBSET of open-parliament commitments (not partnership-wide)."""
    return load_table(schema.OPEN_PARLIAMENT, path)


def load_countries(path: str | Path | None = None) -> pd.DataFrame:
    """Countries with ISO codes, OGP region and the region's source."""
    return load_table(schema.COUNTRIES, path)

