"""The player, driven the way a learner drives it: set values, click buttons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ipywidgets.widgets import widget as widget_module

from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.paths import data_dir
from ogp_curriculum.scenarios import load_scenario, shipped_scenarios, walk_paths
from ogp_curriculum.scenarios.view import Problem, ScenarioPlayer, player, show

SCENARIO = data_dir() / "scenarios" / "national_eprocurement.yml"


@pytest.fixture
def view(tmp_path: Path) -> ScenarioPlayer:
    return player(SCENARIO, save_path=tmp_path / "progress.json", cohort_name="Cohort <A>")


def test_clicking_a_full_path_reaches_the_debrief(view: ScenarioPlayer) -> None:
    path = next(iter(walk_paths(view.run.scenario)))
    assert view.reflection_box.layout.display == "none"
    for index in path:
        assert view.debrief.value == ""
        view.choice_buttons[index].click()
        assert "What happened" in view.feedback.value
    assert view.run.finished
    assert "Debrief" in view.debrief.value
    assert "Final indicators" in view.debrief.value
    assert view.choice_buttons == []
    assert view.reflection_box.layout.display is None
    for step in view.run.history:
        assert step.label.replace("'", "&#x27;") in view.debrief.value


def test_bars_follow_the_indicators(view: ScenarioPlayer) -> None:
    view.choice_buttons[0].click()
    for key, bar in view.bars.items():
        assert bar.value == view.run.indicators[key]
        assert view.bar_values[key].value == f"{view.run.indicators[key]} / 100"


def test_back_and_restart_buttons(view: ScenarioPlayer) -> None:
    start_text = view.narrative.value
    assert view.back_button.disabled
    view.choice_buttons[0].click()
    assert not view.back_button.disabled
    assert view.narrative.value != start_text
    view.back_button.click()
    assert view.narrative.value == start_text and view.feedback.value == ""
    view.choice_buttons[1].click()
    view.choice_buttons[0].click()
    view.restart_button.click()
    assert view.run.history == [] and view.narrative.value == start_text


def test_save_and_resume_with_answers(view: ScenarioPlayer, tmp_path: Path) -> None:
    path = next(iter(walk_paths(view.run.scenario)))
    for index in path:
        view.choice_buttons[index].click()
    view.answer_boxes[0].value = "We needed <script>alert(1)</script> allies"
    view.save_button.click()
    assert "Saved" in view.status.value
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["choices"] == path
    fresh = player(SCENARIO, save_path=tmp_path / "progress.json")
    fresh.load_button.click()
    assert "Resumed" in fresh.status.value
    assert fresh.run.current == view.run.current
    assert fresh.answer_boxes[0].value == view.answer_boxes[0].value
    assert "Debrief" in fresh.debrief.value


def test_resume_from_a_missing_file_says_so(view: ScenarioPlayer, tmp_path: Path) -> None:
    view.choice_buttons[0].click()
    view.save_path.value = str(tmp_path / "nope.json")
    view.load_button.click()
    assert view.status.value.startswith("Not resumed:")
    assert view.run.history, "a failed resume keeps the learner's progress"


def test_text_is_escaped(tmp_path: Path) -> None:
    source = SCENARIO.read_text(encoding="utf-8")
    path = tmp_path / "x.yml"
    path.write_text(source, encoding="utf-8")
    evil = "<img src=x onerror=alert(1)>"
    view = player(path, overrides={"country": evil}, cohort_name="<b>cohort</b>")
    page = view.header.value + view.narrative.value
    assert "<img" not in page and "&lt;img" in page
    assert "<b>cohort</b>" not in view.header.value
    assert "&lt;b&gt;cohort&lt;/b&gt;" in view.header.value


def test_broken_yaml_errors_before_any_widget(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(SCENARIO.read_text(encoding="utf-8").replace("goto: mapping",
                                                                "goto: nowhere", 1))
    before = len(widget_module._instances)
    with pytest.raises(DefinitionError) as info:
        player(bad)
    assert len(widget_module._instances) == before
    assert "unknown scene 'nowhere'" in str(info.value)
    notice = show(bad)
    assert isinstance(notice, Problem)
    assert len(widget_module._instances) == before
    assert "nowhere" in repr(notice) and "nowhere" in notice._repr_html_()


def test_every_shipped_scenario_renders(tmp_path: Path) -> None:
    for path in shipped_scenarios():
        view = show(path, save_path=tmp_path / "p.json")
        assert isinstance(view, ScenarioPlayer)
        assert len(view.choice_buttons) == len(load_scenario(path).scene(
            load_scenario(path).start).choices)


def test_header_lists_the_fictional_cast(view: ScenarioPlayer) -> None:
    for character in view.run.scenario.characters:
        assert f"{character.name} (fictional)" in view.header.value
    assert "fictional" in view.run.scenario.fictional_note


def test_fifty_clicks_create_no_new_widgets(view: ScenarioPlayer) -> None:
    """Playing on (choices, back, restart) reuses the player's widgets: no model leaks."""
    for _ in range(3):  # the pool of choice buttons reaches its size within a few scenes
        for index in next(iter(walk_paths(view.run.scenario))):
            view.choice_buttons[index].click()
        view.restart_button.click()
    settled = len(widget_module._instances)
    clicks = 0
    paths = list(walk_paths(view.run.scenario))
    while clicks < 50:
        for index in paths[clicks % len(paths)]:
            view.choice_buttons[index].click()
            clicks += 1
        view.back_button.click()
        view.restart_button.click()
        clicks += 2
    assert len(widget_module._instances) == settled


def test_feedback_comes_before_the_next_choices_and_is_announced(view: ScenarioPlayer) -> None:
    view.choice_buttons[0].click()
    children = list(view.widget.children)
    assert children.index(view.feedback) < children.index(view.narrative)
    assert children.index(view.feedback) < children.index(view.choice_box)
    assert "aria-live='polite'" in view.feedback.value
    assert "role='status'" in view.feedback.value


def test_indicator_rows_wrap_on_a_phone(view: ScenarioPlayer) -> None:
    rows = view.indicator_box.children
    assert rows and all("ogp-indicator" in row._dom_classes for row in rows)
    assert ".ogp-indicator{flex-wrap:wrap" in view.header.value


def test_transcript_has_readable_headers_and_no_empty_table(view: ScenarioPlayer) -> None:
    from ogp_curriculum.scenarios.view import Transcript, transcript

    empty = transcript(view)
    assert "<table" not in empty._repr_html_() and "No choices yet" in repr(empty)
    view.choice_buttons[0].click()
    table = transcript(view)._repr_html_()
    assert "<th scope='col'>Your choice</th>" in table
    assert "scene_title" not in table and "twp" not in table
    assert "<script>" not in Transcript([{"step": 1, "scene_title": "<script>", "choice": "c",
                                          "twp": "t"}])._repr_html_()
