"""The post-2020 IRM indicators, on the 2024 open-parliament THEMATIC SUBSET.

Shares here describe open-parliament and legislation commitments only; they are not
partnership-wide rates.
"""

from __future__ import annotations

import pandas as pd

from .analysis import label
from .load import load_open_parliament

INDICATORS = ("verifiable", "potential_for_results", "early_results", "diog_overall")
DIOG_VALUES = ("diog_access_to_information", "diog_civic_participation",
               "diog_public_accountability")
STRONG = ("Major", "Outstanding")

# The order in which, we infer, OGP's "Binding constraint" field tests the star criteria: the
# first criterion a commitment fails is reported. The data are consistent with this order
# (see ``binding_order_check``); OGP does not document it.
BINDING_ORDER: tuple[str, ...] = ("Specificity", "Relevance", "Potential impact", "Completion")
_NOT_DONE = ("Not started", "Limited")


def indicator_counts(name: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of one indicator's levels and status codes (all kept distinct)."""
    frame = load_open_parliament() if frame is None else frame
    values = frame[name] if name == "verifiable" else label(frame, name)
    counts = values.value_counts(sort=False)
    counts = counts[counts > 0]
    out = counts.rename("count").to_frame()
    out.index = out.index.astype(str)
    out.index.name = name
    return out


def diog_by_value(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """DIOG per OGP value: one column per value, levels and statuses as rows."""
    frame = load_open_parliament() if frame is None else frame
    columns = {name.removeprefix("diog_").replace("_", " "): label(frame, name).value_counts(
        sort=False) for name in DIOG_VALUES}
    table = pd.DataFrame(columns).fillna(0).astype(int)
    table = table[table.sum(axis=1) > 0]
    table.index = table.index.astype(str)
    return table


def ambition_and_results(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Transformative commitments and how many opened government strongly (DIOG)."""
    frame = load_open_parliament() if frame is None else frame
    transformative = frame["potential_impact"].eq("Transformative").fillna(False).astype(bool)
    strong = frame["diog_overall"].isin(STRONG)
    rated = frame["diog_overall"].notna()
    return pd.DataFrame([{
        "transformative": int(transformative.sum()),
        "transformative_with_diog_rating": int((transformative & rated).sum()),
        "transformative_and_major_or_outstanding": int((transformative & strong).sum()),
        "all_major_or_outstanding": int(strong.sum()),
        "all_with_diog_rating": int(rated.sum()),
    }])


def constraint_by_period(frame: pd.DataFrame | None = None, split_year: int = 2020
                         ) -> pd.DataFrame:
    """Binding constraints for plans submitted before and from ``split_year``."""
    frame = load_open_parliament() if frame is None else frame
    period = frame["year_submitted"].map(
        lambda y: f"before {split_year}" if y < split_year else f"{split_year} or later")
    table = pd.crosstab(frame["binding_constraint"], period)
    table = table.reindex(columns=[f"before {split_year}", f"{split_year} or later"],
                          fill_value=0)
    table.index = table.index.astype(str)
    return table.loc[table.sum(axis=1) > 0]


def cohort_subset(countries: list[str], frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of the subset for the cohort's countries (ISO3); all rows when empty."""
    frame = load_open_parliament() if frame is None else frame
    if not countries:
        return frame
    return frame[frame["iso3"].isin(countries)].reset_index(drop=True)


def _fails(frame: pd.DataFrame) -> pd.DataFrame:
    """Per row and criterion: True (fails), False (passes) or NA (not rated)."""
    def known(mask: pd.Series, rated: pd.Series) -> pd.Series:
        return mask.astype("boolean").where(rated, pd.NA)

    spec, impact = frame["specificity"], frame["potential_impact"]
    done = frame["completion_end_of_term"]
    return pd.DataFrame({
        "Specificity": known(spec.isin(["None", "Low"]), spec.notna()),
        "Relevance": known(frame["relevant"].eq("No"), frame["relevant"].isin(["Yes", "No"])),
        "Potential impact": known(impact.ne("Transformative"), impact.notna()),
        "Completion": known(done.isin(_NOT_DONE), done.notna()),
    }, index=frame.index)


def binding_order_check(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each named constraint: rows, and rows whose ratings contradict the inferred order.

    A row contradicts the order if an *earlier* criterion demonstrably fails, or if the named
    criterion demonstrably passes. ``also_fail_later`` counts rows that also fail a *later*
    criterion, which the field cannot show: the first failure hides the others.
    """
    frame = load_open_parliament() if frame is None else frame
    fails = _fails(frame)
    rows = []
    for i, name in enumerate(BINDING_ORDER):
        mine = frame["binding_constraint"].eq(name)
        earlier = fails[list(BINDING_ORDER[:i])].eq(True).any(axis=1) if i else False
        passes = fails[name].eq(False)
        later = (fails[list(BINDING_ORDER[i + 1:])].eq(True).any(axis=1)
                 if i + 1 < len(BINDING_ORDER) else pd.Series(False, index=frame.index))
        rows.append({
            "binding_constraint": name,
            "test_order": i + 1,
            "commitments": int(mine.sum()),
            "contradict_order": int((mine & (earlier | passes)).sum()),
            "also_fail_later": int((mine & later).sum()),
        })
    return pd.DataFrame(rows).set_index("binding_constraint")
