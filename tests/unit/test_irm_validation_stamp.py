"""A shipped IRM table that passed validation once is not re-validated by the next kernel,
unless anything the outcome depends on changed; a trainer's file is always validated."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ogp_curriculum import paths
from ogp_curriculum.errors import InputError
from ogp_curriculum.irm import load, schema

TABLE = schema.ACTION_PLANS  # small, and it references the countries table


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the shipped tables and an empty per-user cache; yields the tables."""
    folder = tmp_path / "data" / "irm"
    shutil.copytree(paths.repo_root() / "data" / "irm", folder)
    monkeypatch.setenv("OGP_CURRICULUM_DATA", str(folder.parent))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load._cached.cache_clear()
    yield folder
    load._cached.cache_clear()  # no later test sees a frame loaded from this copy


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables Frictionless validates from now on (the real validator still runs)."""
    calls: list[str] = []
    real = load._validate

    def spy(path: Path, frame: Any, table: schema.Table, *args: Any) -> None:
        calls.append(table.name)
        real(path, frame, table, *args)

    monkeypatch.setattr(load, "_validate", spy)
    return calls


def _stamps(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "cache" / "ogp-curriculum" / load.STAMP_DIR
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _new_kernel() -> None:
    load._cached.cache_clear()  # what a fresh process starts with


def test_the_next_kernel_with_the_same_bytes_skips_frictionless(
    data: Path, tmp_path: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load.load_action_plans()
    assert validations == [TABLE.name] and len(_stamps(tmp_path)) == 1

    _new_kernel()

    def refuse(*args: object) -> None:
        raise AssertionError("validated although a stamp says these bytes passed")

    monkeypatch.setattr(load, "_validate", refuse)
    assert load.load_action_plans().equals(first)


def test_another_process_reuses_the_stamp_without_importing_frictionless(
    data: Path, tmp_path: Path
) -> None:
    load.load_action_plans()
    probe = (
        "import sys; import ogp_curriculum.irm.load as l\n"
        "def refuse(*a): raise SystemExit('validated again')\n"
        "l._validate = refuse\n"
        "assert len(l.load_action_plans()) == 116\n"
        "assert 'frictionless' not in sys.modules, 'frictionless imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=dict(os.environ),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _year_at_most_2011(monkeypatch: pytest.MonkeyPatch) -> None:
    schemas = copy.deepcopy(load._package_schemas())
    field = next(f for f in schemas[TABLE.name]["fields"] if f["name"] == "year_submitted")
    field["constraints"]["maximum"] = 2011
    monkeypatch.setattr(load, "_package_schemas", lambda: schemas)


# Each change makes the shipped action plans invalid; an earlier pass's stamp must not hide it.
BREAKS: dict[str, Callable[[Path, pytest.MonkeyPatch], None]] = {
    "a byte of the table": lambda folder, _: _edit(
        folder / TABLE.filename, "ALB-1,ALB,Albania,1,2012", "ALB-1,ALB,Albania,1,2002"),
    "a byte of a referenced table": lambda folder, _: _edit(
        folder / schema.COUNTRIES.filename, "ALB,AL,Albania", "ALX,AL,Albania"),
    "the schema": lambda _, monkeypatch: _year_at_most_2011(monkeypatch),
}


@pytest.mark.parametrize("change", list(BREAKS))
def test_a_change_is_validated_again_and_refused_as_without_a_stamp(
    change: str, data: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load.load_action_plans()
    BREAKS[change](data, monkeypatch)
    _new_kernel()
    with pytest.raises(InputError) as stamped:
        load.load_action_plans()
    assert validations == [TABLE.name, TABLE.name]
    # A file passed by path is always validated: the same one-line error, field and row.
    with pytest.raises(InputError) as direct:
        load.load_action_plans(data / TABLE.filename)
    assert str(stamped.value) == str(direct.value)
    assert stamped.value.field and stamped.value.row


def test_a_changed_validating_source_or_frictionless_validates_again(
    data: Path, tmp_path: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "schema.py"
    shutil.copy(schema.__file__, source)
    monkeypatch.setattr(load, "VALIDATING_SOURCES", (Path(load.__file__), source))
    load.load_action_plans()
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _new_kernel()
    load.load_action_plans()
    assert validations == [TABLE.name] * 2

    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "0.0-other" if name == "frictionless" else real(name))
    _new_kernel()
    load.load_action_plans()
    assert validations == [TABLE.name] * 3
    assert len(_stamps(tmp_path)) == 3


def test_a_trainers_file_is_validated_even_with_a_stamp(
    data: Path, validations: list[str]
) -> None:
    load.load_action_plans()
    load.load_action_plans(data / TABLE.filename)  # the same bytes, passed by path
    assert validations == [TABLE.name, TABLE.name]


def test_an_unwritable_cache_still_loads(
    data: Path, tmp_path: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the cache folder should be: no folder can be made in it, even as root.
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert len(load.load_action_plans()) == 116
    _new_kernel()
    assert len(load.load_action_plans()) == 116
    assert validations == [TABLE.name, TABLE.name]  # no stamp, so validated each time
