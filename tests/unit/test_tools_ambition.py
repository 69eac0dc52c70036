"""Commitment ambition check: state, feedback via the IRM area's rules and data, the view."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from ogp_curriculum.errors import InputError
from ogp_curriculum.irm import load_commitment_tags
from ogp_curriculum.irm.stars import star_2014, star_2015
from ogp_curriculum.tools.ambition import COMPLETION, IMPACT, SPECIFICITY, AmbitionCheck
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
        check.set_answers(specificity=spec, potential_impact=impact, completion=done)
        f = check.feedback()
        args = {"specificity": spec, "relevant": bool(values), "potential_impact": impact,
                "completion": done}
        assert (f.star_2014, f.star_2015) == (star_2014(**args), star_2015(**args))


def test_moderate_complete_commitment_gets_a_2014_star_only() -> None:
    check = AmbitionCheck()
    check.set_draft(**GOOD)
    check.set_answers(specificity="High", potential_impact="Moderate", completion="Complete")
    f = check.feedback()
    assert f.star_2014 and not f.star_2015
    assert any("transformative" in c and "2015" in c for c in f.what_would_change)
    assert f.checks == []


def test_similar_commitments_share_tags_and_rate_higher() -> None:
    check = AmbitionCheck()
    check.set_draft(**GOOD)
    check.set_answers(specificity="Medium", potential_impact="Minor", completion="Limited")
    f = check.feedback()
    assert f.similar_floor == "Moderate"
    assert 0 < len(f.similar) <= 5
    assert set(f.similar["potential_impact"].astype(str)) <= {"Moderate", "Transformative"}
    tags = load_commitment_tags()
    for cid in f.similar["id"]:
        mine = set(tags.loc[tags["id"] == cid, "tag"])
        assert mine & set(GOOD["tags"])


def test_no_tags_means_no_similar_commitments() -> None:
    f = AmbitionCheck().feedback()
    assert f.similar.empty


def test_checks_point_at_missing_parts() -> None:
    check = AmbitionCheck()
    check.set_answers(specificity="High", potential_impact="Minor", completion="Limited")
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
        AmbitionCheck().set_answers(specificity="Huge", potential_impact="Minor",
                                    completion="Limited")
    assert info.value.field == "specificity"


def test_save_load_and_markdown(tmp_path: Path) -> None:
    check = AmbitionCheck()
    check.set_draft(**{**GOOD, "lead": "<i>Ministry</i>"})
    path = check.save(tmp_path / "draft.json")
    again = AmbitionCheck()
    again.load(path)
    assert again.draft == check.draft and again.answers == check.answers
    text = again.to_markdown()
    assert "<i>" not in text and "&lt;i&gt;Ministry" in text


def test_bad_saved_draft_changes_nothing(tmp_path: Path) -> None:
    check = AmbitionCheck()
    check.set_draft(problem="kept")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "ogp-ambition-check/1",
                               "draft": {"deadline": "soon"}, "answers": {}}))
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
    assert view.feedback.value.count("would earn a star") == 2
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
