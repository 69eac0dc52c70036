"""Post-2020 indicators on the 2024 subset, against counts measured from the source."""

from __future__ import annotations

from ogp_curriculum.irm import post2020
from ogp_curriculum.irm.figures import binding_constraint_chart, binding_constraint_table


def test_indicator_counts_keep_statuses() -> None:
    verifiable = post2020.indicator_counts("verifiable")["count"].to_dict()
    assert verifiable == {"Yes": 457, "No": 33, "ND": 10, "NR": 58}  # one source '1' is Yes
    results = post2020.indicator_counts("potential_for_results")["count"].to_dict()
    assert results == {"Unclear": 18, "Modest": 82, "Substantial": 43, "ND": 366, "NR": 49}
    early = post2020.indicator_counts("early_results")["count"].to_dict()
    assert early == {"No notable results": 7, "Moderate": 2, "Significant": 1, "ND": 404,
                     "NR": 144}
    diog = post2020.indicator_counts("diog_overall")["count"].to_dict()
    assert diog["Worsened"] == 1 and diog["Did not change"] == 85
    assert diog["No early results yet"] == 22


def test_diog_by_value() -> None:
    table = post2020.diog_by_value()
    assert table.loc["NA", "public accountability"] == 87
    assert table.loc["Outstanding", "access to information"] == 6
    assert table.sum().tolist() == [558, 558, 558]


def test_ambition_and_results() -> None:
    row = post2020.ambition_and_results().iloc[0]
    assert row["transformative"] == 77
    assert row["transformative_and_major_or_outstanding"] == 23


def test_binding_constraint() -> None:
    table = binding_constraint_table()
    assert table.loc["Potential impact", "count"] == 226
    assert table.loc["Not computed", "count"] == 130
    assert table["count"].sum() == 558
    spec = binding_constraint_chart().to_dict()
    assert "Potential impact 226" in spec["description"]
    by_period = post2020.constraint_by_period()
    assert by_period.to_numpy().sum() == 558


def test_cohort_subset() -> None:
    assert len(post2020.cohort_subset([])) == 558
    subset = post2020.cohort_subset(["UKR", "GHA"])
    assert set(subset["iso3"]) == {"UKR", "GHA"} and len(subset) == 55


def test_potential_impact_never_binds_after_the_refresh() -> None:
    table = post2020.constraint_by_period()
    assert list(table.columns) == ["before 2020", "2020 or later"]
    assert table.loc["Potential impact", "before 2020"] == 226
    assert table.loc["Potential impact", "2020 or later"] == 0
