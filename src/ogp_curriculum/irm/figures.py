"""Charts the IRM notebooks show, built from aggregated tables only."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import charts
from ..i18n import _, format_number, format_percent, rating_label
from ..i18n.tables import BINDING_CONSTRAINTS
from .analysis import DENOMINATORS, MEASURES, where_stalls
from .load import load_commitments, load_open_parliament


def stall_chart(frame: pd.DataFrame | None = None) -> alt.Chart:
    """Completion at the progress report for each potential-impact level (row shares)."""
    table = where_stalls(load_commitments() if frame is None else frame)
    long = table.drop(columns="n").reset_index().melt(
        id_vars="potential_impact", var_name="completion", value_name="share_pct")
    long["completion"] = long["completion"].str.removesuffix(" %")
    english = list(long["completion"].drop_duplicates())
    # Levels as the reader reads them; the table keeps the IRM's English words.
    long["completion"] = [rating_label("completion", c) for c in long["completion"]]
    long["potential_impact"] = [rating_label("potential_impact", str(v))
                                for v in long["potential_impact"]]
    order = [rating_label("completion", c) for c in english]
    impacts = [rating_label("potential_impact", str(v)) for v in table.index]
    items = "; ".join(
        f"{rating_label('potential_impact', str(impact))} "
        f"(n={format_number(int(table.loc[impact, 'n']))}): "
        + ", ".join(f"{rating_label('completion', c)} "
                    f"{format_percent(float(table.loc[impact, c + ' %']) / 100, digits=1)}"
                    for c in english)
        for impact in table.index)
    bars = alt.Chart(long).mark_bar().encode(
        y=alt.Y("potential_impact:N", sort=impacts, title=_("Potential impact")),
        x=alt.X("share_pct:Q", stack="normalize", title=_("Share of commitments"),
                axis=alt.Axis(format="%")),
        color=alt.Color("completion:N", sort=order, title=_("Completion (progress report)")),
        order=alt.Order("completion_rank:Q"),
        tooltip=[alt.Tooltip("potential_impact:N", title=_("Potential impact")),
                 alt.Tooltip("completion:N", title=_("Completion (progress report)")),
                 alt.Tooltip("share_pct:Q", title=_("Share (%)"))],
    ).transform_calculate(
        completion_rank=f"indexof({order!r}, datum.completion)")
    return charts.accessible(
        bars,
        title=_("Where commitments stall: completion by ambition (IRM-assessed, 2016 data)"),
        description=_("Stacked bars, one per potential-impact level, showing how completion "
                      "at the progress report is split. {items}.").format(items=items),
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
    # The criteria as the reader reads them; the table keeps the source's English values.
    table["binding_constraint"] = [_(BINDING_CONSTRAINTS[v]) if v in BINDING_CONSTRAINTS else v
                                   for v in table["binding_constraint"]]
    items = "; ".join(f"{r.binding_constraint} {format_number(int(r.count))} "
                      f"({format_percent(float(r.share_pct) / 100, digits=1)})"
                      for r in table.itertuples())
    bars = alt.Chart(table).mark_bar().encode(
        y=alt.Y("binding_constraint:N", sort="-x", title=_("Binding constraint")),
        x=alt.X("count:Q", title=_("Commitments (open-parliament subset)")),
        color=alt.value(charts.OKABE_ITO[4]),
        tooltip=[alt.Tooltip("binding_constraint:N", title=_("Binding constraint")),
                 alt.Tooltip("count:Q", title=_("Commitments")),
                 alt.Tooltip("share_pct:Q", title=_("Share (%)"))],
    )
    return charts.accessible(
        bars,
        title=_("What kept open-parliament commitments from a star (2024 thematic subset)"),
        description=_("Horizontal bars counting commitments by binding constraint. "
                      "{items}.").format(items=items),
    )


def data_summary(frame: pd.DataFrame) -> str:
    """One line on what the commitments table holds, in the current language."""
    years = frame["year_submitted"]
    return _("{rows} commitments from {countries} countries, action plans submitted "
             "{first}-{last}; {assessed} marked IRM-assessed").format(
        rows=format_number(len(frame)), countries=format_number(frame["iso3"].nunique()),
        first=int(years.min()), last=int(years.max()),
        assessed=format_number(int(frame["irm_assessed"].sum())))


def headline_sentences(headline: pd.DataFrame) -> str:
    """Each row of :func:`headline_shares` as a sentence, in the current language."""
    by_text = {text: key for key, text in DENOMINATORS.items()}
    return "\n".join(
        _("{measure}: {count} of {denominator} ({share}), over {denominator_is}").format(
            measure=_(MEASURES[row.measure]), count=format_number(int(row.count)),
            denominator=format_number(int(row.denominator)),
            share=format_percent(float(row.share_pct) / 100, digits=1),
            denominator_is=_(DENOMINATORS[by_text[row.denominator_is]]))
        for row in headline.itertuples())


def level_bars(stalls: pd.DataFrame, x_field: str) -> alt.Chart:
    """One bar per potential-impact level of :func:`where_stalls` (reset), for ``x_field``."""
    table = stalls.assign(level=[rating_label("potential_impact", str(v))
                                 for v in stalls["potential_impact"]])
    return charts.accessible(
        alt.Chart(table).mark_bar().encode(
            x=alt.X(f"{x_field}:Q"),
            y=alt.Y("level:N", sort=list(table["level"]), title=_("Potential impact")),
        ),
        title=_("IRM-assessed commitments by potential impact: {field}").format(field=x_field),
        description=_("Bar chart of the column '{field}' for each level of potential "
                      "impact.").format(field=x_field),
    )
