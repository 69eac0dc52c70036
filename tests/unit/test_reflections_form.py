"""The reflection form's state machine, state by state (no widgets involved)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ogp_curriculum.errors import InputError
from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.form import ReflectionForm, split_countries
from ogp_curriculum.reflections.schema import empty_reflection

T0 = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def form(tmp_path: Path) -> ReflectionForm:
    return ReflectionForm(folder=tmp_path, clock=Clock())


def on_disk(form: ReflectionForm) -> dict:
    return json.loads(storage.group_file(form.folder, form.group).read_text(encoding="utf-8"))


def test_starts_blank_and_saves_nothing_without_a_group(form: ReflectionForm) -> None:
    assert form.state == "blank" and "group's name" in form.message
    form.set_prompt("resonance", "typed before naming the group")
    assert form.state == "blank" and form.dirty
    assert not form.save()
    assert list(form.folder.iterdir()) == []


def test_naming_the_group_autosaves_what_was_typed(form: ReflectionForm) -> None:
    form.set_prompt("resonance", "typed before naming the group")
    form.set_group("  Group   A ")
    assert form.group == "Group A"
    assert form.state == "saved" and not form.dirty
    assert on_disk(form)["prompts"]["resonance"] == "typed before naming the group"


def test_every_change_autosaves_and_says_when(form: ReflectionForm) -> None:
    form.set_group("Group A")
    form.set_countries("Costa Rica; PHL, costa rica")
    form.set_level("cross-country")
    form.set_prompt("support_and_resources", "mentors")
    form.set_selected("challenges", ["turnover", "resources", "turnover"])
    form.set_other("challenges", "our own words")
    form.set_votes([("Peer exchange", 3), ("  ", 9), ("Flexible funds", 0)])
    saved = on_disk(form)
    assert saved["countries"] == ["Costa Rica", "PHL"]
    assert saved["level"] == "cross-country"
    assert saved["challenges"] == {"selected": ["turnover", "resources"], "other": "our own words"}
    assert saved["priority_votes"] == [
        {"suggestion": "Peer exchange", "votes": 3},
        {"suggestion": "Flexible funds", "votes": 0},
    ]
    expected = form.last_saved.astimezone().strftime("%H:%M")
    assert form.message.startswith(f"saved at {expected} in ")
    assert len(storage.list_versions(form.folder, "Group A")) == 7  # one per change


def test_without_autosave_changes_wait_for_save(tmp_path: Path) -> None:
    form = ReflectionForm(folder=tmp_path, autosave=False, clock=Clock())
    form.set_group("Group A")
    assert form.state == "unsaved" and form.dirty and "press Save" in form.message
    assert not storage.group_file(tmp_path, "Group A").exists()
    assert form.save() and form.state == "saved"


@pytest.mark.parametrize(
    ("action", "field"),
    [
        (lambda f: f.set_level("planetary"), "level"),
        (lambda f: f.set_prompt("mood", "x"), "prompts"),
        (lambda f: f.set_selected("challenges", ["made-up"]), "challenges"),
        (lambda f: f.set_selected("colours", []), "colours"),
        (lambda f: f.set_other("colours", "x"), "colours"),
        (lambda f: f.set_votes([("a", -1)]), "priority_votes[0].votes"),
        (lambda f: f.set_votes([("a", 1), ("b", True)]), "priority_votes[1].votes"),
        (lambda f: f.set_votes([("a", 1001)]), "priority_votes[0].votes"),
        (lambda f: f.set_group("x" * 121), "group"),
        (lambda f: f.set_folder("   "), "folder"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(form: ReflectionForm, action, field) -> None:
    form.set_group("Group A")
    before = form.snapshot()
    with pytest.raises(InputError) as caught:
        action(form)
    assert caught.value.field == field
    assert form.snapshot() == before


def test_a_returning_group_gets_its_answers_back(tmp_path: Path) -> None:
    first = ReflectionForm(folder=tmp_path, clock=Clock())
    first.set_group("Group A")
    first.set_prompt("resonance", "from the first session")
    again = ReflectionForm(folder=tmp_path, clock=Clock())
    again.set_group("group a")
    assert again.state == "saved"
    assert again.document["prompts"]["resonance"] == "from the first session"
    assert again.message.startswith("Loaded ") and "saved at" in again.message


def test_typing_first_never_loses_answers_to_an_old_file(tmp_path: Path) -> None:
    clock = Clock()
    old = ReflectionForm(folder=tmp_path, clock=clock)
    old.set_group("Group A")
    old.set_prompt("resonance", "old answer")
    new = ReflectionForm(folder=tmp_path, clock=clock)
    new.set_prompt("resonance", "new answer")
    new.set_group("Group A")  # not loaded over the new answers: saved, old kept as a version
    assert new.document["prompts"]["resonance"] == "new answer"
    texts = [
        json.loads(p.read_text())["prompts"]["resonance"]
        for p in storage.list_versions(tmp_path, "Group A")
    ]
    assert texts == ["", "old answer", "new answer"]


def test_load_reports_missing_and_broken_files(form: ReflectionForm) -> None:
    assert not form.load("")
    assert not form.load("Nobody") and "No saved answers for 'Nobody'" in form.message
    storage.group_file(form.folder, "Broken").write_text("{", encoding="utf-8")
    assert not form.load("Broken")
    assert form.state == "error" and "not valid JSON" in form.message


def test_an_old_version_can_be_reopened_and_saved_again(form: ReflectionForm) -> None:
    form.set_group("Group A")
    form.set_prompt("resonance", "v1")
    form.set_prompt("resonance", "v2")
    oldest_with_text = storage.list_versions(form.folder, "Group A")[1]
    form.load_file(oldest_with_text)
    assert form.document["prompts"]["resonance"] == "v1"
    assert form.state == "saved" and on_disk(form)["prompts"]["resonance"] == "v1"
    assert len(storage.list_versions(form.folder, "Group A")) == 4


def test_ids_from_an_older_option_list_are_kept(tmp_path: Path) -> None:
    legacy = empty_reflection("Group A")
    legacy["challenges"]["selected"] = ["retired-option"]
    storage.save_reflection(tmp_path, legacy)
    form = ReflectionForm(folder=tmp_path, clock=Clock())
    form.set_group("Group A")
    form.set_selected("challenges", ["retired-option", "turnover"])
    assert on_disk(form)["challenges"]["selected"] == ["retired-option", "turnover"]


def test_moving_to_another_folder_saves_there(form: ReflectionForm, tmp_path: Path) -> None:
    form.set_group("Group A")
    elsewhere = tmp_path / "elsewhere"
    form.set_folder(str(elsewhere))
    assert form.state == "saved" and storage.group_file(elsewhere, "Group A").exists()


def test_split_countries() -> None:
    assert split_countries("A; b,\n B ,, C") == ["A", "b", "C"]
    assert split_countries(["X", " x ", "Y"]) == ["X", "Y"]
