"""The reflection schema and the trainer's option lists: valid files pass, errors say where."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ogp_curriculum.errors import DefinitionError, InputError
from ogp_curriculum.paths import data_dir
from ogp_curriculum.reflections.schema import (
    KIND,
    SCHEMA_VERSION,
    empty_reflection,
    field_path,
    load_options,
    reflection_schema,
    validate_reflection,
)

DEMO = data_dir() / "reflections" / "demo_cohort"


def valid() -> dict:
    doc = empty_reflection("Group A")
    doc["countries"] = ["Costa Rica"]
    doc["prompts"]["resonance"] = "It resonates."
    doc["challenges"]["selected"] = ["turnover"]
    doc["priority_votes"] = [{"suggestion": "More peer exchange", "votes": 3}]
    return doc


def test_schema_is_itself_valid_and_versioned() -> None:
    schema = reflection_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert schema["properties"]["kind"]["const"] == KIND
    # Documented: every top-level field says what it is for.
    for name, spec in schema["properties"].items():
        assert spec.get("description"), name


def test_a_complete_reflection_is_valid() -> None:
    assert validate_reflection(valid())["group"] == "Group A"


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.json")), ids=lambda p: p.name)
def test_demo_cohort_files_are_valid_and_labelled_fictional(path: Path) -> None:
    doc = validate_reflection(json.loads(path.read_text(encoding="utf-8")), path=path)
    assert doc["fictional"] is True
    assert "(fictional)" in doc["group"]


def test_demo_option_ids_exist_in_the_option_lists() -> None:
    options = load_options()
    demos = sorted(DEMO.glob("*.json"))
    assert demos  # no demo hand-ins must not pass
    for path in demos:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for name in ("challenges", "twp_approaches", "support"):
            known = {o.id for o in options.for_field(name)}
            assert set(doc[name]["selected"]) <= known, (path.name, name)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(level="planetary"), "level"),
        (lambda d: d["prompts"].pop("resonance"), "prompts.resonance"),
        (lambda d: d["priority_votes"][0].update(votes=-1), "priority_votes[0].votes"),
        (lambda d: d["priority_votes"][0].update(votes="3"), "priority_votes[0].votes"),
        (lambda d: d.update(group="   "), "group"),
        (lambda d: d.update(surprise=1), "(top level)"),
        (lambda d: d["challenges"].update(selected=["Not An Id"]), "challenges.selected[0]"),
        (lambda d: d.update(saved_at="yesterday"), "saved_at"),
    ],
)
def test_errors_name_the_file_and_the_field(change, field: str) -> None:
    doc = valid()
    change(doc)
    with pytest.raises(InputError) as caught:
        validate_reflection(doc, path="groups/a.json")
    assert caught.value.field == field
    assert str(caught.value).startswith("groups/a.json, field")


def test_wrong_version_and_foreign_json_are_told_apart() -> None:
    doc = valid()
    doc["schema_version"] = 2
    with pytest.raises(InputError, match="schema version 2 is not supported"):
        validate_reflection(doc)
    with pytest.raises(InputError, match="not a reflection file"):
        validate_reflection({"name": "a package.json"})
    with pytest.raises(InputError, match="top level is not a JSON object"):
        validate_reflection([1, 2])


def test_field_path_rendering() -> None:
    assert field_path(["priority_votes", 2, "votes"]) == "priority_votes[2].votes"
    assert field_path([]) == "(top level)"


def test_the_shipped_option_lists_load() -> None:
    options = load_options()
    assert options.challenges and options.twp_approaches and options.support_categories
    assert options.label("support", "peer-learning").startswith("Peer learning")
    # An id the list no longer has is shown as it is, never dropped.
    assert options.label("challenges", "retired-id") == "retired-id"


def test_option_list_errors_name_file_field_and_row(tmp_path: Path) -> None:
    source = (data_dir() / "reflections" / "options.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "options.yaml"
    broken.write_text(source.replace("id: turnover", "id: Turn Over"), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"field 'challenges\[0\]\.id'"):
        load_options(broken)
    broken.write_text(source.replace("id: mandate", "id: turnover"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="'turnover' is used twice"):
        load_options(broken)
    broken.write_text("challenges: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="row"):
        load_options(broken)
    with pytest.raises(DefinitionError, match="no such option list"):
        load_options(tmp_path / "missing.yaml")
