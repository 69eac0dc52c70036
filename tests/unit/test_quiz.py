"""The quiz loader, its error messages and its HTML (escaping above all)."""

from __future__ import annotations

import html.parser
import json
import textwrap
from pathlib import Path

import pytest

from ogp_curriculum import cli, quiz
from ogp_curriculum.errors import DefinitionError, InputError

VALID = """\
title: "Check: politics & reform"
intro: "Open an answer to see feedback."
questions:
  - id: first
    prompt: "Which comes first?"
    options:
      - text: "The problem"
        correct: true
        feedback: "Yes: start from a problem people care about."
      - text: "The solution"
        correct: false
        feedback: "Solutions looking for problems rarely stick."
  - id: second
    prompt: "Pick both."
    options:
      - text: "Interests"
        correct: true
        feedback: "Right."
      - text: "Ideas"
        correct: true
        feedback: "Right too."
      - text: "Neither"
        correct: false
        feedback: "Both matter."
"""


def write(tmp_path: Path, text: str, name: str = "demo.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def quiz_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "quizzes"
    folder.mkdir()
    monkeypatch.setenv("OGP_CURRICULUM_DATA", str(tmp_path))
    return folder


# --- loading ------------------------------------------------------------------------------


def test_valid_file_loads_into_typed_objects(tmp_path: Path) -> None:
    loaded = quiz.load_file(write(tmp_path, VALID))
    assert loaded.id == "demo"
    assert loaded.title == "Check: politics & reform"
    assert [q.id for q in loaded.questions] == ["first", "second"]
    assert loaded.questions[0].options[0] == quiz.Option(
        "The problem", True, "Yes: start from a problem people care about."
    )
    assert not loaded.questions[0].several_correct
    assert loaded.questions[1].several_correct


def test_show_finds_quiz_by_id_in_data_folder(quiz_folder: Path) -> None:
    write(quiz_folder, VALID, "07_demo.yml")
    view = quiz.show("07_demo")
    assert view.quiz.id == "07_demo"
    assert "Question 2 of 2" in view._repr_html_()
    assert "Question 2: Pick both." in repr(view)


def test_unknown_quiz_id_lists_the_available_ones(quiz_folder: Path) -> None:
    write(quiz_folder, VALID, "real.yml")
    with pytest.raises(InputError, match=r"no such quiz file \(quizzes here: real\)"):
        quiz.show("missing")


@pytest.mark.parametrize("bad_id", ["../secrets", "a/b", "", ".hidden", "x.yml"])
def test_quiz_id_cannot_escape_the_quiz_folder(bad_id: str) -> None:
    with pytest.raises(InputError, match="quiz_id"):
        quiz.quiz_path(bad_id)


# --- validation errors name file, line, question, option and field ---------------------------


def error_for(tmp_path: Path, text: str) -> DefinitionError:
    path = write(tmp_path, text)
    with pytest.raises(DefinitionError) as caught:
        quiz.load_file(path)
    return caught.value


def test_missing_feedback_names_question_option_field_and_line(tmp_path: Path) -> None:
    text = VALID.replace(
        '        feedback: "Solutions looking for problems rarely stick."\n', ""
    )
    error = error_for(tmp_path, text)
    message = str(error)
    assert message.startswith(str(tmp_path / "demo.yml"))
    assert "question 1 ('first')" in message
    assert "option 2" in message
    assert "field 'feedback'" in message
    assert "required" in message
    assert error.line == 10  # the '- text: "The solution"' line
    assert error.field == "feedback" and error.option == 2


def test_misspelt_field_is_reported_with_allowed_fields(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("prompt: \"Pick both.\"", "promt: \"Pick both.\""))
    message = str(error)
    assert "question 2 ('second')" in message
    # Both problems exist (unknown 'promt', missing 'prompt'); the first in path order is shown.
    problems = quiz.check_files([tmp_path / "demo.yml"])
    texts = [str(p) for p in problems]
    assert any("field 'promt': unknown field (allowed fields: id, options, prompt)" in t
               for t in texts)
    assert any("field 'prompt': this field is required" in t for t in texts)
    assert any("line 14" in t for t in texts)


def test_wrong_type_for_correct_says_true_or_false(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("correct: true\n        feedback: \"Right.\"",
                                              "correct: \"yes\"\n        feedback: \"Right.\""))
    assert "question 2 ('second'), option 1, field 'correct': must be true or false" in str(error)


def test_question_without_a_correct_option_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("correct: true\n        feedback: \"Yes", "correct: false\n        "
                         "feedback: \"Yes")
    error = error_for(tmp_path, text)
    assert "question 1 ('first'), field 'options'" in str(error)
    assert "no option is marked 'correct: true'" in str(error)


def test_single_option_and_empty_prompt_are_rejected(tmp_path: Path) -> None:
    text = """\
    title: T
    questions:
      - id: only
        prompt: ""
        options:
          - {text: a, correct: true, feedback: f}
    """
    texts = [str(p) for p in quiz.check_files([write(tmp_path, text)])]
    assert any("field 'options': needs at least 2 entries" in t for t in texts)
    assert any("field 'prompt': must not be empty" in t for t in texts)


def test_bad_question_id_is_explained(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("id: first", "id: First Question"))
    assert "field 'id': must use only lower-case letters, digits" in str(error)


def test_duplicate_question_ids_are_rejected(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("id: second", "id: first"))
    assert "question 2 ('first'), field 'id'" in str(error)
    assert "already used by question 1" in str(error)
    assert error.line == 13


def test_duplicate_yaml_key_is_not_silently_overwritten(tmp_path: Path) -> None:
    text = VALID.replace('feedback: "Right."', 'feedback: "Right."\n        feedback: "Again"')
    error = error_for(tmp_path, text)
    assert "duplicate key 'feedback'" in str(error)
    assert error.line == 19  # the second feedback line


def test_broken_yaml_reports_the_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, 'title: "unclosed\nquestions: []\n')
    assert "malformed YAML" in str(error)
    assert error.line is not None


