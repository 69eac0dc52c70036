"""The IRM explorer's state machine: pure Python, no widgets.

A state is an immutable set of choices (country, region, action plan, tag, rating, level).
``Explorer.update`` turns a state into the filtered table, the aggregated counts and an
accessible Altair chart built from those counts only, so pages stay light.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import altair as alt
import pandas as pd

from .. import charts
from ..files import atomic_write
from ..i18n import N_, _, format_number, format_percent, rating_label
from ..outputs import csv_text
from . import schema
from .analysis import country_profile, label, labelled
from .load import load_commitment_tags, load_commitments

ALL = N_("All")
RATINGS: dict[str, str] = {
    "potential_impact": N_("Potential impact"),
    "completion_progress": N_("Completion (progress report)"),
    "specificity": N_("Specificity"),
    "completion_end_of_term": N_("Completion (end of term)"),
    "diog": N_("Did it open government?"),
}
TABLE_COLUMNS = ["id", "country", "region", "action_plan_id", "year_submitted", "short_title",
                 "specificity", "potential_impact", "completion_progress",
                 "starred_current_progress"]  # ratings shown as level or status code
SELECTION, AVERAGE = N_("Your selection"), N_("All 2016 IRM commitments")
# The rating scale (for display labels) of each rating column; "diog" has its own words.
_SCALES = {"potential_impact": "potential_impact", "specificity": "specificity",
           "completion_progress": "completion", "completion_end_of_term": "completion"}
_DESCRIBED = {"region": N_("region {value}"), "country": N_("country {value}"),
              "action_plan": N_("action plan {value}"), "tag": N_("tag {value}"),
              "level": N_("level {value}")}


def level_label(rating: str, level: str) -> str:
    """A rating level as the reader sees it (the data keep the IRM's English words)."""
    scale = _SCALES.get(rating)
    return rating_label(scale, level) if scale else level


def share_label(pct: float) -> str:
    """A share in percent (``12.5``) as the reader's locale writes it (``12,5 %``)."""
    return format_percent(float(pct) / 100, digits=1)


@dataclass(frozen=True)
class ExplorerState:
    country: str = ALL  # ISO3
    region: str = ALL
    action_plan: str = ALL  # action_plan_id
    tag: str = ALL
    rating: str = "potential_impact"
    level: str = ALL  # a level or status code of the chosen rating


@dataclass(frozen=True)
class Update:
    state: ExplorerState
    table: pd.DataFrame
    counts: pd.DataFrame
    chart: alt.Chart
    summary: str


class Explorer:
    """Filters and aggregates the 2016 commitments for one state at a time."""

    def __init__(self, commitments: pd.DataFrame | None = None,
                 tags: pd.DataFrame | None = None) -> None:
        self.data = load_commitments() if commitments is None else commitments
        tag_table = load_commitment_tags() if tags is None else tags
        self._ids_by_tag = {t: frozenset(g["id"]) for t, g in tag_table.groupby("tag")}
        self._labels = {r: label(self.data, r) for r in RATINGS}
        self._average = {r: self._count(self._labels[r]) for r in RATINGS}
        # What the table and the CSV show: each rating as its level or its status code.
        self._readable = labelled(self.data)[TABLE_COLUMNS]

    # -- choices -------------------------------------------------------------------------------

    def country_options(self, state: ExplorerState) -> list[tuple[str, str]]:
        data = self.data if state.region == ALL else self.data[self.data["region"] == state.region]
        pairs = data[["country", "iso3"]].drop_duplicates().sort_values("country")
        return [(ALL, ALL)] + [(f"{c} ({i})", i) for c, i in pairs.itertuples(index=False)]

    def region_options(self) -> list[str]:
        return [ALL, *sorted(self.data["region"].unique())]

    def action_plan_options(self, state: ExplorerState) -> list[str]:
        data = self.data
        if state.region != ALL:
            data = data[data["region"] == state.region]
        if state.country != ALL:
            data = data[data["iso3"] == state.country]
        return [ALL, *sorted(data["action_plan_id"].unique())]

    def tag_options(self) -> list[str]:
        return [ALL, *sorted(self._ids_by_tag)]

    def level_options(self, state: ExplorerState) -> list[str]:
        return [ALL, *self._labels[state.rating].cat.categories]

    def set(self, state: ExplorerState, **changes: str) -> ExplorerState:
        """A new state; choices that no longer fit (a plan of another country) reset to All."""
        unknown = set(changes) - set(ExplorerState.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown choice(s): {sorted(unknown)}")
        new = replace(state, **changes)
        if new.rating not in RATINGS:
            raise ValueError(f"rating must be one of {list(RATINGS)}")
        if new.region not in self.region_options():
            raise ValueError(f"unknown region {new.region!r}")
        if new.tag not in self.tag_options():
            raise ValueError(f"unknown tag {new.tag!r}")
        if new.country not in [v for _, v in self.country_options(new)]:
            if "country" in changes:
                raise ValueError(f"unknown country {new.country!r} for region {new.region!r}")
            new = replace(new, country=ALL)
        if new.action_plan not in self.action_plan_options(new):
            if "action_plan" in changes:
                raise ValueError(f"unknown action plan {new.action_plan!r}")
            new = replace(new, action_plan=ALL)
        if new.level not in self.level_options(new):
            if "level" in changes:
                raise ValueError(f"unknown level {new.level!r} for {new.rating}")
            new = replace(new, level=ALL)
        return new

    # -- results -------------------------------------------------------------------------------

    def mask(self, state: ExplorerState) -> pd.Series:
        keep = pd.Series(True, index=self.data.index)
        if state.region != ALL:
            keep &= self.data["region"] == state.region
        if state.country != ALL:
            keep &= self.data["iso3"] == state.country
        if state.action_plan != ALL:
            keep &= self.data["action_plan_id"] == state.action_plan
        if state.tag != ALL:
            keep &= self.data["id"].isin(self._ids_by_tag[state.tag])
        if state.level != ALL:
            keep &= self._labels[state.rating] == state.level
        return keep

    def filtered(self, state: ExplorerState) -> pd.DataFrame:
        return self._readable.loc[self.mask(state)].reset_index(drop=True)

    @staticmethod
    def _count(labels: pd.Series) -> pd.Series:
        return labels.value_counts(sort=False).reindex(labels.cat.categories, fill_value=0)

    def counts(self, state: ExplorerState) -> pd.DataFrame:
        """Counts and shares of the chosen rating: selection next to all commitments."""
        labels = self._labels[state.rating]
        ours = self._count(labels[self.mask(state)])
        theirs = self._average[state.rating]
        keep = (ours > 0) | (theirs > 0)
        frames = []
        for who, counts in ((SELECTION, ours[keep]), (AVERAGE, theirs[keep])):
            total = int(counts.sum())
            frames.append(pd.DataFrame({
                "level": counts.index.astype(str),
                "group": who,
                "count": counts.to_numpy(),
                "share_pct": (100 * counts / total).round(1).to_numpy() if total else 0.0,
            }))
        return pd.concat(frames, ignore_index=True)

    def chart(self, state: ExplorerState, counts: pd.DataFrame | None = None) -> alt.Chart:
        counts = self.counts(state) if counts is None else counts
        name = _(RATINGS[state.rating])
        n = int(counts.loc[counts["group"] == SELECTION, "count"].sum())
        # Legend and axis show the reader's words; the counts keep the data's values.
        shown = counts.assign(
            group=[_(g) for g in counts["group"]],
            level=[level_label(state.rating, v) for v in counts["level"]])
        order = list(shown["level"].drop_duplicates())
        groups = [_(SELECTION), _(AVERAGE)]
        bars = alt.Chart(shown).mark_bar().encode(
            x=alt.X("level:N", sort=order, title=name),
            xOffset=alt.XOffset("group:N", sort=groups),
            y=alt.Y("share_pct:Q", title=_("Share of commitments (%)")),
            color=alt.Color("group:N", sort=groups, title=None),
            tooltip=[alt.Tooltip("group:N", title=_("Group")),
                     alt.Tooltip("level:N", title=_("Level")),
                     alt.Tooltip("count:Q", title=_("Commitments")),
                     alt.Tooltip("share_pct:Q", title=_("Share (%)"))],
        )
        return charts.accessible(
            bars,
            title=_("{rating}: {selection} vs all commitments").format(
                rating=name, selection=describe(state)),
            description=text_alternative(counts, name, n, rating=state.rating),
        )

    def update(self, state: ExplorerState) -> Update:
        counts = self.counts(state)
        table = self.filtered(state)
        return Update(state, table, counts, self.chart(state, counts),
                      _("{count} commitments match: {selection}.").format(
                          count=format_number(len(table)), selection=describe(state)))

    def save_csv(self, state: ExplorerState, path: str | Path, *,
                 overwrite: bool = False) -> Path:
        """Write the filtered table; an existing file is kept unless overwrite is chosen."""
        target = Path(path).expanduser()
        if target.is_dir():
            target = target / "irm_selection.csv"
        if target.exists() and not overwrite:
            raise FileExistsError(f"{target} already exists; choose another name")
        if not target.parent.is_dir():
            raise FileNotFoundError(f"folder {target.parent} does not exist")
        # Atomic: a failed write leaves the file that was there.
        atomic_write(target, csv_document(self.filtered(state)).encode("utf-8"))
        return target


def csv_document(table: pd.DataFrame) -> str:
    """The table as CSV a spreadsheet shows as text: a title (or a trainer's own table) that
    starts with ``=``, ``+``, ``-`` or ``@`` is saved with a leading apostrophe, not as a
    formula (:func:`ogp_curriculum.outputs.csv_cell`)."""
    cells = table.astype(object).where(table.notna(), None)
    return csv_text(list(table.columns), cells.itertuples(index=False, name=None))


def describe(state: ExplorerState) -> str:
    parts = [_(_DESCRIBED[k]).format(value=level_label(state.rating, v) if k == "level" else v)
             for k, v in (("region", state.region), ("country", state.country),
                          ("action_plan", state.action_plan), ("tag", state.tag),
                          ("level", state.level)) if v != ALL]
    return ", ".join(parts) if parts else _("all commitments")


def text_alternative(counts: pd.DataFrame, name: str, n: int, rating: str = "") -> str:
    """A sentence per group, for screen readers (in the reader's language and number format)."""
    sentences = [_("Bar chart of {rating} for {count} selected commitments next to all "
                   "commitments.").format(rating=name, count=format_number(n))]
    for group, rows in counts.groupby("group", sort=False):
        items = "; ".join(f"{level_label(rating, r.level)} {share_label(r.share_pct)} "
                          f"({format_number(r.count)})" for r in rows.itertuples())
        sentences.append(f"{_(str(group))}: {items}.")
    return " ".join(sentences)


def profile_chart(iso3: str) -> alt.Chart:
    """A country's ambition and completion shares next to the OGP average, as a chart."""
    profile = country_profile(iso3)
    long = profile.melt(id_vars=["measure", "level"], value_vars=[f"{iso3} %", "OGP average %"],
                        var_name="group", value_name="share_pct")
    average = _("OGP average")
    long["group"] = [average if g == "OGP average %" else g.removesuffix(" %")
                     for g in long["group"]]
    # The measures and levels as the reader reads them (the profile keeps the data's words).
    measures = {"potential impact": _("potential impact"), "completion": _("completion")}
    scales = {"potential impact": "potential_impact", "completion": "completion"}
    long["level"] = [rating_label(scales.get(m, ""), lv)
                     for m, lv in zip(long["measure"], long["level"], strict=True)]
    long["measure"] = [measures.get(m, m) for m in long["measure"]]
    order = ([rating_label("potential_impact", v) for v in schema.POTENTIAL_IMPACT]
             + [rating_label("completion", v) for v in schema.COMPLETION])
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("level:N", sort=order, title=_("Rating")),
        xOffset=alt.XOffset("group:N", sort=[iso3, average]),
        y=alt.Y("share_pct:Q", title=_("Share of rated commitments (%)")),
        color=alt.Color("group:N", sort=[iso3, average], title=None),
        # One panel above the other: side by side, the pair is wider than a phone.
        row=alt.Row("measure:N", title=None, sort=list(measures.values())),
        tooltip=[alt.Tooltip("group:N", title=_("Group")),
                 alt.Tooltip("measure:N", title=_("Measure")),
                 alt.Tooltip("level:N", title=_("Level")),
                 alt.Tooltip("share_pct:Q", title=_("Share (%)"))],
    ).resolve_scale(x="independent")
    columns = ["measure", "level", f"{iso3} %", "OGP average %"]
    items = "; ".join(
        _("{measure} {level}: {share} vs {average}").format(
            measure=measures.get(measure, measure),
            level=rating_label(scales.get(measure, ""), level),
            share=share_label(ours), average=share_label(avg))
        for measure, level, ours, avg in profile[columns].itertuples(index=False, name=None))
    return charts.accessible(
        bars,
        title=_("{country}: ambition and completion vs the OGP average (2016 IRM data)").format(
            country=iso3),
        description=_("Grouped bars of potential impact and completion shares for {country} "
                      "next to the OGP average (all 2016 IRM commitments). {items}.").format(
                          country=iso3, items=items),
    )
