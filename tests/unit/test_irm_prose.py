"""The figures the prose quotes, and the inferred test order of OGP's binding constraint."""

from __future__ import annotations

import pandas as pd

from ogp_curriculum import irm
from ogp_curriculum.irm import post2020, prose


def _rows(*rows: tuple[str, str, str, str | None, str | None]) -> pd.DataFrame:
    names = ["binding_constraint", "specificity", "relevant", "potential_impact",
             "completion_end_of_term"]
    return pd.DataFrame([dict(zip(names, row, strict=True)) for row in rows])


def test_binding_order_counts_contradictions_and_hidden_failures() -> None:
    frame = _rows(
        ("Potential impact", "High", "Yes", "Moderate", "Limited"),    # hides a completion fail
        ("Potential impact", "High", "Yes", "Minor", "Complete"),
        ("Potential impact", "Low", "Yes", "Minor", None),             # earlier criterion fails
        ("Completion", "High", "Yes", "Transformative", "Complete"),   # named one passes
        ("Specificity", "Low", "No", None, None),                      # hides relevance
        ("Starred", "High", "Yes", "Transformative", "Complete"),
    )
    check = post2020.binding_order_check(frame)
    assert list(check.index) == list(post2020.BINDING_ORDER)
    assert check.loc["Potential impact"].to_dict() == {
        "test_order": 3, "commitments": 3, "contradict_order": 1, "also_fail_later": 1}
    assert check.loc["Completion", "contradict_order"] == 1
    assert check.loc["Specificity", "also_fail_later"] == 1
    assert check.loc["Relevance", "commitments"] == 0


def test_the_real_subset_is_consistent_with_the_inferred_order() -> None:
    check = post2020.binding_order_check()
    assert check["contradict_order"].sum() == 0
    assert check["commitments"].sum() > 0


def test_module2_figures_match_the_analyses() -> None:
    commitments = irm.load_commitments()
    figures = prose.module2_figures(commitments)
    head = irm.headline_shares(commitments, "all").set_index("measure")
    assert figures["m02_transformative"] == f"{head.loc['Transformative', 'count']:,}"
    assert figures["m02_rows"] == f"{len(commitments):,}"
    not_assessed = int((~commitments["irm_assessed"]).sum())
    assert figures["m02_not_assessed"] == f"{not_assessed:,}"
    n = int(head.loc["Transformative", "count"])
    assert figures["m02_implied_t"] == f"{round(n / 0.12):,}"
    stalls = irm.where_stalls(commitments)
    done = stalls.loc["Transformative", ["Substantial %", "Complete %"]].sum()
    assert abs(float(figures["m02_done_transformative"].rstrip("%")) - done) < 0.11


def test_pct_and_count_format() -> None:
    assert prose.pct(1, 3) == "33.3%"
    assert prose.pct(1, 0) == "n/a"
    assert prose.count(1927) == "1,927"