@pytest.mark.parametrize("text", ["", "- just\n- a list\n"])
def test_empty_or_non_mapping_file(tmp_path: Path, text: str) -> None:
    error = error_for(tmp_path, text)
    assert "expected a mapping with 'title' and 'questions'" in str(error)


def test_quiz_error_is_an_input_error_for_callers() -> None:
    assert issubclass(quiz.QuizDefinitionError, InputError)


# --- rendering --------------------------------------------------------------------------------


class _Collector(html.parser.HTMLParser):
    """Collects tags and the text under each tag, to assert on structure, not strings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        for tag in self.stack:
            self.text.setdefault(tag, []).append(data)


def parse(markup: str) -> _Collector:
    collector = _Collector()
    collector.feed(markup)
    return collector


def test_html_has_one_details_per_option_and_real_headings(tmp_path: Path) -> None:
    markup = quiz.render_html(quiz.load_file(write(tmp_path, VALID)))
    tags = parse(markup)
    assert tags.tags.count("details") == 5
    assert tags.tags.count("summary") == 5
    assert tags.tags.count("h3") == 1 and tags.tags.count("h4") == 2
    assert "script" not in tags.tags  # works without JavaScript
    assert "Question 1 of 2" in "".join(tags.text["h4"])


def test_feedback_says_correct_in_words_not_only_colour(tmp_path: Path) -> None:
    markup = quiz.render_html(quiz.load_file(write(tmp_path, VALID)))
    strong = parse(markup).text["strong"]
    assert strong.count("Correct.") == 3 and strong.count("Not quite.") == 2
    assert "More than one answer is right." in markup
    assert "One answer is right." in markup


def test_heading_level_is_configurable_and_bounded(tmp_path: Path) -> None:
    loaded = quiz.load_file(write(tmp_path, VALID))
    tags = parse(quiz.render_html(loaded, heading_level=2)).tags
    assert tags.count("h2") == 1 and tags.count("h3") == 2
    with pytest.raises(ValueError):
        quiz.render_html(loaded, heading_level=6)


HOSTILE = '<script>alert("x")</script> & \'quotes\' "double" <b>bold</b>'


def test_every_trainer_text_is_escaped(tmp_path: Path) -> None:
    text = f"""\
    title: {json.dumps(HOSTILE)}
    intro: {json.dumps(HOSTILE)}
    questions:
      - id: q
        prompt: {json.dumps(HOSTILE)}
        options:
          - text: {json.dumps(HOSTILE)}
            correct: true
            feedback: {json.dumps(HOSTILE)}
          - text: "<img src=x onerror=alert(1)>"
            correct: false
            feedback: "</details></li></ul><script>bad()</script>"
    """
    markup = quiz.render_html(quiz.load_file(write(tmp_path, text, "x.yml")))
    tags = parse(markup).tags
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert tags.count("details") == 2  # the injected closing tags did not break the structure
    assert markup.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 5
    assert "&#x27;quotes&#x27;" in markup


def test_text_version_puts_answers_after_questions(tmp_path: Path) -> None:
    text = quiz.render_text(quiz.load_file(write(tmp_path, VALID)))
    assert text.index("Answers") > text.index("Question 2: Pick both.")
    assert "1A (correct): Yes: start from a problem people care about." in text
    assert "2C (not quite): Both matter." in text


# --- command line -----------------------------------------------------------------------------


def test_cli_check_reports_every_problem_and_exits_2(
    quiz_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(quiz_folder, VALID, "good.yml")
    write(quiz_folder, VALID.replace("id: second", "id: first"), "bad.yml")
    assert cli.main(["quiz", "check"]) == 2
    out = capsys.readouterr().err  # errors go to stderr (issue 15)
    assert "bad.yml, line 13, question 2 ('first'), field 'id'" in out
    assert "good.yml" not in out


def test_cli_check_ok_and_show(quiz_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(quiz_folder, VALID, "good.yml")
    assert cli.main(["quiz", "check"]) == 0
    assert "ok: 1 quiz file(s) valid" in capsys.readouterr().out
    assert cli.main(["quiz", "show", "good"]) == 0
    assert "Question 1: Which comes first?" in capsys.readouterr().out


def test_cli_show_unknown_quiz_is_one_line_error(
    quiz_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["quiz", "show", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_schema_itself_is_a_valid_json_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(quiz.schema())


def test_top_level_typo_and_missing_title(tmp_path: Path) -> None:
    text = VALID.replace('title: "Check: politics & reform"', 'titel: "Check"')
    texts = [str(p) for p in quiz.check_files([write(tmp_path, text)])]
    assert any("line 1, field 'titel': unknown field (allowed fields: intro, questions, title)"
               in t for t in texts)
    assert any("field 'title': this field is required but missing" in t for t in texts)
    # Top-level problems name no question.
    assert not any("question" in t.split(":")[0] for t in texts)


def test_too_many_options_is_reported(tmp_path: Path) -> None:
    options = "\n".join(
        f"      - {{text: o{i}, correct: {str(i == 0).lower()}, feedback: f}}" for i in range(9)
    )
    text = f"title: T\nquestions:\n  - id: many\n    prompt: p\n    options:\n{options}\n"
    error = error_for(tmp_path, text)
    assert "question 1 ('many'), field 'options': allows at most 8 entries" in str(error)
