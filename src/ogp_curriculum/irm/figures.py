"""Charts the IRM notebooks show, built from aggregated tables only."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import charts
from .analysis import where_stalls
from .load import load_commitments, load_open_parliament


def stall_chart(frame: pd.DataFrame | None = None) -> alt.Chart:
    """Completion at the progress report for each potential-impact level (row shares)."""
    table = where_stalls(load_commitments() if frame is None else frame)
    long = table.drop(columns="n").reset_index().melt(
        id_vars="potential_impact", var_name="completion", value_name="share_pct")
    long["completion"] = long["completion"].str.removesuffix(" %")
    order = list(long["completion"].drop_duplicates())
    items = "; ".join(
        f"{impact} (n={table.loc[impact, 'n']}): "
        + ", ".join(f"{c} {table.loc[impact, c + ' %']}%" for c in order)
        for impact in table.index)
    bars = alt.Chart(long).mark_bar().encode(
        y=alt.Y("potential_impact:N", sort=list(table.index), title="Potential impact"),
        x=alt.X("share_pct:Q", stack="normalize", title="Share of commitments",
                axis=alt.Axis(format="%")),
        color=alt.Color("completion:N", sort=order, title="Completion (progress report)"),
        order=alt.Order("completion_rank:Q"),
        tooltip=["potential_impact:N", "completion:N", "share_pct:Q"],
    ).transform_calculate(
        completion_rank=f"indexof({order!r}, datum.completion)")
    return charts.accessible(
        bars,
        title="Where commitments stall: completion by ambition (IRM-assessed, 2016 data)",
        description="Stacked bars, one per potential-impact level, showing how completion at "
                    f"the progress report is split. {items}.",
    )


def binding_constraint_table(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """How often each star criterion was the binding constraint (2024 subset)."""
    frame = load_open_parliament() if frame is None else frame
    counts = frame["binding_constraint"].value_counts(sort=False)
    out = counts.rename("count").to_frame()
    out["share_pct"] = (100 * out["count"] / out["count"].sum()).round(1)
    out.index = out.index.astype(str)
    out.index.name = "binding_constraint"
    return out


def binding_constraint_chart(frame: pd.DataFrame | None = None) -> alt.Chart:
    table = binding_constraint_table(frame).reset_index()
    items = "; ".join(f"{r.binding_constraint} {r.count} ({r.share_pct}%)"
                      for r in table.itertuples())
    bars = alt.Chart(table).mark_bar().encode(
        y=alt.Y("binding_constraint:N", sort="-x", title="Binding constraint"),
        x=alt.X("count:Q", title="Commitments (open-parliament subset)"),
        color=alt.value(charts.OKABE_ITO[4]),
        tooltip=["binding_constraint:N", "count:Q", "share_pct:Q"],
    )
    return charts.accessible(
        bars,
        title="What kept open-parliament commitments from a star (2024 thematic subset)",
        description=f"Horizontal bars counting commitments by binding constraint. {items}.",
    )
