"""Fiction in the scenes, facts in the debrief (issue 11), and context-dependent scores (issue 12).

Every shipped scenario is rendered with its defaults and with every shipped cohort's
overrides; none may contradict itself or its debrief. A deliberately bad fixture proves that
each rule can fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ogp_curriculum.cohorts import load_cohort
from ogp_curriculum.i18n import language_for
from ogp_curriculum.i18n.trainer_yaml import translation_path
from ogp_curriculum.paths import data_dir, repo_root
from ogp_curriculum.scenarios import load_scenario, shipped_scenarios
from ogp_curriculum.scenarios.consistency import assertive_wins, problems, scene_texts
from ogp_curriculum.scenarios.model import check

BAD = Path(__file__).parent / "fixtures" / "scenario_contradictions.yml"
COHORTS = sorted((data_dir() / "cohorts").glob("*.yml"))


def _data(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _bib_keys() -> set[str]:
    text = (repo_root() / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{\s*([^,\s]+)\s*,", text, re.M))


def _renderings() -> list[tuple[str, Path, dict[str, str]]]:
    """(label, scenario, overrides): the defaults, then each cohort that overrides it."""
    cases = [(f"{path.stem}/defaults", path, {}) for path in shipped_scenarios()]
    for cohort_path in COHORTS:
        cohort = load_cohort(cohort_path)
        for page, overrides in cohort.scenario_overrides.items():
            stem = page.split("/")[-1].removeprefix("scenario_")
            scenario = data_dir() / "scenarios" / f"{stem}.yml"
            # A French or Spanish cohort plays the translation, when there is one.
            translated = translation_path(scenario, language_for(cohort.language))
            if translated is not None and translated.is_file():
                scenario = translated
            cases.append((f"{scenario.stem}/{cohort.name}", scenario, dict(overrides)))
    return cases


RENDERINGS = _renderings()


def test_every_cohort_override_is_rendered() -> None:
    # The Costa Rica and Philippines cohorts override a scenario: both must be covered.
    labels = {label for label, _, _ in RENDERINGS}
    assert {"national_eprocurement/costa-rica", "cross_country_budgeting/philippines"} <= labels


@pytest.mark.parametrize(("label", "path", "overrides"), RENDERINGS,
                         ids=[label for label, _, _ in RENDERINGS])
def test_rendering_has_no_contradiction(label: str, path: Path, overrides: dict[str, str]) -> None:
    assert problems(_data(path), overrides) == []
    # And it still loads and plays with those overrides.
    load_scenario(path, overrides)


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_debrief_tells_the_real_story_with_sources(path: Path) -> None:
    data = _data(path)
    debrief = data["debrief"]
    keys = _bib_keys()
    cited = set(debrief["sources"]) | set(debrief["literature_sources"])
    assert cited <= keys, f"not in references.bib: {sorted(cited - keys)}"
    # The notebook cites the scenario's sources, so the debrief's must be among them.
    assert cited <= set(data["sources"])
    # The real names the debrief declares are really in it (the list is not padding).
    told = debrief["what_really_happened"] + " " + debrief["literature_disagrees"]
    for name in debrief["real_names"]:
        assert name.lower() in told.lower(), f"{name!r} is declared but not in the debrief"


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_some_context_rewards_the_assertive_choice(path: Path) -> None:
    data = _data(path)
    assert assertive_wins(data), "no scene where the assertive option scores best"
    # ...and not everywhere: elsewhere authority or speed is the weaker move.
    assertive = [c for s in data["scenes"].values() for c in s.get("choices", [])
                 if c.get("stance") == "assertive"]
    assert len(assertive) > len(assertive_wins(data))


def test_the_engine_debrief_carries_the_real_story() -> None:
    from ogp_curriculum.scenarios import ScenarioRun, walk_paths

    scenario = load_scenario(data_dir() / "scenarios" / "national_eprocurement.yml")
    run = ScenarioRun(scenario)
    run.replay(next(iter(walk_paths(scenario))))
    debrief = run.debrief()
    assert "Mer-Link" in debrief.what_really_happened
    assert debrief.literature_disagrees and "cr_ley_9395_2016" in debrief.sources
    # The scenes themselves never name it.
    assert all("Mer-Link" not in text for _, text in scene_texts(_data(scenario.path or BAD)))


def test_the_bad_fixture_is_a_valid_scenario_but_full_of_contradictions() -> None:
    data = _data(BAD)
    assert check(data, BAD) == []  # the schema alone cannot see these problems
    found = problems(data, {"country": "Costa Rica"})
    text = "\n".join(found)
    assert "summary: names the real 'Mer-Link'" in text
    assert "summary: names the real 'Costa Rica'" in text
    assert "placeholders.agency: default 'Procurement Agency' is a proper name" in text
    assert "override country='Costa Rica' puts 'Costa Rica'" in text
    assert "the player's institution {office} ('the finance ministry') is also the outside " \
           "party {owner}" in text
    assert assertive_wins(data) == []
    assert not set(data["debrief"]["sources"]) <= _bib_keys()


def test_two_placeholders_that_render_alike_are_one_actor() -> None:
    data = _data(data_dir() / "scenarios" / "cross_country_budgeting.yml")
    found = problems(data, {"country": "Mirova (fictional)"})
    assert any("{origin_country} and {country} both render" in p or
               "{country} and {origin_country} both render" in p for p in found)


def test_an_override_naming_the_real_case_is_refused_for_every_real_name() -> None:
    for path in shipped_scenarios():
        data = _data(path)
        first = next(iter(data["placeholders"]))
        for name in data["debrief"]["real_names"]:
            assert problems(data, {first: f"the {name} office"}), (path.stem, name)


def test_missing_blocks_are_reported() -> None:
    data = _data(BAD)
    del data["setting"], data["debrief"]
    found = "\n".join(problems(data))
    assert "no 'setting' block" in found and "no 'debrief' block" in found


def test_a_cohort_may_choose_a_real_country_that_is_not_the_case() -> None:
    # "Placeholders hold only fictional or cohort-chosen names": Kenya is the cohort's choice.
    data = _data(data_dir() / "scenarios" / "national_eprocurement.yml")
    assert problems(data, {"country": "Kenya"}) == []


def test_validation_refuses_a_player_institution_that_is_an_outside_party() -> None:
    data = _data(BAD)
    data["setting"]["outside_parties"] = ["owner", "office", "nowhere"]
    messages = [f"{e.field}: {e.message}" for e in check(data, BAD)]
    assert "setting.outside_parties: the player's own institution cannot also be an outside " \
           "party" in messages
    assert "setting.outside_parties[2]: 'nowhere' is not a declared placeholder" in messages


def test_a_lower_case_common_noun_is_not_the_capitalised_place() -> None:
    # French "réunion" (a meeting) is not the island of Réunion; "china" is not China.
    data = _data(data_dir() / "scenarios" / "national_eprocurement.yml")
    first_scene = next(iter(data["scenes"]))
    data["scenes"][first_scene]["text"] = "Une réunion a lieu. Tea is served in china."
    data["placeholders"]["unified_platform"] = "la plateforme de la réunion"
    assert problems(data) == []
    # The place, capitalised as a name, is still caught in the scenes and in a default.
    data["scenes"][first_scene]["text"] = "Une délégation de La Réunion arrive."
    assert any("names the real 'Réunion'" in p for p in problems(data))
    data["scenes"][first_scene]["text"] = "Rien."
    data["placeholders"]["unified_platform"] = "the CHINA platform"
    assert any("default 'the CHINA platform' is the real 'China'" in p for p in problems(data))


def test_an_override_is_matched_in_any_case() -> None:
    # Typed by hand in a cohort file: a lower-case real name is still refused.
    data = _data(data_dir() / "scenarios" / "national_eprocurement.yml")
    real = data["debrief"]["real_names"][0]
    first = next(iter(data["placeholders"]))
    assert problems(data, {first: f"the {real.lower()} office"})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("China", True), ("(China).", True), ("l'China", True), ("Chinas", False),
        ("IndoChina", False), ("_China", False), ("China_", False), ("9China", False),
    ],
)
def test_a_real_name_is_found_as_a_whole_word_only(text: str, found: bool) -> None:
    # Whole words at a text's edges and inside it, in one scene or in the last of several
    # (the check first looks for a name in all the scenes at once).
    data = _data(data_dir() / "scenarios" / "national_eprocurement.yml")
    scenes = list(data["scenes"])
    for scene in scenes:
        data["scenes"][scene]["text"] = "Rien."
    data["scenes"][scenes[-1]]["text"] = text
    named = [p for p in problems(data) if "names the real 'China'" in p]
    assert bool(named) is found, named
