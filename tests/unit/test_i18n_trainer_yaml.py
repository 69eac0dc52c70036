"""Translated trainer YAML: the structure-parity check, the loaders by language, the CLI.

The fixtures build a small data folder in tmp_path: copies of the shipped English files, and
"translations" made by swapping the case of every text the schema declares translatable
(placeholders kept), so they differ from the English exactly where a translator would write.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ogp_curriculum import agendas, cli, quiz
from ogp_curriculum.i18n import language_for
from ogp_curriculum.i18n import trainer_yaml as ty
from ogp_curriculum.paths import data_dir, repo_root
from ogp_curriculum.reflections.schema import load_options
from ogp_curriculum.scenarios import load_scenario
from ogp_curriculum.tools.worksheet import load_definition

DATA = data_dir()
_PLACEHOLDER = re.compile(r"(\{[A-Za-z_][A-Za-z0-9_]*\})")


def fake_translate(text: str) -> str:
    """Swap the case of everything but placeholders: a different text of the same length."""
    return "".join(part if _PLACEHOLDER.fullmatch(part) else part.swapcase()
                   for part in _PLACEHOLDER.split(text))


def set_at(data: Any, parts: list[object], value: Any) -> None:
    for part in parts[:-1]:
        data = data[part]
    data[parts[-1]] = value


def translated(english: Path, kind: str) -> dict[str, Any]:
    data = yaml.safe_load(english.read_text(encoding="utf-8"))
    for parts, text in ty.texts(data, ty.KINDS[kind]):
        set_at(data, parts, fake_translate(text))
    return data


_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=10**6), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fixture_files() -> dict[str, str]:
    """Relative path -> text of every English copy and fr translation (made once: dumping
    YAML is the slow part)."""
    files: dict[str, str] = {}
    for english in ty.english_files(DATA):
        kind = english.parent.name
        files[f"{kind}/{english.name}"] = english.read_text(encoding="utf-8")
        files[f"i18n/fr/{kind}/{english.name}"] = yaml.dump(
            translated(english, kind), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
            width=10**6)
    return files


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         fixture_files: dict[str, str]) -> Path:
    """A copy of every shipped English definition, with fr translations; the book reads it."""
    root = tmp_path / "data"
    for relative, text in fixture_files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.setenv("OGP_CURRICULUM_DATA", str(root))
    monkeypatch.delenv("OGP_LANG", raising=False)
    return root


def fr(root: Path, kind: str, name: str) -> Path:
    return root / "i18n" / "fr" / kind / name


def test_every_kind_has_translatable_text_declared_in_its_schema() -> None:
    for english in ty.english_files(DATA):
        kind = english.parent.name
        found = ty.texts(yaml.safe_load(english.read_text(encoding="utf-8")), ty.KINDS[kind])
        assert len(found) >= 5, english
    # Identifiers are never declared text.
    quiz_paths = {ty_path_str(p) for p, _ in ty.texts(
        yaml.safe_load((DATA / "quizzes" / "01_welcome.yml").read_text("utf-8")), "quiz")}
    assert "title" in quiz_paths
    assert not any(p.endswith((".id", ".source", ".correct")) for p in quiz_paths)


def ty_path_str(parts: list[object]) -> str:
    return ".".join(str(p) for p in parts)


def test_fixture_translations_pass(data: Path) -> None:
    for path in ty.translation_files(data, ["fr"]):
        report = ty.check_translation(path)
        assert report.ok, [str(p) for p in report.problems]
        assert report.texts > 0
        # Swapped case leaves only texts without letters (e.g. "8") the same.
        assert report.untranslated_share < 0.2, path
    assert len(ty.translation_files(data, ["fr"])) == len(ty.english_files(DATA))


# --- every kind of mismatch ----------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _drop_source(d: dict[str, Any]) -> None:
    del d["questions"][0]["options"][0]["source"]


def _extra_placeholder(d: dict[str, Any]) -> None:
    d["placeholders"]["extra_name"] = "Autre"


def _drop_option(d: dict[str, Any]) -> None:
    d["questions"][0]["options"].pop()


def _rename_question(d: dict[str, Any]) -> None:
    d["questions"][1]["id"] = "membres"


def _rename_scene(d: dict[str, Any]) -> None:
    d["scenes"]["scene_renamed"] = d["scenes"].pop(next(iter(d["scenes"])))


def _first_effect(d: dict[str, Any]) -> tuple[str, int, str]:
    for key, scene in d["scenes"].items():
        for index, choice in enumerate(scene.get("choices", [])):
            for name in choice.get("effects", {}):
                return key, index, name
    raise AssertionError("no effect in the scenario")


def _change_effect(d: dict[str, Any]) -> None:
    key, index, name = _first_effect(d)
    d["scenes"][key]["choices"][index]["effects"][name] += 1


def _flip_correct(d: dict[str, Any]) -> None:
    option = next(o for o in d["questions"][0]["options"] if not o["correct"])
    option["correct"] = True


def _change_source(d: dict[str, Any]) -> None:
    d["questions"][0]["options"][0]["source"] = "ogp_irm_data_2016"


def _correct_as_text(d: dict[str, Any]) -> None:
    d["questions"][0]["options"][0]["correct"] = "non"


def _goto(d: dict[str, Any]) -> None:
    key, index, _ = _first_effect(d)
    choices = d["scenes"][key]["choices"]
    choices[index]["goto"] = key


def _lose_placeholder(d: dict[str, Any]) -> None:
    d["title"] = "Une plateforme pour les achats publics au pays"


def _untranslated(d: dict[str, Any]) -> None:
    d["questions"][0]["prompt"] = "Which of these was one of the workshop's three aims?"


def _minutes(d: dict[str, Any]) -> None:
    d["sessions"][0]["blocks"][0]["minutes"] += 5


def _page(d: dict[str, Any]) -> None:
    block = next(b for b in d["sessions"][0]["blocks"] if b.get("pages"))
    block["pages"][0] = "modules/01_welcome"


def _option_id(d: dict[str, Any]) -> None:
    d["challenges"][0]["id"] = "roulement"


def _worksheet_key(d: dict[str, Any]) -> None:
    d["steps"][0]["questions"][0]["key"] = "acteur"


def _effect_field(data: dict[str, Any]) -> str:
    key, index, name = _first_effect(data)
    return f"scenes.{key}.choices[{index}].effects.{name}"


def _goto_field(data: dict[str, Any]) -> str:
    key, index, _ = _first_effect(data)
    return f"scenes.{key}.choices[{index}].goto"


SCENARIO = ("scenarios", "national_eprocurement.yml")
QUIZ = ("quizzes", "01_welcome.yml")
CASES: dict[str, tuple[tuple[str, str], Mutation, str | Callable[[dict[str, Any]], str], str]] = {
    "key missing": (QUIZ, _drop_source, "questions[0].options[0].source", "missing here"),
    "key extra": (SCENARIO, _extra_placeholder, "placeholders.extra_name", "not in the English"),
    "list length": (QUIZ, _drop_option, "questions[0].options",
                    "3 entries in the English, 2 here"),
    "question id": (QUIZ, _rename_question, "questions[1].id",
                    "'members' in the English, 'membres' here"),
    "scene id": (SCENARIO, _rename_scene, "scenes.scene_renamed", "not in the English"),
    "effect number": (SCENARIO, _change_effect, _effect_field, "in the English"),
    "goto": (SCENARIO, _goto, _goto_field, "in the English"),
    "correct flag": (QUIZ, _flip_correct, "questions[0].options[0].correct",
                     "False in the English, True here"),
    "source key": (QUIZ, _change_source, "questions[0].options[0].source",
                   "in the English, 'ogp_irm_data_2016' here"),
    "type": (QUIZ, _correct_as_text, "questions[0].options[0].correct",
             "true or false in the English, text here"),
    "placeholder": (SCENARIO, _lose_placeholder, "title", "placeholders {country}"),
    "untranslated": (QUIZ, _untranslated, "questions[0].prompt", "the same as the English"),
    "agenda minutes": (("agendas", "half-day.yml"), _minutes, "sessions[0].blocks[0].minutes",
                       "in the English"),
    "page reference": (("agendas", "half-day.yml"), _page, "sessions[0].blocks", "here"),
    "option id": (("reflections", "options.yaml"), _option_id, "challenges[0].id",
                  "'roulement' here"),
    "worksheet key": (("worksheets", "everyday_political_analysis.yml"), _worksheet_key,
                      "steps[0].questions[0].key", "'acteur' here"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_parity_names_file_language_and_field(case: str, data: Path) -> None:
    (kind, name), mutate, field, words = CASES[case]
    target = fr(data, kind, name)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    english = yaml.safe_load((data / kind / name).read_text(encoding="utf-8"))
    expected_field = field(english) if callable(field) else field
    mutate(document)
    dump(document, target)
    report = ty.check_translation(target)
    lines = [str(problem) for problem in report.problems]
    assert lines, case
    matching = [line for line in lines if f": {expected_field}" in line and words in line]
    assert matching, lines
    for line in lines:
        assert "\n" not in line
        assert line.startswith(f"{target}"), line
        assert " (fr): " in line, line


def test_the_translation_is_validated_against_the_schema(data: Path) -> None:
    target = fr(data, *QUIZ)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    document["questions"][0]["prompt"] = ""  # minLength 1, and also a text, so parity holds
    dump(document, target)
    lines = [str(p) for p in ty.check_translation(target).problems]
    assert any("questions[0].prompt: must not be empty" in line for line in lines), lines


def test_the_line_of_the_problem_is_named(data: Path) -> None:
    target = fr(data, *QUIZ)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    _rename_question(document)
    dump(document, target)
    problem = ty.check_translation(target).problems[0]
    line = target.read_text(encoding="utf-8").splitlines()[problem.row - 1]  # type: ignore[operator]
    assert "membres" in line


def test_short_and_proper_names_may_stay_in_english(data: Path) -> None:
    target = fr(data, *SCENARIO)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    english = yaml.safe_load((data / SCENARIO[0] / SCENARIO[1]).read_text(encoding="utf-8"))
    for mine, theirs in zip(document["characters"], english["characters"], strict=True):
        mine["name"] = theirs["name"]  # names: x-proper-name
    # A role is prose: the same as the English is refused (checked below).
    document["debrief"]["real_names"] = english["debrief"]["real_names"]
    first = next(iter(english["indicators"]))
    document["indicators"][first]["label"] = english["indicators"][first]["label"]  # 2 words
    dump(document, target)
    report = ty.check_translation(target)
    assert report.ok, [str(p) for p in report.problems]
    assert report.same >= len(english["characters"]) + 1
    document["characters"][0]["role"] = english["characters"][0]["role"]
    dump(document, target)
    lines = [str(p) for p in ty.check_translation(target).problems]
    assert len(lines) == 1 and "characters[0].role: the same as the English" in lines[0]


def test_a_file_outside_the_layout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ty.InputError, match="not a translation"):
        ty.check_translation(tmp_path / "quiz.yml")
    with pytest.raises(ty.InputError, match="not a translation language"):
        ty.check_translation(tmp_path / "i18n" / "de" / "quizzes" / "quiz.yml")
    with pytest.raises(ty.InputError, match="not a kind"):
        ty.check_translation(tmp_path / "i18n" / "fr" / "cohorts" / "x.yml")


def test_a_translation_of_no_english_file(data: Path) -> None:
    target = dump({"title": "Orphelin", "questions": []}, fr(data, "quizzes", "99_gone.yml"))
    problems = ty.check_translation(target).problems
    assert len(problems) == 1 and "no English file" in str(problems[0])


# --- loaders --------------------------------------------------------------------------------


def test_loaders_read_french_with_ogp_lang(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english_quiz = quiz.load("01_welcome")
    english_scenario = load_scenario(data / "scenarios" / "national_eprocurement.yml")
    monkeypatch.setenv("OGP_LANG", "fr")
    french_quiz = quiz.load("01_welcome")
    assert french_quiz.title == fake_translate(english_quiz.title)
    first, english_first = french_quiz.questions[0], english_quiz.questions[0]
    assert [o.correct for o in first.options] == [o.correct for o in english_first.options]
    scenario = load_scenario(data / "scenarios" / "national_eprocurement.yml")
    assert scenario.title != english_scenario.title
    assert scenario.title.lower() == english_scenario.title.lower()
    assert set(scenario.scenes) == set(english_scenario.scenes)
    options = load_options()
    assert options.challenges[0].label == fake_translate(load_options(language="en")
                                                         .challenges[0].label)
    worksheet = load_definition()
    assert worksheet.title == fake_translate(load_definition(language="en").title)
    assert agendas.agenda_file("half-day") == fr(data, "agendas", "half-day.yml")
    plan = agendas.load_checked(agendas.agenda_file("half-day"))
    assert plan.title == fake_translate(agendas.load(agendas.agenda_file("half-day", "en")).title)


def test_an_explicit_language_beats_ogp_lang(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OGP_LANG", "fr")
    assert quiz.load("01_welcome", language="en").title == quiz.load("01_welcome").title.swapcase()


def test_a_trainers_own_file_is_read_as_it_is(tmp_path: Path, data: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "my_scenario.yml"
    shutil.copyfile(data / "scenarios" / "national_eprocurement.yml", own)
    monkeypatch.setenv("OGP_LANG", "fr")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ty.localized(own) == own


def test_a_missing_translation_warns_once_and_falls_back(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ty, "_warned", set())
    monkeypatch.setenv("OGP_LANG", "es")
    with pytest.warns(ty.MissingTranslation, match="no es translation of 01_welcome.yml"):
        title = quiz.load("01_welcome").title
    assert title == quiz.load("01_welcome", language="en").title
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiz.load("01_welcome")  # the second time: no new warning


def test_a_broken_translation_is_refused_at_load(data: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = fr(data, *QUIZ)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    _flip_correct(document)
    dump(document, target)
    monkeypatch.setenv("OGP_LANG", "fr")
    with pytest.raises(ty.TranslationError, match=r"\(fr\): questions\[0\]\.options\[0\]"):
        quiz.load("01_welcome")


def test_translated_text_is_escaped_when_rendered(data: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = fr(data, *QUIZ)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    document["questions"][0]["prompt"] = "<script>alert(1)</script> [lien](javascript:x)"
    dump(document, target)
    assert ty.check_translation(target).ok
    html = quiz.render_html(quiz.load("01_welcome", language="fr"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_an_unknown_language_is_one_clear_error(data: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ty.InputError, match="'de' is not one of the book's languages"):
        quiz.load("01_welcome", language="de")
    monkeypatch.setenv("OGP_LANG", "klingon")
    with pytest.raises(ty.InputError, match="OGP_LANG"):
        load_options()


def test_language_for_cohort_tags() -> None:
    assert language_for("fr") == "fr"
    assert language_for("es-CR") == "es"
    assert language_for("pt-BR") == "en"
    assert language_for("fr_CA") == "fr"


def test_french_cohort_gets_the_french_agenda(data: Path) -> None:
    from ogp_curriculum.cohorts import agenda as agenda_mod

    french = agenda_mod.from_blocks({"variant": "half-day"}, [], language="fr")
    english = agenda_mod.from_blocks({"variant": "half-day"}, [], language="en")
    titles = [slot.title for slot in french.slots if slot.kind == "block"]
    assert titles == [fake_translate(s.title) for s in english.slots if s.kind == "block"]


# --- command line ---------------------------------------------------------------------------


def test_cli_check_yaml(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["i18n", "check-yaml"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count(" (fr): ok, ") == len(ty.english_files(DATA))
    target = fr(data, *QUIZ)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    _flip_correct(document)
    _rename_question(document)
    dump(document, target)
    assert cli.main(["i18n", "check-yaml", str(target)]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"error: {target}") and "(fr)" in line for line in lines)


def test_cli_checks_the_glossary_too(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = data / "i18n" / "glossary.yml"
    shutil.copyfile(repo_root() / "data" / "i18n" / "glossary.yml", glossary)
    assert cli.main(["i18n", "check-yaml"]) == 0
    out, _ = capsys.readouterr()
    assert f"{glossary}: ok, " in out and "verified against public sources: fr " in out
    glossary.write_text("schema_version: 1\nterms: []\n", encoding="utf-8")
    assert cli.main(["i18n", "check-yaml"]) == 2
    _, err = capsys.readouterr()
    assert err.splitlines() == [line for line in err.splitlines() if str(glossary) in line]
    assert len(err.splitlines()) == 1 and "field 'terms'" in err


def test_cli_complete_names_missing_translations(data: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["i18n", "check-yaml", "--complete"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.count("(es): missing") == len(ty.english_files(DATA))
    assert "(fr): missing" not in err


def test_cli_refuses_a_file_outside_the_layout(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["i18n", "check-yaml", str(tmp_path / "x.yml")]) == 2
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1 and "not a translation" in err


# --- the shipped translations ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_shipped_definition_has_a_parity_clean_translation(language: str) -> None:
    """Fails until the French and Spanish translations are merged (issue 13)."""
    problems: list[str] = []
    for english in ty.english_files(DATA):
        target = ty.translation_path(english, language)
        assert target is not None
        if not target.is_file():
            problems.append(f"{target} ({language}): missing")
            continue
        problems.extend(str(p) for p in ty.check_translation(target).problems)
    assert not problems, "\n".join(problems[:40])


def test_check_yaml_is_a_command_of_the_one_i18n_group() -> None:
    """Every translation command lives under one ``i18n`` group (ogp_curriculum.i18n.cli)."""
    from ogp_curriculum.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["i18n", "check-yaml", "x.yml"])
    assert args.func is ty._check_yaml_command and args.files == [Path("x.yml")]
    assert parser.parse_args(["i18n", "notebooks"]).i18n_command == "notebooks"


def test_a_french_cohort_plans_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The francophone cohort's plan asks for French scenarios and the French agenda."""
    from ogp_curriculum.cohorts import agenda as agenda_mod
    from ogp_curriculum.cohorts import build

    asked: dict[str, object] = {}
    real_from_blocks = agenda_mod.from_blocks
    real_check = build.check_scenario_overrides

    def from_blocks(spec: Any, pages: Any, *, language: str | None = None) -> Any:
        asked["agenda"] = language
        return real_from_blocks(spec, pages, language="en")

    def check(*args: Any) -> None:
        asked["scenarios"] = args[-1]
        real_check(*args[:-1], "en")

    monkeypatch.setattr(agenda_mod, "from_blocks", from_blocks)
    monkeypatch.setattr(build, "check_scenario_overrides", check)
    build.plan(repo_root() / "data" / "cohorts" / "francophone-africa.yml", tmp_path / "out")
    assert asked == {"agenda": "fr", "scenarios": "fr"}
