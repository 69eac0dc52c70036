"""Analyses of the IRM data behind the 'ambition and implementation gap'.

Every share comes with its numerator and its denominator, because OGP's published
figures and this file's differ mainly in what they divide by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import pandas as pd

from ..i18n import N_
from . import schema
from .countries import resolve_country
from .load import load_action_plans, load_commitment_tags, load_commitments
from .stars import star_2014, star_2015

Denominator = Literal["all", "assessed", "impact_rated"]
# English in the tables (code compares these values); shown translated (i18n.tables).
DENOMINATORS: dict[str, str] = {
    "all": N_("all commitments in the file"),
    "assessed": N_("commitments marked IRM-assessed"),
    "impact_rated": N_("IRM-assessed commitments with a potential-impact rating"),
}
MEASURES: dict[str, str] = {
    "Transformative": N_("Transformative"),
    "Transformative and substantial or complete": N_("Transformative and substantial or complete"),
    "Transformative and complete": N_("Transformative and complete"),
}
DONE = ("Substantial", "Complete")
BREAKDOWNS = ("country", "region", "year_submitted", "action_plan_id", "tag")


def label(frame: pd.DataFrame, name: str) -> pd.Series:
    """The rating where rated, else its status code: 'None' and 'ND' both stay visible."""
    levels = frame[name].astype("string")
    status = frame[f"{name}_status"]
    combined = levels.fillna(status.astype("string"))
    scale = list(frame[name].cat.categories)
    # Only the statuses this column allows; one spelled like a level (Unclear in Potential
    # for Results) is never allowed there.
    others = [s for s in status.cat.categories if s != schema.RATED and s not in scale]
    return pd.Series(pd.Categorical(combined, categories=scale + others), index=frame.index,
                     name=name)


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for reading: each rating shows its level or, if unrated, its status code."""
    out = frame.copy()
    relabelled = [c for c in frame.columns
                  if f"{c}_status" in frame.columns and isinstance(frame[c].dtype,
                                                                   pd.CategoricalDtype)]
    for column in relabelled:
        out[column] = label(frame, column)
    return out.drop(columns=[f"{c}_status" for c in relabelled])


def _transformative(frame: pd.DataFrame) -> pd.Series:
    return frame["potential_impact"].eq("Transformative").fillna(False).astype(bool)


def _done(frame: pd.DataFrame, column: str = "completion_progress") -> pd.Series:
    return frame[column].isin(DONE)


def denominator_rows(frame: pd.DataFrame, denominator: Denominator) -> pd.DataFrame:
    if denominator == "all":
        return frame
    if denominator == "assessed":
        return frame[frame["irm_assessed"]]
    if denominator == "impact_rated":
        return frame[frame["irm_assessed"] & frame["potential_impact"].notna()]
    raise ValueError(f"denominator must be one of {list(DENOMINATORS)}, not {denominator!r}")


def headline_shares(frame: pd.DataFrame | None = None,
                    denominator: Denominator = "all") -> pd.DataFrame:
    """Transformative, and transformative-and-done, as counts over an explicit denominator."""
    frame = load_commitments() if frame is None else frame
    base = denominator_rows(frame, denominator)
    transformative = _transformative(base)
    measures = {
        "Transformative": transformative,
        "Transformative and substantial or complete": transformative & _done(base),
        "Transformative and complete": transformative
        & base["completion_progress"].eq("Complete").fillna(False).astype(bool),
    }
    rows = [
        {
            "measure": name,
            "count": int(mask.sum()),
            "denominator": len(base),
            "denominator_is": DENOMINATORS[denominator],
            "share_pct": round(100 * mask.sum() / len(base), 1) if len(base) else float("nan"),
        }
        for name, mask in measures.items()
    ]
    return pd.DataFrame(rows)


def implied_denominator(count: int, published_share_pct: float) -> int:
    """The number of commitments a published share implies for a given count."""
    return round(count / (published_share_pct / 100))


def ambition_completion(frame: pd.DataFrame | None = None, *, assessed_only: bool = True,
                        normalize: bool = False) -> pd.DataFrame:
    """Potential impact x completion at the progress report (status codes kept as labels)."""
    frame = load_commitments() if frame is None else frame
    if assessed_only:
        frame = frame[frame["irm_assessed"]]
    table = pd.crosstab(label(frame, "potential_impact"), label(frame, "completion_progress"),
                        dropna=False)
    table = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    if normalize:
        table = (100 * table.div(table.sum(axis=1), axis=0)).round(1)
    table.index.name, table.columns.name = "potential_impact", "completion_progress"
    return table


