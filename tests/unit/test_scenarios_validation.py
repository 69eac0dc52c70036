"""Each way a trainer can break a scenario gives one error naming the file, scene and field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from ogp_curriculum.errors import DefinitionError, InputError
from ogp_curriculum.scenarios import ScenarioError, check, load_scenario
from ogp_curriculum.scenarios.cli import register  # noqa: F401  (the CLI module imports)

VALID: dict[str, Any] = {
    "id": "tiny",
    "title": "Tiny scenario in {country}",
    "summary": "A scenario with two choices.",
    "placeholders": {"country": "Utopia"},
    "indicators": {"coalition": {"label": "Coalition strength", "start": 50}},
    "start": "a",
    "scenes": {
        "a": {
            "text": "Start in {country}.",
            "choices": [
                {"label": "Go on", "goto": "b", "effects": {"coalition": 10},
                 "feedback": "Fine.", "twp": "Coalitions."},
                {"label": "Stop", "goto": "end", "feedback": "Over.", "twp": "Exit."},
            ],
        },
        "b": {
            "text": "Middle.",
            "choices": [{"label": "Finish", "goto": "end", "feedback": "Done.", "twp": "Done."}],
        },
        "end": {"text": "The end.", "ending": True},
    },
    "reflection_questions": ["What did you learn?"],
}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "scenario.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def broken(mutate) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    mutate(data)
    return data


def only_error(tmp_path: Path, data: dict[str, Any]) -> ScenarioError:
    path = write(tmp_path, data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    error = info.value
    assert isinstance(error, DefinitionError)
    assert str(path) in str(error), "the error must name the file"
    return error


def test_the_valid_example_loads(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, VALID))
    assert scenario.title == "Tiny scenario in Utopia"
    assert scenario.scene("a").text == "Start in Utopia."
    assert check(VALID) == []


def test_unknown_scene_reference(tmp_path: Path) -> None:
    data = broken(lambda d: d["scenes"]["b"]["choices"][0].update(goto="nowhere"))
    error = only_error(tmp_path, data)
    assert error.scene == "b"
    assert error.field == "scenes.b.choices[0].goto"
    assert "unknown scene 'nowhere'" in str(error)


def test_unreachable_scene(tmp_path: Path) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["scenes"]["orphan"] = {"text": "Nobody comes here.", "ending": True}

    error = only_error(tmp_path, broken(mutate))
    assert error.scene == "orphan"
    assert error.field == "scenes.orphan"
    assert "unreachable" in str(error)


def test_dead_end_that_is_not_an_ending(tmp_path: Path) -> None:
    error = only_error(tmp_path, broken(lambda d: d["scenes"]["b"].pop("choices")))
    assert error.scene == "b"
    assert error.field == "scenes.b.choices"
    assert "dead end" in str(error)


def test_missing_text(tmp_path: Path) -> None:
    error = only_error(tmp_path, broken(lambda d: d["scenes"]["b"].pop("text")))
    assert error.scene == "b"
    assert error.field == "scenes.b.text"
    assert "missing text" in str(error)


def test_empty_feedback_text(tmp_path: Path) -> None:
    data = broken(lambda d: d["scenes"]["a"]["choices"][1].update(feedback="   "))
    error = only_error(tmp_path, data)
    assert error.scene == "a"
    assert error.field == "scenes.a.choices[1].feedback"
    assert "empty" in str(error)


def test_unknown_indicator(tmp_path: Path) -> None:
    data = broken(lambda d: d["scenes"]["a"]["choices"][0].update(effects={"morale": 5}))
    error = only_error(tmp_path, data)
    assert error.scene == "a"
    assert error.field == "scenes.a.choices[0].effects.morale"
    assert "unknown indicator 'morale'" in str(error)
    assert "coalition" in str(error), "the error lists the known indicators"


def test_cycle_with_no_way_out(tmp_path: Path) -> None:
    def mutate(d: dict[str, Any]) -> None:
        # a -> b -> c -> b: once in b, no ending can be reached.
        d["scenes"]["b"]["choices"] = [
            {"label": "On", "goto": "c", "feedback": "x", "twp": "y"}]
        d["scenes"]["c"] = {"text": "Loop.", "choices": [
            {"label": "Back", "goto": "b", "feedback": "x", "twp": "y"}]}

    error = only_error(tmp_path, broken(mutate))
    assert error.scene in {"b", "c"}
    assert "cycle with no way out" in str(error)
    # Both scenes of the loop are reported when a trainer asks for every problem.
    scenes = {e.scene for e in check(broken(mutate))}
    assert scenes == {"b", "c"}


def test_a_cycle_with_an_exit_is_allowed(tmp_path: Path) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["scenes"]["b"]["choices"].append(
            {"label": "Back to the start", "goto": "a", "feedback": "x", "twp": "y"})

    assert load_scenario(write(tmp_path, broken(mutate))).scene("b").choices[1].goto == "a"


def test_unknown_start_scene(tmp_path: Path) -> None:
    error = only_error(tmp_path, broken(lambda d: d.update(start="zzz")))
    assert error.scene is None
    assert error.field == "start"


def test_ending_with_choices(tmp_path: Path) -> None:
    data = broken(lambda d: d["scenes"]["end"].update(
        choices=[{"label": "More", "goto": "a", "feedback": "x", "twp": "y"}]))
    error = only_error(tmp_path, data)
    assert error.scene == "end"
    assert "ending cannot offer choices" in str(error)


def test_unknown_placeholder_in_text(tmp_path: Path) -> None:
    error = only_error(tmp_path, broken(lambda d: d["scenes"]["b"].update(text="In {city}.")))
    assert error.scene == "b"
    assert error.field == "scenes.b.text"
    assert "{city}" in str(error)


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    data = broken(lambda d: d["indicators"]["coalition"].update(start="high"))
    error = only_error(tmp_path, data)
    assert error.field == "indicators.coalition.start"


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_scenario(path)
    assert str(path) in str(info.value)
    assert "row" in str(info.value)


def test_overrides_fill_placeholders(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, VALID), overrides={"country": "Kenya"})
    assert scenario.title == "Tiny scenario in Kenya"
    assert scenario.scene("a").text == "Start in Kenya."


def test_override_of_an_undeclared_placeholder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_scenario(write(tmp_path, VALID), overrides={"ministry": "Finance"})
    assert info.value.field == "scenario_overrides.ministry"
    assert "country" in str(info.value)


def test_override_must_be_text(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_scenario(write(tmp_path, VALID), overrides={"country": ""})


def test_cli_validates_and_fails_with_one_line(tmp_path: Path, capsys) -> None:
    from ogp_curriculum.cli import main

    good = write(tmp_path, VALID)
    assert main(["scenario", "validate", str(good)]) == 0
    assert "ok:" in capsys.readouterr().out
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(broken(lambda d: d.update(start="zzz"))), encoding="utf-8")
    assert main(["scenario", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "field 'start'" in err
    assert "Traceback" not in err


def test_the_trainer_guide_example_is_valid(tmp_path: Path) -> None:
    import re

    from ogp_curriculum.paths import repo_root

    guide = (repo_root() / "trainers" / "writing_scenarios.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", guide, re.S)
    assert block, "the guide must keep its complete example"
    path = tmp_path / "example.yml"
    path.write_text(block.group(1), encoding="utf-8")
    scenario = load_scenario(path, overrides={"city": "Mombasa"})
    assert scenario.title == "A budget hearing in Mombasa"


def test_cli_refuses_a_source_missing_from_the_bibliography(tmp_path: Path, capsys) -> None:
    from ogp_curriculum.cli import main

    path = write(tmp_path, {**VALID, "sources": ["twp_hudson_epa_2016", "nobody_2099"]})
    assert main(["scenario", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "nobody_2099" in err and "field 'sources[1]'" in err


@pytest.mark.parametrize(("text", "expected"), [
    ("{owner} refuses.", "The finance ministry refuses."),
    ("Talks stall. {owner} refuses.", "Talks stall. The finance ministry refuses."),
    ("Talks stall?\n{owner} refuses.", "Talks stall?\nThe finance ministry refuses."),
    ("First.\n\n{owner} refuses.", "First.\n\nThe finance ministry refuses."),
    ('She said: "No." "{owner} refuses."', 'She said: "No." "The finance ministry refuses."'),
    ("¿{owner} cede?", "¿The finance ministry cede?"),
    ("Ask {owner}. Then wait.", "Ask the finance ministry. Then wait."),
    ("Ask {owner}, then wait.", "Ask the finance ministry, then wait."),
])
def test_a_placeholder_that_opens_a_sentence_is_capitalised(
        tmp_path: Path, text: str, expected: str) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["placeholders"]["owner"] = "the finance ministry"
        data["scenes"]["b"]["text"] = text
    scenario = load_scenario(write(tmp_path, broken(mutate)))
    assert scenario.scene("b").text == expected


def test_capitalising_keeps_the_rest_of_an_override_as_written(tmp_path: Path) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["placeholders"]["owner"] = "the finance ministry"
        data["scenes"]["b"]["text"] = "{owner} refuses."
    path = write(tmp_path, broken(mutate))
    scenario = load_scenario(path, overrides={"owner": "the Ministry of Finance of Ruritania"})
    assert scenario.scene("b").text == "The Ministry of Finance of Ruritania refuses."
    # A name its owner spells with a lower-case first letter is left alone.
    scenario = load_scenario(path, overrides={"owner": "eGov unit"})
    assert scenario.scene("b").text == "eGov unit refuses."


def test_validate_refuses_a_source_missing_from_the_bibliography(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ogp_curriculum import cli, sources

    known = sorted(sources.bib_keys())[0]
    path = tmp_path / "cited.yml"
    path.write_text(yaml.safe_dump({**VALID, "sources": [known]}), encoding="utf-8")
    assert cli.main(["scenario", "validate", str(path)]) == 0
    path.write_text(yaml.safe_dump({**VALID, "sources": [known, "nobody_2099"]}),
                    encoding="utf-8")
    assert cli.main(["scenario", "validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'nobody_2099' is not a key in references.bib" in err and "sources[1]" in err
