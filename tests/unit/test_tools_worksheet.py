"""Everyday Political Analysis worksheet: definition checks, answers, save/load, the view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from ogp_curriculum.errors import DefinitionError, InputError
from ogp_curriculum.paths import data_dir, repo_root
from ogp_curriculum.tools.worksheet import Worksheet, load_definition
from ogp_curriculum.tools.worksheet_view import WorksheetView

SHIPPED = data_dir() / "worksheets" / "everyday_political_analysis.yml"


def test_shipped_definition_has_two_steps_with_cited_questions() -> None:
    d = load_definition()
    assert [s.key for s in d.steps] == ["interests", "change"]
    assert len(d.steps[0].questions) == 5
    bib = (repo_root() / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    assert {q.source for q in d.questions.values()} <= keys
    assert d.steps[0].questions[0].source == "twp_hudson_epa_2016"


def test_definition_errors_name_the_field(tmp_path: Path) -> None:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    del data["steps"][1]["questions"][0]["source"]
    bad = tmp_path / "w.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_definition(bad)
    assert info.value.field == "steps[1].questions[0].source" and str(bad) in str(info.value)
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["steps"][1]["questions"][0]["key"] = "wants"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DefinitionError, match="unique"):
        load_definition(bad)


def test_answers_save_and_load(tmp_path: Path) -> None:
    sheet = Worksheet()
    sheet.set_subject("Finance minister")
    sheet.answer("wants", "Savings <quickly>")
    sheet.answer("coalition", "Suppliers")
    sheet.answer("coalition", "  ")  # clearing an answer removes it
    assert sheet.progress == (1, len(sheet.definition.questions))
    path = sheet.save(tmp_path / "a.json")
    again = Worksheet()
    again.load(path)
    assert again.answers == {"wants": "Savings <quickly>"} and again.subject == "Finance minister"


def test_unknown_question_and_long_answers_are_refused() -> None:
    sheet = Worksheet()
    with pytest.raises(InputError):
        sheet.answer("nope", "x")
    with pytest.raises(InputError):
        sheet.answer("wants", "x" * 5000)


def test_bad_saved_file_changes_nothing(tmp_path: Path) -> None:
    sheet = Worksheet()
    sheet.answer("wants", "kept")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "ogp-worksheet-answers/1",
                               "worksheet": "everyday_political_analysis",
                               "answers": {"wants": "new", "bogus": "x"}}))
    with pytest.raises(InputError) as info:
        sheet.load(bad)
    assert str(bad) in str(info.value)
    assert sheet.answers == {"wants": "kept"}


def test_markdown_export_escapes_learner_text() -> None:
    sheet = Worksheet()
    sheet.answer("wants", "<script>alert(1)</script>")
    text = sheet.to_markdown()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "_(no answer)_" in text


def test_questions_name_their_source_as_the_book_cites_it_never_its_key() -> None:
    """A learner's export and the notebook's list read "(Hudson et al. 2016)", as the pages do,
    not the BibTeX key (which Voila showed as "[twp_hudson_epa_2016]")."""
    from ogp_curriculum.citations import bib_key_pattern

    wants = load_definition().questions["wants"]
    assert wants.cited == "(Hudson et al. 2016)"
    text = Worksheet().to_markdown()
    # (Markdown-escaped, as every text the export writes.)
    assert r"**What do they want?** \(Hudson et al\. 2016\)" in text
    assert bib_key_pattern().search(text) is None


def test_an_unknown_source_reads_as_words_not_a_crash() -> None:
    """A trainer's question citing a key the bibliography lacks still shows something readable
    (the definition check is where an unknown key is refused)."""
    from ogp_curriculum.tools.worksheet import Question

    assert Question("k", "Why?", "", "local_study_2024").cited == "(local study 2024)"


def test_view_typing_saving_and_loading(tmp_path: Path) -> None:
    view = WorksheetView(save_path=tmp_path / "epa.json")
    view.subject.value = "Head of the records office"
    view.boxes["wants"].value = "Predictable workload"
    view.boxes["decision_maker"].value = "No: the mayor"
    assert view.progress.value.startswith("2 of")
    view.save_button.click()
    assert "Saved" in view.status.value
    other = WorksheetView(save_path=tmp_path / "epa.json")
    other.load_button.click()
    assert other.boxes["wants"].value == "Predictable workload"
    assert other.boxes["decision_maker"].value == "No: the mayor"
    assert other.subject.value == "Head of the records office"
    assert other.sheet.answers == view.sheet.answers


def test_view_load_failure_keeps_answers(tmp_path: Path) -> None:
    view = WorksheetView(save_path=tmp_path / "missing.json")
    view.boxes["wants"].value = "mine"
    view.load_button.click()
    assert view.status.value.startswith("Not loaded")
    assert view.sheet.answers == {"wants": "mine"}
