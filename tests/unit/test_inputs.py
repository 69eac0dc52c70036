"""The one input layer: files, strict YAML, bounded JSON, schema errors in file order."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError, InputError


def test_text_is_nfc_and_a_bom_is_dropped(tmp_path: Path) -> None:
    target = tmp_path / "a.yml"
    decomposed = unicodedata.normalize("NFD", "Côte d'Ivoire")
    target.write_bytes(b"\xef\xbb\xbf" + f"name: {decomposed}\n".encode())
    assert inputs.load_yaml(target).data == {"name": "Côte d'Ivoire"}


def test_nested_duplicate_key_names_its_line(tmp_path: Path) -> None:
    target = tmp_path / "a.yml"
    target.write_text("scenes:\n  intro: {text: a}\n  other: {text: b}\n  intro: {text: c}\n",
                      encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        inputs.load_yaml(target)
    assert caught.value.row == 4 and "duplicate key 'intro'" in str(caught.value)


def test_shared_aliases_within_the_bound_are_fine() -> None:
    text = "base: &b {a: 1, b: 2}\none: *b\ntwo: *b\n"
    assert inputs.parse_yaml(text).data["two"] == {"a": 1, "b": 2}


def test_deep_json_is_an_input_error_not_recursion() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        inputs.parse_json("[" * 70 + "]" * 70)
    with pytest.raises(InputError, match="nested too deeply"):
        inputs.parse_json("[" * 200_000 + "]" * 200_000)
    nested = inputs.parse_json("[" * 60 + "]" * 60)
    for _ in range(59):
        nested = nested[0]
    assert nested == []


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    target = tmp_path / "big.json"
    target.write_bytes(b" " * 2048)
    with pytest.raises(InputError, match="too large"):
        inputs.read_bytes(target, limit=1024)
    assert len(inputs.read_bytes(target, limit=4096)) == 2048


def _errors(data: object) -> list[str]:
    return [inputs.field_path(e.absolute_path) + ": " + inputs.message(e)
            for e in inputs.schema_errors(data, "worksheet")]


def test_schema_errors_follow_the_order_of_the_file() -> None:
    # Alphabetical order of paths would put 'steps' before 'title'; the file has title first.
    later_steps = {"title": 5, "id": "x", "intro": "y", "steps": 3}
    first, second = _errors(later_steps)[:2]
    assert first.startswith("title") and second.startswith("steps")
    earlier_steps = {"steps": 3, "title": 5, "id": "x", "intro": "y"}
    assert _errors(earlier_steps)[0].startswith("steps")


def test_unknown_field_is_placed_where_it_is_written() -> None:
    data = {"zzz_unknown": 1, "id": "x", "title": 5, "intro": "y", "steps": []}
    messages = _errors(data)
    assert "unknown field 'zzz_unknown'" in messages[0]


def test_messages_never_copy_a_long_value() -> None:
    data = {"id": "x", "title": ["a" * 1_000_000], "intro": "y", "steps": []}
    for text in _errors(data):
        assert len(text) < 300


def test_error_lines_are_one_short_line() -> None:
    error = InputError("bad\nvalue\r=cmd", path="x.yml", field="f", value="v" * 10_000)
    text = str(error)
    assert "\n" not in text and "\r" not in text and len(text) <= 400
