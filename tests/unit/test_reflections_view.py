"""The widget views, driven the way a learner does: set values, click buttons."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as widgets

from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.form import ReflectionForm
from ogp_curriculum.reflections.view import ReflectionFormView, UploadView

T0 = datetime(2026, 11, 20, 10, 5, tzinfo=UTC)
PAYLOAD = '<img src=x onerror="window.__pwned=1">'


def make(tmp_path: Path, **kwargs) -> ReflectionFormView:
    return ReflectionFormView(ReflectionForm(folder=tmp_path, clock=lambda: T0, **kwargs))


def saved(tmp_path: Path, group: str = "Group A") -> dict:
    return json.loads(storage.group_file(tmp_path, group).read_text(encoding="utf-8"))


def test_filling_the_form_autosaves_every_field(tmp_path: Path) -> None:
    view = make(tmp_path)
    assert "group's name" in view.status.value
    view.group.value = "Group A"
    view.countries.value = "Costa Rica, Philippines"
    view.level.value = "sub-national"
    view.prompts["resonance"].value = PAYLOAD
    view.picks["challenges"]["turnover"].value = True
    view.picks["support"]["peer-learning"].value = True
    view.others["twp_approaches"].value = "quiet meetings"
    view.vote_rows[0][0].value = "Peer exchange"
    view.vote_rows[0][1].value = 4
    doc = saved(tmp_path)
    assert doc["countries"] == ["Costa Rica", "Philippines"]
    assert doc["level"] == "sub-national"
    assert doc["prompts"]["resonance"] == PAYLOAD
    assert doc["challenges"]["selected"] == ["turnover"]
    assert doc["support"]["selected"] == ["peer-learning"]
    assert doc["twp_approaches"]["other"] == "quiet meetings"
    assert doc["priority_votes"] == [{"suggestion": "Peer exchange", "votes": 4}]
    assert view.status.value.startswith(f"saved at {T0.astimezone():%H:%M}")


def test_learner_text_is_shown_in_text_widgets_never_as_html(tmp_path: Path) -> None:
    view = make(tmp_path)
    view.group.value = "Group A"
    view.prompts["resonance"].value = PAYLOAD
    box = view.widget()
    html_widgets = [w for w in _walk(box) if isinstance(w, widgets.HTML | widgets.HTMLMath)]
    assert html_widgets == []
    assert isinstance(view.status, widgets.Label)


def _walk(widget: widgets.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_save_and_load_buttons(tmp_path: Path) -> None:
    view = make(tmp_path, autosave=False)
    view.group.value = "Group A"
    view.prompts["resonance"].value = "first"
    assert "press Save" in view.status.value
    assert not storage.group_file(tmp_path, "Group A").exists()
    view.save_button.click()
    assert saved(tmp_path)["prompts"]["resonance"] == "first"

    other = make(tmp_path, autosave=False)
    other.group.value = "Group A"  # a returning group: the saved answers come back
    assert other.prompts["resonance"].value == "first"
    other.prompts["resonance"].value = "changed, not saved"
    other.load_button.click()  # back to the saved answers
    assert other.prompts["resonance"].value == "first"
    assert other.status.value.startswith("Loaded ")


def test_a_save_error_shows_in_the_status_and_keeps_the_text(tmp_path: Path, monkeypatch) -> None:
    view = make(tmp_path)
    view.group.value = "Group A"

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", full)
    view.prompts["resonance"].value = "precious words"
    assert "the disk is full" in view.status.value
    assert view.prompts["resonance"].value == "precious words"
    monkeypatch.undo()
    view.save_button.click()
    assert saved(tmp_path)["prompts"]["resonance"] == "precious words"


def test_choosing_another_folder(tmp_path: Path) -> None:
    view = make(tmp_path)
    view.group.value = "Group A"
    view.folder.value = str(tmp_path / "mine")
    view.use_folder.click()
    assert storage.group_file(tmp_path / "mine", "Group A").exists()
    view.folder.value = "  "
    view.use_folder.click()
    assert view.status.value.startswith("Not saved: ") and "choose a folder" in view.status.value


def upload(name: str, content: bytes) -> dict:
    """What FileUpload holds after the learner picks a file (ipywidgets 8 format)."""
    return {
        "name": name,
        "type": "application/json",
        "size": len(content),
        "content": memoryview(content),
        "last_modified": T0,
    }


def test_upload_view_adds_files_and_reports(tmp_path: Path) -> None:
    added: list[bool] = []
    view = UploadView(tmp_path / "plenary", on_added=lambda: added.append(True))
    view.add_button.click()
    assert "Choose one or more" in view.log.value
    view.upload.value = (upload("group-a.json", b"{}"), upload("notes.txt", b"x"))
    view.add_button.click()
    assert view.log.value.splitlines() == [
        "group-a.json: added as group-a.json",
        "notes.txt: not added: only .json files are reflections",
    ]
    assert added == [True] and view.upload.value == ()
    assert (tmp_path / "plenary" / "group-a.json").read_bytes() == b"{}"
