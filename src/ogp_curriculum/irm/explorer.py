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
from . import schema
from .analysis import country_profile, label, labelled
from .load import load_commitment_tags, load_commitments

ALL = "All"
RATINGS: dict[str, str] = {
    "potential_impact": "Potential impact",
    "completion_progress": "Completion (progress report)",
    "specificity": "Specificity",
    "completion_end_of_term": "Completion (end of term)",
    "diog": "Did it open government?",
}
TABLE_COLUMNS = ["id", "country", "region", "action_plan_id", "year_submitted", "short_title",
                 "specificity", "potential_impact", "completion_progress",
                 "starred_current_progress"]  # ratings shown as level or status code
SELECTION, AVERAGE = "Your selection", "All 2016 IRM commitments"


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
        name = RATINGS[state.rating]
        order = list(counts["level"].drop_duplicates())
        n = int(counts.loc[counts["group"] == SELECTION, "count"].sum())
        bars = alt.Chart(counts).mark_bar().encode(
            x=alt.X("level:N", sort=order, title=name),
            xOffset=alt.XOffset("group:N", sort=[SELECTION, AVERAGE]),
            y=alt.Y("share_pct:Q", title="Share of commitments (%)"),
            color=alt.Color("group:N", sort=[SELECTION, AVERAGE], title=None),
            tooltip=["group:N", "level:N", "count:Q", "share_pct:Q"],
        )
        return charts.accessible(
            bars,
            title=f"{name}: {describe(state)} vs all commitments",
            description=text_alternative(counts, name, n),
        )

    def update(self, state: ExplorerState) -> Update:
        counts = self.counts(state)
        table = self.filtered(state)
        return Update(state, table, counts, self.chart(state, counts),
                      f"{len(table)} commitments match: {describe(state)}.")

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
        self.filtered(state).to_csv(target, index=False, encoding="utf-8")
        return target


def describe(state: ExplorerState) -> str:
    parts = [f"{k.replace('_', ' ')} {v}" for k, v in (
        ("region", state.region), ("country", state.country), ("action_plan", state.action_plan),
        ("tag", state.tag), ("level", state.level)) if v != ALL]
    return ", ".join(parts) if parts else "all commitments"


def text_alternative(counts: pd.DataFrame, name: str, n: int) -> str:
    """A sentence per group, for screen readers."""
    sentences = [f"Bar chart of {name} for {n} selected commitments next to all commitments."]
    for group, rows in counts.groupby("group", sort=False):
        items = "; ".join(f"{r.level} {r.share_pct}% ({r.count})" for r in rows.itertuples())
        sentences.append(f"{group}: {items}.")
    return " ".join(sentences)


def profile_chart(iso3: str) -> alt.Chart:
    """A country's ambition and completion shares next to the OGP average, as a chart."""
    profile = country_profile(iso3)
    long = profile.melt(id_vars=["measure", "level"], value_vars=[f"{iso3} %", "OGP average %"],
                        var_name="group", value_name="share_pct")
    long["group"] = long["group"].str.removesuffix(" %")
    order = list(schema.POTENTIAL_IMPACT) + list(schema.COMPLETION)
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("level:N", sort=order, title="Rating"),
        xOffset=alt.XOffset("group:N", sort=[iso3, "OGP average"]),
        y=alt.Y("share_pct:Q", title="Share of rated commitments (%)"),
        color=alt.Color("group:N", sort=[iso3, "OGP average"], title=None),
        # One panel above the other: side by side, the pair is wider than a phone.
        row=alt.Row("measure:N", title=None, sort=["potential impact", "completion"]),
        tooltip=["group:N", "measure:N", "level:N", "share_pct:Q"],
    ).resolve_scale(x="independent")
    columns = ["measure", "level", f"{iso3} %", "OGP average %"]
    items = "; ".join(f"{measure} {level}: {ours}% vs {avg}%" for measure, level, ours, avg
                      in profile[columns].itertuples(index=False, name=None))
    return charts.accessible(
        bars,
        title=f"{iso3}: ambition and completion vs the OGP average (2016 IRM data)",
        description=f"Grouped bars of potential impact and completion shares for {iso3} "
                    f"next to the OGP average (all 2016 IRM commitments). {items}.",
    )
