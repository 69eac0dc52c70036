"""Quiz feedback cites its sources, and the figures a quiz states hold in the data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ogp_curriculum import irm, quiz, sources
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
QUIZZES = sorted((ROOT / "data/quizzes").glob("*.yml"))


def _question(source: str | None) -> dict:
    wrong: dict = {"text": "a belief", "correct": False, "feedback": "why not"}
    if source is not None:
        wrong["source"] = source
    return {"title": "t", "questions": [{"id": "q", "prompt": "p", "options": [
        {"text": "right", "correct": True, "feedback": "yes"}, wrong]}]}


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_every_wrong_option_cites_a_source(path: Path) -> None:
    loaded = quiz.load_file(path)
    for question in loaded.questions:
        for number, option in enumerate(question.options, start=1):
            if not option.correct:
                assert option.source, f"{path.name}, {question.id}, option {number}: no source"


def test_a_known_key_and_a_book_page_are_accepted() -> None:
    data = _question("gi_guerzovich_moses_2016, modules/07_plenary.ipynb")
    assert quiz.validation_errors(data) == []


@pytest.mark.parametrize("bad", ["no_such_key_2016", "modules/99_missing.ipynb",
                                 "../README.md", "/etc/hostname.md"])
def test_an_unknown_source_is_named_with_question_option_and_field(bad: str) -> None:
    errors = quiz.validation_errors(_question(bad), path=Path("data/quizzes/x.yml"))
    assert len(errors) == 1
    text = str(errors[0])
    assert "x.yml" in text and "question 1 ('q')" in text and "option 2" in text
    assert "field 'source'" in text and bad in text


def test_an_empty_source_is_refused() -> None:
    errors = quiz.validation_errors(_question(""))
    assert errors and "must not be empty" in str(errors[0])


def test_unknown_source_line_is_reported_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(yaml.safe_dump(_question("nope_1999"), sort_keys=False), encoding="utf-8")
    problems = quiz.check_files([path])
    assert len(problems) == 1 and "line " in str(problems[0])


def test_source_labels_are_shown_and_escaped() -> None:
    assert sources.short_label("gi_guerzovich_moses_2016").endswith("2016")
    assert sources.short_label("gi_guerzovich_moses_2016").startswith("Guerzovich & ")
    assert sources.short_label("gi_ltog_proposal_2016") == "Global Integrity 2016"
    assert sources.label("README.md") == "this book, README.md"
    option = quiz.Option("<b>x</b>", False, "why", "gi_ltog_proposal_2016")
    rendered = quiz.render_html(quiz.Quiz("q", "t", (quiz.Question("a", "p", (
        quiz.Option("ok", True, "yes"), option)),)))
    assert "(Source: Global Integrity 2016)" in rendered
    assert "<b>x</b>" not in rendered


# --- figures stated in words in data/quizzes/02_critical_juncture.yml ---------------------


@pytest.fixture(scope="module")
def commitments():
    return irm.load_commitments()


def test_transformative_commitments_stall_more(commitments) -> None:
    # Quiz 02, question 'stall': less often substantial-or-complete, more often not started.
    stalls = irm.where_stalls(commitments)
    done = stalls["Substantial %"] + stalls["Complete %"]
    for other in ("Minor", "Moderate"):
        assert done["Transformative"] < done[other]
        assert stalls["Not started %"]["Transformative"] > stalls["Not started %"][other]


def test_costa_rica_procurement_commitment_ratings(commitments) -> None:
    # Quiz 02, question 'costa_rica': highly specific, transformative, limited completion.
    row = commitments.set_index("id").loc["CRI-1-3.3.2"]
    assert str(row["specificity"]) == "High"
    assert str(row["potential_impact"]) == "Transformative"
    assert str(row["completion_progress"]) == "Limited"


def test_published_share_is_below_the_files_share(commitments) -> None:
    # Quiz 02, question 'denominator': OGP's 12% (joinup_ogp_turning_five_2016) is lower
    # than the share over every row of the file.
    shares = irm.headline_shares(commitments, "all").set_index("measure")["share_pct"]
    assert shares["Transformative"] > 12


def test_none_is_a_rating_distinct_from_no_data(commitments) -> None:
    # Quiz 02, question 'none_rating'.
    labels = irm.label(commitments, "potential_impact").astype(str)
    assert (labels == "None").sum() > 0 and (labels == "ND").sum() > 0


def test_implied_denominators_are_in_the_low_to_mid_2000s(commitments) -> None:
    # Quiz 02, question 'denominator': "a total in the low-to-mid 2,000s".
    counts = irm.headline_shares(commitments, "all").set_index("measure")["count"]
    implied = [irm.implied_denominator(int(counts["Transformative"]), 12),
               irm.implied_denominator(int(counts["Transformative and substantial or complete"]),
                                       6)]
    assert all(2000 <= n < 2600 for n in implied), implied


FOUNDERS = {"BRA", "GBR", "IDN", "MEX", "NOR", "PHL", "USA", "ZAF"}


def test_no_data_impact_is_the_founders_first_plans(commitments) -> None:
    # Quiz 02, question 'none_rating': ND is "what the founding governments' first plans show
    # for potential impact" (the eight founders: ogp_wikipedia_2024).
    no_data = irm.label(commitments, "potential_impact").astype(str) == "ND"
    founders_first = (commitments["iso3"].isin(FOUNDERS)
                      & (commitments["action_plan_number"] == 1))
    assert no_data.any()
    assert (no_data == founders_first).all()


def test_the_file_reproduces_its_own_star_columns(commitments) -> None:
    # Quiz 02, question 'denominator': recomputing the star rules from the ratings
    # "reproduces its own star columns almost exactly".
    agreement = irm.star_agreement(commitments)
    assert (agreement["agree_pct"] >= 99).all(), agreement
