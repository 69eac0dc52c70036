"""The engine, and every path of every shipped scenario, which must reach an ending."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ogp_curriculum.errors import InputError
from ogp_curriculum.paths import repo_root
from ogp_curriculum.scenarios import ScenarioRun, load_scenario, shipped_scenarios, walk_paths

SHIPPED = shipped_scenarios()


def test_three_scenarios_ship() -> None:
    names = {p.stem for p in SHIPPED}
    assert {"national_eprocurement", "cross_country_budgeting",
            "subnational_access_to_information"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_path_reaches_an_ending(path: Path) -> None:
    scenario = load_scenario(path)
    paths = list(walk_paths(scenario))
    assert len(paths) >= 2
    endings_seen = set()
    for choices in paths:
        run = ScenarioRun(scenario)
        for index in choices:
            run.choose(index)
        assert run.finished, f"{path.name}: path {choices} stops at '{run.current}'"
        debrief = run.debrief()
        assert len(debrief.path) == len(choices)
        assert all(0 <= v <= 100 for v in debrief.indicators.values())
        endings_seen.add(run.current)
    # Every ending is reachable by some path, and the walk covered every choice.
    assert endings_seen == {k for k, s in scenario.scenes.items() if s.ending}
    taken = set()
    for choices in paths:
        run = ScenarioRun(scenario)
        for index in choices:
            taken.add((run.current, index))
            run.choose(index)
    every = {(k, i) for k, s in scenario.scenes.items() for i in range(len(s.choices))}
    assert taken == every


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenarios_cite_known_sources_and_label_people(path: Path) -> None:
    scenario = load_scenario(path)
    from pybtex.database import parse_file

    # Parse with the same library the book uses, so a broken entry fails here too.
    keys = set(parse_file(str(repo_root() / "references.bib")).entries)
    assert scenario.sources and set(scenario.sources) <= keys
    assert scenario.characters
    texts = [(scene.key, scene.text) for scene in scenario.scenes.values()]
    texts += [(scene.key, text) for scene in scenario.scenes.values() for c in scene.choices
              for text in (c.label, c.feedback, c.twp)]
    for where, text in texts:
        for character in scenario.characters:
            first = text.find(character.name)
            if first >= 0:
                after = text[first + len(character.name):]
                assert re.match(r"('s)? ?\s*\(fictional\)", after), (
                    f"{path.name} scene {where}: first mention of {character.name} "
                    "must be labelled (fictional)")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_placeholder_can_be_overridden(path: Path) -> None:
    plain = load_scenario(path)
    overrides = {name: f"ZZ{name.upper()}ZZ" for name in plain.placeholders}
    custom = load_scenario(path, overrides)
    text = json.dumps([s.text for s in custom.scenes.values()] + [custom.title, custom.summary])
    for value in overrides.values():
        assert value in text or value in json.dumps(
            [c.label for s in custom.scenes.values() for c in s.choices])
    assert "{" not in text


@pytest.fixture
def run() -> ScenarioRun:
    return ScenarioRun(load_scenario(SHIPPED[0]))


def test_choose_applies_effects_and_records_feedback(tmp_path: Path) -> None:
    # Expected values are written out by hand, not recomputed with the engine's own formula.
    path = tmp_path / "two.yml"
    path.write_text(
        "id: two\ntitle: Two\nsummary: Two indicators.\n"
        "indicators: {coalition: {label: Coalition, start: 40}, trust: {label: Trust, start: 50}}\n"
        "start: a\nscenes:\n  a:\n    text: Start.\n    choices:\n"
        "      - {label: Stay, goto: a, effects: {trust: 1}, feedback: Wait, twp: T0}\n"
        "      - {label: Go, goto: z, effects: {coalition: 15, trust: -10},"
        " feedback: F1, twp: T1}\n"
        "  z: {text: End., ending: true}\nreflection_questions: ['Why?']\n",
        encoding="utf-8",
    )
    run = ScenarioRun(load_scenario(path))
    step = run.choose(1)
    assert step.feedback == "F1"
    assert run.indicators == {"coalition": 55, "trust": 40}
    assert run.current == "z"
    record = run.transcript()[0]
    assert (record["choice"], record["twp"], record["changes"]) == (
        "Go", "T1", {"coalition": 15, "trust": -10})


def test_undo_restores_scene_and_indicators(run: ScenarioRun) -> None:
    before = (run.current, dict(run.indicators))
    run.choose(0)
    assert run.undo()
    assert (run.current, run.indicators) == before
    assert not run.undo()


def test_indicators_are_clamped_and_undo_stays_exact(tmp_path: Path) -> None:
    path = tmp_path / "clamp.yml"
    path.write_text(
        "id: clamp\ntitle: Clamp\nsummary: Clamping.\n"
        "indicators: {coalition: {label: Coalition, start: 95}}\nstart: a\n"
        "scenes:\n  a:\n    text: Start.\n    choices:\n"
        "      - {label: Go, goto: z, effects: {coalition: 20}, feedback: F, twp: T}\n"
        "  z: {text: End., ending: true}\nreflection_questions: ['Why?']\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    run = ScenarioRun(scenario)
    run.choose(0)
    assert run.indicators["coalition"] == 100
    run.undo()
    assert run.indicators["coalition"] == 95


def test_restart_clears_history(run: ScenarioRun) -> None:
    run.choose(0)
    run.restart()
    assert run.history == [] and run.current == run.scenario.start


def test_bad_choice_index_is_an_input_error(run: ScenarioRun) -> None:
    with pytest.raises(InputError):
        run.choose(99)


def test_debrief_only_at_an_ending(run: ScenarioRun) -> None:
    with pytest.raises(InputError):
        run.debrief()


def test_save_and_resume(run: ScenarioRun, tmp_path: Path) -> None:
    run.choose(1)
    run.choose(0)
    saved = run.save(tmp_path / "progress.json", answers={"q1": "<b>mine</b>"})
    other = ScenarioRun(run.scenario)
    answers = other.load(saved)
    assert other.current == run.current and other.indicators == run.indicators
    assert answers == {"q1": "<b>mine</b>"}


def test_resume_from_a_broken_file_keeps_current_state(run: ScenarioRun, tmp_path: Path) -> None:
    run.choose(0)
    state = (run.current, dict(run.indicators))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "ogp-scenario-progress/1",
                               "scenario": run.scenario.id, "choices": [0, 42]}))
    with pytest.raises(InputError) as info:
        run.load(bad)
    assert str(bad) in str(info.value)
    assert (run.current, run.indicators) == state
    bad.write_text("{not json")
    with pytest.raises(InputError):
        run.load(bad)
    assert (run.current, run.indicators) == state


def test_resume_refuses_another_scenarios_progress(run: ScenarioRun, tmp_path: Path) -> None:
    other = ScenarioRun(load_scenario(SHIPPED[1]))
    path = other.save(tmp_path / "other.json")
    with pytest.raises(InputError) as info:
        run.load(path)
    assert info.value.field == "scenario"


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_engine_imports_no_widgets() -> None:
    import subprocess
    import sys

    code = ("import sys, ogp_curriculum.scenarios as s; "
            "s.ScenarioRun; print('ipywidgets' in sys.modules)")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.strip() == "False"
