"""Analyses reproduce the exact counts measured from the 2016 IRM file."""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_curriculum.irm import (
    ambition_completion,
    available_tags,
    breakdown,
    cocreation_outcomes,
    countries_in_data,
    country_profile,
    headline_shares,
    implied_denominator,
    load_commitments,
    recompute_stars,
    similar_commitments,
    star_agreement,
    where_stalls,
)


def _row(table: pd.DataFrame, measure: str) -> pd.Series:
    return table.set_index("measure").loc[measure]


def test_headline_shares_over_all_rows() -> None:
    table = headline_shares(denominator="all")
    t = _row(table, "Transformative")
    assert (t["count"], t["denominator"], t["share_pct"]) == (284, 1927, 14.7)
    done = _row(table, "Transformative and substantial or complete")
    assert (done["count"], done["denominator"], done["share_pct"]) == (133, 1927, 6.9)
    assert _row(table, "Transformative and complete")["count"] == 57
    assert set(table["denominator_is"]) == {"all commitments in the file"}


def test_headline_shares_over_other_denominators() -> None:
    assessed = headline_shares(denominator="assessed")
    assert _row(assessed, "Transformative")["denominator"] == 1857
    rated = headline_shares(denominator="impact_rated")
    assert _row(rated, "Transformative")["denominator"] == 1675
    assert _row(rated, "Transformative")["share_pct"] == 17.0
    assert _row(rated, "Transformative and substantial or complete")["share_pct"] == 7.9
    with pytest.raises(ValueError):
        headline_shares(denominator="everything")  # type: ignore[arg-type]


def test_published_figures_imply_a_larger_denominator() -> None:
    assert implied_denominator(284, 12) == 2367
    assert implied_denominator(133, 6) == 2217


def test_ambition_by_completion_crosstab() -> None:
    table = ambition_completion()
    assert table.to_numpy().sum() == 1857
    assert table.loc["Transformative", "Not started"] == 37
    assert table.loc["Transformative", "Limited"] == 107
    assert table.loc["Transformative", "Substantial"] == 76
    assert table.loc["Transformative", "Complete"] == 57
    assert table.loc["Moderate"].sum() == 665 and table.loc["None"].sum() == 102
    assert table.loc["ND", "NA"] == 1
    assert table["Not started"].sum() == 192


def test_where_transformative_commitments_stall() -> None:
    table = where_stalls()
    assert table.loc["Transformative", "n"] == 277
    assert table.loc["Transformative", "Not started %"] == round(100 * 37 / 277, 1)


@pytest.mark.parametrize("by,key,count", [
    ("country", "CRI", 23), ("region", "Americas", 708), ("year_submitted", "2014", 598),
    ("action_plan_id", "PHL-2", 9), ("tag", "Participatory Budgeting", 13)])
def test_breakdowns(by: str, key: str, count: int | None) -> None:
    table = breakdown(by=by)
    if by == "country":
        table = breakdown(load_commitments().assign(country=lambda f: f["iso3"]), by=by)
    assert key in table.index
    if count is not None:
        assert table.loc[key, "commitments"] == count
    assert (table["transformative"] <= table["impact_rated"]).all()


def test_breakdown_by_year_adds_up() -> None:
    table = breakdown(by="year_submitted")
    assert table["commitments"].to_dict() == {"2011": 186, "2012": 821, "2013": 322,
                                              "2014": 598}
    assert table["transformative"].sum() == 284


def test_star_recomputation_agrees_with_the_dataset() -> None:
    table = star_agreement().set_index("rule")
    assert (table.loc["2014", "rated_rows"], table.loc["2014", "agree_pct"]) == (867, 99.4)
    assert table.loc["2014", "starred_in_column"] == 206
    assert (table.loc["2015", "rated_rows"], table.loc["2015", "agree_pct"]) == (590, 100.0)
    assert table.loc["2015", "starred_in_column"] == 28


def test_current_formula_over_all_assessed_commitments() -> None:
    df = load_commitments()
    assessed = df[df["irm_assessed"]]
    assert int(recompute_stars(assessed, "2015").sum()) == 106


def test_cocreation_against_outcomes() -> None:
    iap2 = cocreation_outcomes(by="iap2_development")
    assert list(iap2.index[:4]) == ["Inform", "Consult", "Involve", "Collaborate"]
    assert iap2.loc["Consult", "action_plans"] == 26
    assert iap2["commitments"].sum() == 1927
    forum = cocreation_outcomes(by="regular_forum")
    assert forum.loc["Yes", "action_plans"] == 36 and forum.loc["No", "action_plans"] == 41
    # Lithuania's second plan is absent from the process database: counted, not dropped.
    assert forum.loc["plan not in process database", "action_plans"] == 1


def test_similar_commitments() -> None:
    found = similar_commitments(["Public Procurement"], min_impact="Transformative", limit=3)
    assert len(found) == 3
    assert {"id", "country", "short_title", "potential_impact", "completion",
            "completion_progress"} <= set(found.columns)
    assert (found["potential_impact"] == "Transformative").all()
    assert found["completion"].cat.codes.is_monotonic_decreasing
    assert similar_commitments(["No such tag"]).empty
    assert similar_commitments(["public_procurement"], min_impact="Transformative",
                               limit=3)["id"].tolist() == found["id"].tolist()
    two = similar_commitments(["Public Procurement", "Open Data"], limit=50)
    assert two["shared_tags"].is_monotonic_decreasing and two["shared_tags"].iloc[0] == 2
    assert (two["potential_impact"].cat.codes >= 2).all()  # Moderate or above by default
    assert "Public Procurement" in available_tags()


def test_countries_in_data() -> None:
    codes = countries_in_data()
    assert len(codes) == 61 and {"CRI", "PHL", "GBR", "USA"} <= codes
    assert "FRA" not in codes


def test_country_profile_sits_next_to_the_average() -> None:
    profile = country_profile("CRI").set_index(["measure", "level"])
    assert profile.loc[("potential impact", "Transformative"), "CRI count"] == 3
    assert profile.loc[("potential impact", "Transformative"), "OGP average %"] == 17.0
    assert profile.loc[("completion", "Limited"), "CRI %"] == 56.5
    assert country_profile("Costa Rica").equals(country_profile("CRI"))
    with pytest.raises(ValueError):
        country_profile("FRA")


def test_labelled_shows_status_codes_where_unrated() -> None:
    from ogp_curriculum.irm import labelled

    df = load_commitments()
    view = labelled(df[df["iso3"] == "PHL"]).set_index("id")
    assert view.loc["PHL-1-4", "potential_impact"] == "ND"
    assert view.loc["PHL-2-6", "potential_impact"] == "Moderate"
    assert "potential_impact_status" not in view.columns
    assert "report_year_progress_status" in view.columns  # integer pairs are left alone