def where_stalls(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Completion of commitments at each impact level, as counts and row shares (assessed)."""
    frame = load_commitments() if frame is None else frame
    assessed = frame[frame["irm_assessed"] & frame["potential_impact"].notna()
                     & frame["completion_progress"].notna()]
    counts = pd.crosstab(assessed["potential_impact"], assessed["completion_progress"])
    shares = (100 * counts.div(counts.sum(axis=1), axis=0)).round(1)
    out = shares.add_suffix(" %")
    out.insert(0, "n", counts.sum(axis=1))
    out.index = out.index.astype(str)
    return out


def with_tags(frame: pd.DataFrame, tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Commitments joined to their topic tags (one row per commitment and tag)."""
    tags = load_commitment_tags() if tags is None else tags
    return frame.merge(tags, on="id", how="inner")


def breakdown(frame: pd.DataFrame | None = None, by: str = "country",
              tags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ambition and completion per group, with the counts behind each share."""
    frame = load_commitments() if frame is None else frame
    if by not in BREAKDOWNS:
        raise ValueError(f"by must be one of {BREAKDOWNS}, not {by!r}")
    data = with_tags(frame, tags) if by == "tag" else frame
    work = pd.DataFrame({
        by: data[by].astype(str),
        "commitments": 1,
        "impact_rated": data["potential_impact"].notna(),
        "transformative": _transformative(data),
        "completion_rated": data["completion_progress"].notna(),
        "substantial_or_complete": _done(data),
        "transformative_and_done": _transformative(data) & _done(data),
    })
    out = work.groupby(by, sort=True).sum()
    out["transformative_pct"] = (100 * out["transformative"] / out["impact_rated"]).round(1)
    out["done_pct"] = (100 * out["substantial_or_complete"] / out["completion_rated"]).round(1)
    return out


def _relevant(frame: pd.DataFrame) -> pd.Series:
    """Relevant to ATI, civic participation or accountability (technology alone is not)."""
    core = ["value_access_to_information", "value_civic_participation",
            "value_public_accountability"]
    return frame[core].eq("Yes").any(axis=1)


def recompute_stars(frame: pd.DataFrame, rule: Literal["2014", "2015"]) -> pd.Series:
    """Apply a star rule to every row (unrated criteria fail it)."""
    star = {"2014": star_2014, "2015": star_2015}[rule]
    spec = label(frame, "specificity").astype(str)
    impact = label(frame, "potential_impact").astype(str)
    done = label(frame, "completion_progress").astype(str)
    relevant = _relevant(frame)
    return pd.Series(
        [star(specificity=s, relevant=bool(r), potential_impact=i, completion=c)
         for s, r, i, c in zip(spec, relevant, impact, done, strict=True)],
        index=frame.index, dtype=bool,
    )


STAR_COLUMNS: dict[Literal["2014", "2015"], str] = {
    "2014": "starred_2015_only", "2015": "starred_current_progress"
}


def star_agreement(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """How often each rule reproduces the dataset's own star column (rated rows only)."""
    frame = load_commitments() if frame is None else frame
    rows = []
    for rule, column in STAR_COLUMNS.items():
        rated = frame[frame[column].isin(["Yes", "No"])]
        ours = recompute_stars(rated, rule)
        theirs = rated[column].eq("Yes")
        agree = int((ours == theirs).sum())
        rows.append({
            "rule": rule,
            "column": column,
            "rated_rows": len(rated),
            "starred_in_column": int(theirs.sum()),
            "starred_by_rule": int(ours.sum()),
            "agree": agree,
            "agree_pct": round(100 * agree / len(rated), 1),
        })
    return pd.DataFrame(rows)


COCREATION = ("iap2_development", "regular_forum", "participation_development")


def cocreation_outcomes(commitments: pd.DataFrame | None = None,
                        action_plans: pd.DataFrame | None = None,
                        by: str = "iap2_development") -> pd.DataFrame:
    """Ambition and completion of commitments grouped by how their plan was co-created."""
    commitments = load_commitments() if commitments is None else commitments
    plans = load_action_plans() if action_plans is None else action_plans
    if by not in COCREATION:
        raise ValueError(f"by must be one of {COCREATION}, not {by!r}")
    group = label(plans, by) if by == "iap2_development" else plans[by]
    keys = pd.DataFrame({"action_plan_id": plans["id"], by: group.astype(str)})
    # Commitments whose plan is missing from the process database are counted apart.
    data = commitments.merge(keys, on="action_plan_id", how="left")
    data[by] = data[by].fillna("plan not in process database")
    out = breakdown_on(data, by)
    order = [*group.cat.categories] if hasattr(group, "cat") else sorted(out.index)
    order += ["plan not in process database"]
    return out.reindex([o for o in order if o in out.index])


def breakdown_on(data: pd.DataFrame, by: str) -> pd.DataFrame:
    work = pd.DataFrame({
        by: data[by].astype(str),
        "action_plans": data["action_plan_id"],
        "commitments": 1,
        "impact_rated": data["potential_impact"].notna(),
        "transformative": _transformative(data),
        "completion_rated": data["completion_progress"].notna(),
        "substantial_or_complete": _done(data),
    })
    out = work.groupby(by).agg(
        action_plans=("action_plans", "nunique"),
        commitments=("commitments", "sum"),
        impact_rated=("impact_rated", "sum"),
        transformative=("transformative", "sum"),
        completion_rated=("completion_rated", "sum"),
        substantial_or_complete=("substantial_or_complete", "sum"),
    )
    out["transformative_pct"] = (100 * out["transformative"] / out["impact_rated"]).round(1)
    out["done_pct"] = (100 * out["substantial_or_complete"] / out["completion_rated"]).round(1)
    return out


def _tag_key(tag: str) -> str:
    # "Public Procurement", "public_procurement" and "public-procurement" all match.
    return re.sub(r"[^0-9a-z]+", "", tag.casefold())


def available_tags() -> list[str]:
    """The topic tags of the 2016 commitments, as similar_commitments accepts them."""
    return sorted(load_commitment_tags()["tag"].unique())


def similar_commitments(tags: Iterable[str], *, min_impact: str = "Moderate",
                        limit: int = 5) -> pd.DataFrame:
    """Real 2016 commitments sharing the most tags, highest impact and completion first.

    ``completion`` is completion at the IRM progress report, shown as its level or, if
    unrated, its status code (ND, NR, Unclear, Withdrawn...); ``completion_progress`` is the
    same rating as an ordered scale (empty when unrated), kept for earlier callers.
    """
    wanted = {_tag_key(t) for t in tags}
    if min_impact not in schema.POTENTIAL_IMPACT:
        raise ValueError(f"min_impact must be one of {schema.POTENTIAL_IMPACT}")
    commitments = load_commitments()
    tag_table = load_commitment_tags()
    hits = tag_table[tag_table["tag"].map(_tag_key).isin(wanted)]
    shared = hits.groupby("id")["tag"].agg(lambda s: "|".join(sorted(s)))
    counts = hits.groupby("id").size().rename("shared_tags")
    data = commitments.merge(counts, left_on="id", right_index=True)
    data["tags"] = data["id"].map(shared)
    floor = schema.POTENTIAL_IMPACT.index(min_impact)
    data = data[data["potential_impact"].cat.codes >= floor]
    data = data.assign(
        _impact=data["potential_impact"].cat.codes,
        _done=data["completion_progress"].cat.codes,
        completion=label(data, "completion_progress"),
    ).sort_values(["shared_tags", "_impact", "_done", "id"],
                  ascending=[False, False, False, True], kind="mergesort")
    columns = ["id", "country", "iso3", "year_submitted", "short_title", "tags", "shared_tags",
               "specificity", "potential_impact", "completion", "completion_progress",
               "starred_current_progress"]
    return data[columns].head(limit).reset_index(drop=True)


def countries_in_data() -> frozenset[str]:
    """ISO3 codes of the countries with 2016 IRM commitment data."""
    return frozenset(load_commitments()["iso3"].unique())


def country_profile(iso3: str) -> pd.DataFrame:
    """A country's ambition and completion shares next to the OGP average (2016 data).

    Columns: measure, level, '<ISO3> count', '<ISO3> rated', '<ISO3> %', 'OGP average %'.
    """
    commitments = load_commitments()
    iso3 = resolve_country(iso3) or iso3
    if iso3 not in countries_in_data():
        raise ValueError(f"no 2016 IRM commitments for {iso3!r}")
    rows = []
    for who, data in ((iso3, commitments[commitments["iso3"] == iso3]),
                      ("OGP average", commitments)):
        impact = data["potential_impact"].dropna()
        done = data["completion_progress"].dropna()
        for scale, series, measure in ((schema.POTENTIAL_IMPACT, impact, "potential impact"),
                                       (schema.COMPLETION, done, "completion")):
            for level in scale:
                count = int((series == level).sum())
                rows.append({
                    "who": who,
                    "measure": measure,
                    "level": level,
                    "count": count,
                    "rated": len(series),
                    "share_pct": round(100 * count / len(series), 1) if len(series) else 0.0,
                })
    profile = pd.DataFrame(rows)
    wide = profile.pivot_table(index=["measure", "level"], columns="who",
                               values="share_pct", sort=False)
    wide = wide[[iso3, "OGP average"]]
    wide.columns = [f"{iso3} %", "OGP average %"]
    counts = profile[profile["who"] == iso3].set_index(["measure", "level"])
    wide.insert(0, f"{iso3} count", counts["count"])
    wide.insert(1, f"{iso3} rated", counts["rated"])
    return wide.reset_index()
