"""Stakeholder power map: the state exhaustively, the view through clicks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ogp_curriculum.errors import InputError
from ogp_curriculum.tools.power_map import QUADRANTS, PowerMap
from ogp_curriculum.tools.power_map_view import PowerMapView


@pytest.fixture
def pmap() -> PowerMap:
    m = PowerMap("Procurement reform")
    m.add("Finance ministry", 9, -3, "owns the bulletin board")
    m.add("Reform team", 7, 5)
    m.add("Small suppliers", 3, 4)
    m.add("Old vendor", 2, -2)
    m.add("Press", 5, 0)
    return m


@pytest.mark.parametrize(("influence", "stance", "quadrant"), [
    (10, 1, "Powerful supporters"), (6, 5, "Powerful supporters"),
    (5, 5, "Supporters with little influence"), (0, 1, "Supporters with little influence"),
    (6, -1, "Powerful opponents"), (10, -5, "Powerful opponents"),
    (5, -1, "Opponents with little influence"), (9, 0, "Undecided"), (0, 0, "Undecided"),
])
def test_quadrants(influence: int, stance: int, quadrant: str) -> None:
    assert PowerMap().add("X", influence, stance).quadrant == quadrant


@pytest.mark.parametrize(("name", "influence", "stance", "field"), [
    ("", 5, 0, "name"), ("   ", 5, 0, "name"), ("A", 11, 0, "influence"),
    ("A", -1, 0, "influence"), ("A", 5, 6, "stance"), ("A", 5, 2.5, "stance"),
    ("A", "high", 0, "influence"), ("A", True, 0, "influence"), ("x" * 81, 5, 0, "name"),
])
def test_bad_values_name_the_field(name: str, influence: object, stance: object,
                                   field: str) -> None:
    with pytest.raises(InputError) as info:
        PowerMap().add(name, influence, stance)
    assert info.value.field == field


def test_duplicate_names_are_refused(pmap: PowerMap) -> None:
    with pytest.raises(InputError):
        pmap.add("press", 1, 1)


def test_prompts_cover_occupied_quadrants(pmap: PowerMap) -> None:
    prompts = {q: names for q, names, _ in pmap.prompts()}
    assert set(prompts) == set(QUADRANTS)
    assert prompts["Powerful opponents"] == ["Finance ministry"]
    pmap.remove("Press")
    assert "Undecided" not in {q for q, _, _ in pmap.prompts()}


def test_chart_is_accessible_and_embeds_the_actors(pmap: PowerMap) -> None:
    spec = pmap.chart().to_dict()
    assert spec["title"] == "Procurement reform"
    assert "Powerful opponents: 1" in spec["description"]
    datasets = list(spec["datasets"].values())
    names = {row.get("name") for rows in datasets for row in rows}
    assert {"Finance ministry", "Small suppliers"} <= names


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_and_load_round_trip(pmap: PowerMap, tmp_path: Path, suffix: str) -> None:
    pmap.add("=HYPERLINK(\"x\")", 1, 1, "+formula")
    path = pmap.export(tmp_path / f"map{suffix}")
    again = PowerMap.load(path)
    assert again.actors == pmap.actors


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    m = PowerMap()
    m.add("=1+1", 1, 1, "@SUM(A1)")
    text = m.to_csv()
    assert "'=1+1" in text and "'@SUM(A1)" in text


def test_load_reports_the_bad_row(tmp_path: Path) -> None:
    bad = tmp_path / "map.csv"
    bad.write_text("name,influence,stance,note\nA,5,1,\nB,50,1,\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        PowerMap.load(bad)
    assert info.value.row == 2 and info.value.field == "influence"
    assert str(bad) in str(info.value)
    other = tmp_path / "map.json"
    other.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(InputError):
        PowerMap.load(other)


def test_export_needs_a_known_extension(pmap: PowerMap, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        pmap.export(tmp_path / "map.xlsx")


def test_view_add_remove_export_load(tmp_path: Path) -> None:
    view = PowerMapView(export_path=tmp_path / "map.json")
    view.name.value = "<script>alert(1)</script>"
    view.influence.value = 8
    view.stance.value = -4
    view.note.value = "<b>bold</b>"
    view.add_button.click()
    assert len(view.map.actors) == 1
    assert view.map.actors[0].quadrant == "Powerful opponents"
    assert "<script>" not in view.table.value and "&lt;script&gt;" in view.table.value
    assert "<b>bold</b>" not in view.table.value
    assert "Powerful opponents" in view.prompts.value
    assert view.name.value == ""
    view.name.value = "Allies"
    view.stance.value = 3
    view.add_button.click()
    view.export_button.click()
    assert "Exported" in view.status.value
    view.remove_choice.value = "Allies"
    view.remove_button.click()
    assert [a.name for a in view.map.actors] == ["<script>alert(1)</script>"]
    view.load_button.click()
    assert len(view.map.actors) == 2


def test_view_reports_bad_input_without_losing_the_map(tmp_path: Path) -> None:
    view = PowerMapView(export_path=tmp_path / "missing.json")
    view.name.value = "A"
    view.add_button.click()
    view.name.value = "  "
    view.add_button.click()
    assert view.status.value.startswith("Not added")
    view.load_button.click()
    assert view.status.value.startswith("Not loaded")
    assert [a.name for a in view.map.actors] == ["A"]
