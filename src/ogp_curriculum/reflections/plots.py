"""Altair charts of the plenary counts (aggregated data only, via ``charts.accessible``)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ogp_curriculum.charts import accessible
from ogp_curriculum.i18n import _, format_number
from ogp_curriculum.reflections.schema import LEVELS
from ogp_curriculum.reflections.synthesis import PICK_TITLES, option_order


def _title(what: str, by: str) -> str:
    return (_("{what} by level") if by == "level" else _("{what} by country")).format(what=what)


def _describe(counts: pd.DataFrame, what: str, by: str) -> str:
    if counts.empty:
        return _("{what}: no group picked any option yet, so the chart is empty.").format(
            what=what)
    totals = counts.groupby("option")["groups"].sum()
    top = ", ".join(f"{o} ({format_number(int(totals[o]))})"
                    for o in option_order(counts)[:3])
    sentence = (_("{chart}: the number of group hand-ins that picked each option. Most "
                  "picked: {top}. {options} options across {groups} levels.") if by == "level"
                else _("{chart}: the number of group hand-ins that picked each option. Most "
                       "picked: {top}. {options} options across {groups} countries."))
    return sentence.format(chart=_title(what, by), top=top,
                           options=format_number(len(totals)),
                           groups=format_number(int(counts[by].nunique())))


def pick_chart(counts: pd.DataFrame, name: str, by: str) -> alt.TopLevelMixin:
    """How often each option was picked: bars stacked by level, or a labelled heat map."""
    what = _(PICK_TITLES[name])
    order = option_order(counts)
    option_axis = alt.Y("option:N", sort=order, title=what)
    if by == "level":
        chart = (
            alt.Chart(counts)
            .mark_bar()
            .encode(
                y=option_axis,
                x=alt.X("sum(groups):Q", title=_("Group hand-ins"), axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("level:N", title=_("Level"), sort=list(LEVELS)),
            )
        )
    else:
        base = alt.Chart(counts).encode(
            y=option_axis, x=alt.X("country:N", title=_("Country"), sort="ascending")
        )
        chart = base.mark_rect().encode(
            color=alt.Color(
                "groups:Q", title=_("Group hand-ins"), scale=alt.Scale(scheme="blues", domainMin=0)
            )
        ) + base.mark_text().encode(text="groups:Q")
    return accessible(
        chart.properties(width=360),
        title=_title(what, by),
        description=_describe(counts, what, by),
    )
