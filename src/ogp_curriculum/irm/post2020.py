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
