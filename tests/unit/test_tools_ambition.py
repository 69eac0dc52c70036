"""Commitment ambition check: the IRM's current questions as a state machine (tested over every
reachable state and action), the pre-2020 stars as history, feedback, and the view driven by
simulated clicks."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from ogp_curriculum.errors import InputError
from ogp_curriculum.irm import load_commitment_tags
from ogp_curriculum.irm.stars import star_2014, star_2015
from ogp_curriculum.tools.ambition import (
    COMPLETION,
    DONE,
    IMPACT,
    NOT_REVIEWABLE,
    OPTIONS,
    SPECIFICITY,
    STEPS,
    AmbitionCheck,
    Assessment,
    answer,
    back,
    step,
    verdict,
)
from ogp_curriculum.tools.ambition_view import AmbitionCheckView

GOOD = {
    "problem": "Buyers and suppliers use two procurement systems.",
    "activities": "Agree shared governance\nMigrate agencies",
    "milestones": "- 2017-06: governance agreed\n- 2018-06: all ministries on one platform",
    "lead": "Ministry of Finance",
    "deadline": "2018-06-30",
    "values": ["Access to information", "Public accountability"],
    "tags": ["Public Procurement", "E-government"],
}


@pytest.mark.parametrize(("values", "relevant"), [
    ([], False), (["Technology and innovation"], False),
    (["Technology and innovation", "Civic participation"], True),
    (["Access to information"], True), (["Public accountability"], True),
])
def test_relevance_follows_the_glossary(values: list[str], relevant: bool) -> None:
    check = AmbitionCheck()
    check.set_draft(values=values)
    assert check.relevant is relevant


def test_stars_come_from_the_irm_rules_for_every_combination() -> None:
    check = AmbitionCheck()
    for values, spec, impact, done in itertools.product(
            ([], ["Access to information"]), SPECIFICITY, IMPACT, COMPLETION):
        check.set_draft(values=values)
        check.set_history(specificity=spec, potential_impact=impact, completion=done)
        f = check.feedback()
        args = {"specificity": spec, "relevant": bool(values), "potential_impact": impact,
                "completion": done}
        assert (f.star_2014, f.star_2015) == (star_2014(**args), star_2015(**args))


def test_moderate_complete_commitment_gets_a_2014_star_only() -> None:
    check = AmbitionCheck()
    check.set_draft(**GOOD)
    check.set_history(specificity="High", potential_impact="Moderate", completion="Complete")
    f = check.feedback()
    assert f.star_2014 and not f.star_2015
    assert any("transformative" in c and "2015" in c for c in f.what_would_change)
    assert f.checks == []
    assert f.step == "verifiable" and f.verdict == []


def test_similar_commitments_share_tags_and_rate_higher() -> None:
    check = AmbitionCheck()
    check.set_draft(**GOOD)
    check.set_history(specificity="Medium", potential_impact="Minor", completion="Limited")
    f = check.feedback()
    assert f.similar_floor == "Transformative"
    assert 0 < len(f.similar) <= 5
    assert set(f.similar["potential_impact"].astype(str)) == {"Transformative"}
    tags = load_commitment_tags()
    for cid in f.similar["id"]:
        mine = set(tags.loc[tags["id"] == cid, "tag"])
        assert mine & set(GOOD["tags"])


def test_no_tags_means_no_similar_commitments() -> None:
    f = AmbitionCheck().feedback()
    assert f.similar.empty


def test_checks_point_at_missing_parts() -> None:
    check = AmbitionCheck()
    check.set_assessment(verifiable="Yes")
    notes = " ".join(check.checks())
    for word in ("problem", "activity", "milestones", "lead institution", "end date",
                 "OGP values", "would an outside reviewer agree"):
        assert word in notes


@pytest.mark.parametrize(("fields", "field"), [
    ({"deadline": "next year"}, "deadline"), ({"values": ["Efficiency"]}, "values"),
    ({"problem": "x" * 5000}, "problem"), ({"colour": "red"}, "colour"),
])
def test_bad_draft_fields_are_named(fields: dict, field: str) -> None:
    check = AmbitionCheck()
    with pytest.raises(InputError) as info:
        check.set_draft(**fields)
    assert info.value.field == field


def test_bad_rating_is_named() -> None:
    with pytest.raises(InputError) as info:
        AmbitionCheck().set_history(specificity="Huge", potential_impact="Minor",
                                    completion="Limited")
    assert info.value.field == "specificity"


def test_save_load_and_markdown(tmp_path: Path) -> None:
    check = AmbitionCheck()
    check.set_draft(**{**GOOD, "lead": "<i>Ministry</i>"})
    check.set_assessment(verifiable="Yes", lens="Yes", potential_for_results="Modest")
    check.set_history(specificity="High", potential_impact="Moderate", completion="Complete")
    path = check.save(tmp_path / "draft.json")
    again = AmbitionCheck()
    again.load(path)
    assert (again.draft, again.assessment, again.history) == (
        check.draft, check.assessment, check.history)
    text = again.to_markdown()
    assert "<i>" not in text and "&lt;i&gt;Ministry" in text
    assert "**Modest**" in text and "History: the pre-2020 stars" in text


def test_a_draft_saved_before_the_current_questions_loads_as_history(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "ogp-ambition-check/1", "draft": {"problem": "p"},
                               "answers": {"specificity": "High", "potential_impact":
                                           "Transformative", "completion": "Limited"}}))
    check = AmbitionCheck()
    check.load(old)
    assert check.draft.problem == "p"
    assert check.history.potential_impact == "Transformative"
    assert check.assessment == Assessment()


def test_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "ogp-power-map/1"}))
    with pytest.raises(InputError) as info:
        AmbitionCheck().load(other)
    assert info.value.field == "format"


def test_bad_saved_draft_changes_nothing(tmp_path: Path) -> None:
    check = AmbitionCheck()
    check.set_draft(problem="kept")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "ogp-ambition-check/2",
                               "draft": {"deadline": "soon"}, "assessment": {}}))
    with pytest.raises(InputError) as info:
        check.load(bad)
    assert info.value.field == "deadline" and str(bad) in str(info.value)
    assert check.draft.problem == "kept"


def test_view_check_save_and_load(tmp_path: Path) -> None:
    view = AmbitionCheckView(save_path=tmp_path / "d.json")
    view.problem.value = "<script>alert(1)</script>"
    view.activities.value = GOOD["activities"]
    view.milestones.value = GOOD["milestones"]
    view.lead.value = GOOD["lead"]
    view.deadline.value = GOOD["deadline"]
    view.values["Access to information"].value = True
    view.tags.value = ("Public Procurement",)
    view.specificity.value = "High"
    view.impact.value = "Transformative"
    view.completion.value = "Substantial"
    view.check_button.click()
    assert "2014 rule" in view.feedback.value
    assert view.feedback.value.count("would have earned a star") == 2
    assert "Answer the remaining questions" in view.feedback.value
    assert "<table" in view.similar.value
    assert "<script>" not in view.feedback.value + view.similar.value
    view.save_button.click()
    assert "Saved" in view.status.value
    other = AmbitionCheckView(save_path=tmp_path / "d.json")
    other.load_button.click()
    assert other.problem.value == "<script>alert(1)</script>"
    assert other.tags.value == ("Public Procurement",)
    assert other.impact.value == "Transformative"


def test_view_reports_a_bad_deadline(tmp_path: Path) -> None:
    view = AmbitionCheckView(save_path=tmp_path / "d.json")
    view.deadline.value = "31/12/2018"
    view.check_button.click()
    assert "YYYY-MM-DD" in view.feedback.value
    assert "field &#x27;deadline&#x27;" in view.feedback.value  # escaped, like all text


# --- the IRM's current questions: a pure state machine, tested exhaustively ------------------

ACTIONS: list[tuple[str, str] | None] = [
    *[(q, v) for q in STEPS for v in OPTIONS[q]],
    ("verifiable", "Maybe"), ("potential_for_results", "Transformative"), ("colour", "Yes"),
    None,  # back
]


def _apply(state: Assessment, action: tuple[str, str] | None) -> Assessment:
    return back(state) if action is None else answer(state, *action)


def _reachable() -> set[Assessment]:
    seen, frontier = {Assessment()}, [Assessment()]
    while frontier:
        state = frontier.pop()
        for action in ACTIONS:
            try:
                nxt = _apply(state, action)
            except InputError:
                continue
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


def _expected_states() -> set[Assessment]:
    states = {Assessment(), Assessment("No"), Assessment("Yes")}
    for lens in OPTIONS["lens"]:
        states.add(Assessment("Yes", lens))
        states |= {Assessment("Yes", lens, p) for p in OPTIONS["potential_for_results"]}
    return states


def test_the_reachable_states_are_exactly_the_valid_ones() -> None:
    assert _reachable() == _expected_states()
    assert len(_expected_states()) == 11


@pytest.mark.parametrize("state", sorted(_expected_states(), key=repr), ids=repr)
def test_every_action_from_every_state(state: Assessment) -> None:
    current = step(state)
    answered = [q for q in STEPS if getattr(state, q) is not None]
    assert answered == list(STEPS[:len(answered)])  # answers always form a prefix
    for action in ACTIONS:
        if action is None:
            after = back(state)
            assert [q for q in STEPS if getattr(after, q) is not None] == answered[:-1]
            continue
        question, value = action
        valid = question in STEPS and value in OPTIONS[question]
        position = STEPS.index(question) if question in STEPS else None
        allowed = (valid and position is not None
                   and all(getattr(state, q) is not None for q in STEPS[:position])
                   and (position == 0 or state.verifiable != "No"))
        if not allowed:
            with pytest.raises(InputError):
                answer(state, question, value)
            continue
        after = answer(state, question, value)
        assert getattr(after, question) == value
        assert position is not None
        for earlier in STEPS[:position]:  # earlier answers kept ...
            assert getattr(after, earlier) == getattr(state, earlier)
        for later in STEPS[position + 1:]:  # ... later ones cleared
            assert getattr(after, later) is None
        if question == current:
            assert back(after) == state
    if current == NOT_REVIEWABLE:
        assert state.verifiable == "No" and len(verdict(state)) == 1
    elif current == DONE:
        assert len(verdict(state)) == (2 if state.lens == "No" else 1)
    else:
        assert getattr(state, current) is None


def test_not_verifiable_stops_the_review() -> None:
    state = answer(Assessment(), "verifiable", "No")
    assert step(state) == NOT_REVIEWABLE
    with pytest.raises(InputError) as info:
        answer(state, "lens", "Yes")
    assert "not verifiable" in info.value.message
    assert "not reviewable" in verdict(state)[0].lower()


def test_set_assessment_follows_the_order() -> None:
    check = AmbitionCheck()
    check.set_assessment(verifiable="Yes", lens="Yes", potential_for_results="Substantial")
    assert check.step == DONE
    with pytest.raises(InputError):
        check.set_assessment(lens="Yes")
    with pytest.raises(InputError) as info:
        check.set_assessment(verifiable="Yes", ambition="High")
    assert info.value.field == "ambition"


def test_draft_and_answers_that_disagree_are_pointed_out() -> None:
    check = AmbitionCheck()
    check.set_draft(values=["Technology and innovation"])
    check.set_assessment(verifiable="Yes", lens="Yes")
    notes = " ".join(check.checks())
    assert "You answered that it is verifiable" in notes
    assert "open-government lens, but none" in notes


def test_view_walks_the_current_questions_by_clicks(tmp_path: Path) -> None:
    view = AmbitionCheckView(save_path=tmp_path / "d.json")
    assert "verifiable" in view.question.value
    assert [b.description for b in view.options.children] == ["Yes", "No"]
    assert view.back_button.disabled
    view.option_buttons["verifiable"]["No"].click()
    assert "review stops here" in view.question.value and not view.options.children
    assert "not reviewable" in view.answered.value.lower()
    view.back_button.click()
    assert view.check.assessment == Assessment()
    view.option_buttons["verifiable"]["Yes"].click()
    view.option_buttons["lens"]["Yes"].click()
    assert [b.description for b in view.options.children] == ["Unclear", "Modest",
                                                              "Substantial"]
    view.option_buttons["potential_for_results"]["Substantial"].click()
    assert "All three questions answered" in view.question.value
    assert view.check.step == DONE
    view.check_button.click()
    assert "game" in view.feedback.value  # the Substantial verdict
    assert "remaining questions" not in view.feedback.value
    assert "History: the pre-2020 stars" in view.feedback.value
    # A button of a question that is not current is refused, with a message.
    view.back_button.click()
    view.back_button.click()
    view.option_buttons["potential_for_results"]["Modest"].click()
    assert "Not recorded" in view.status.value
    assert view.check.assessment == Assessment("Yes")
    view.save_button.click()
    other = AmbitionCheckView(save_path=tmp_path / "d.json")
    other.load_button.click()
    assert other.check.assessment == Assessment("Yes")
    assert "open-government lens" in other.question.value
