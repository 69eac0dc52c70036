"""Figures that the book's prose quotes, computed from the IRM tables.

Notebooks glue these strings into their markdown with MyST-NB (``{glue:text}`key```), so a
number in the text can never drift from the data. ``tests/test_glued_figures.py`` fails when a
notebook that loads IRM data types a figure instead.

The only typed numbers here are OGP's published 2016 shares, which are not computable from the
data: they are quoted (Joinup, "OGP turning five", 2016) and used to compute what they imply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..i18n import _, format_number, format_percent
from .analysis import DONE, headline_shares, implied_denominator, star_agreement
from .load import load_commitments, load_open_parliament
from .post2020 import BINDING_ORDER, binding_order_check

# OGP's 2016 strategic-refresh figures, in percent (cited in module 2; not from the data).
PUBLISHED_SHARES_2016: dict[str, int] = {
    "Transformative": 12,
    "Transformative and substantial or complete": 6,
}



def pct(numerator: int, denominator: int) -> str:
    """A share as the page's language writes it, one decimal: ``14.7%``, ``14,7 %``."""
    return share(100 * numerator / denominator) if denominator else _("n/a")


def share(percent: float, digits: int = 1) -> str:
    """A percentage (``14.7``) in the page's language (Babel/CLDR): ``14.7%``, ``14,7 %``."""
    return format_percent(float(percent) / 100, digits=digits)


def count(n: int) -> str:
    """A count in the page's language: ``1,927``, ``1 927``."""
    return format_number(n)


def _records(table: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    """A table as plain Python, one dict per row keyed by column ``key``."""
    return {str(row[key]): {str(name): value for name, value in row.items()}
            for row in table.to_dict("records")}


def module2_figures(frame: pd.DataFrame | None = None) -> dict[str, str]:
    """Every figure module 2's prose quotes, as display strings keyed by glue name."""
    frame = load_commitments() if frame is None else frame
    all_rows = _records(headline_shares(frame, "all"), "measure")
    rated = _records(headline_shares(frame, "impact_rated"), "measure")
    t, td = "Transformative", "Transformative and substantial or complete"
    n_t, n_td = int(all_rows[t]["count"]), int(all_rows[td]["count"])
    pub_t, pub_td = PUBLISHED_SHARES_2016[t], PUBLISHED_SHARES_2016[td]
    # Shares from counts (the same rows as ``where_stalls``), not from rounded row shares.
    assessed = frame[frame["irm_assessed"] & frame["potential_impact"].notna()
                     & frame["completion_progress"].notna()]
    crosstab = pd.crosstab(assessed["potential_impact"], assessed["completion_progress"])
    counts: dict[str, dict[str, int]] = {
        str(level): {str(status): int(n) for status, n in row.items()}
        for level, row in crosstab.to_dict("index").items()}

    def level_share(level: str, statuses: tuple[str, ...]) -> str:
        row = counts[level]
        return pct(sum(row.get(status, 0) for status in statuses), sum(row.values()))

    stars = _records(star_agreement(frame), "rule")
    assessed_n = int(frame["irm_assessed"].sum())
    figures = {
        "m02_rows": count(len(frame)),
        "m02_countries": count(int(frame["iso3"].nunique())),
        "m02_assessed": count(assessed_n),
        "m02_not_assessed": count(len(frame) - assessed_n),
        "m02_transformative": count(n_t),
        "m02_transformative_done": count(n_td),
        "m02_transformative_pct": share(all_rows[t]["share_pct"]),
        "m02_transformative_done_pct": share(all_rows[td]["share_pct"]),
        "m02_rated_transformative_pct": share(rated[t]["share_pct"]),
        "m02_published_t": share(pub_t, digits=0),
        "m02_published_td": share(pub_td, digits=0),
        "m02_implied_t": count(implied_denominator(n_t, pub_t)),
        "m02_implied_td": count(implied_denominator(n_td, pub_td)),
        "m02_eot_rows": count(int(frame["completion_end_of_term"].notna().sum())),
        "m02_star14_agree": share(stars["2014"]["agree_pct"]),
        "m02_star15_agree": share(stars["2015"]["agree_pct"]),
    }
    for level in ("Minor", "Moderate", "Transformative"):
        key = level.lower()
        figures[f"m02_done_{key}"] = level_share(level, DONE)
        figures[f"m02_complete_{key}"] = level_share(level, ("Complete",))
        figures[f"m02_not_started_{key}"] = level_share(level, ("Not started",))
    return figures


def post2020_figures(frame: pd.DataFrame | None = None) -> dict[str, str]:
    """Every figure the post-2020 exercise's prose quotes (for the rows shown)."""
    frame = load_open_parliament() if frame is None else frame
    order = _records(binding_order_check(frame).reset_index(), "binding_constraint")
    named = int(frame["binding_constraint"].isin(BINDING_ORDER).sum())
    impact = order["Potential impact"]
    n_impact, hidden = int(impact["commitments"]), int(impact["also_fail_later"])
    whole = load_open_parliament()
    return {
        "p2020_file_rows": count(len(whole)),
        "p2020_file_members": count(int(whole["member"].nunique())),
        "p2020_rows": count(len(frame)),
        "p2020_named": count(named),
        "p2020_impact": count(n_impact),
        "p2020_impact_pct_named": pct(n_impact, named),
        "p2020_impact_also_not_done": count(hidden),
        "p2020_impact_also_not_done_pct": pct(hidden, n_impact),
        "p2020_completion": count(int(order["Completion"]["commitments"])),
        "p2020_contradict": count(sum(int(r["contradict_order"]) for r in order.values())),
    }


def explorer_figures(frame: pd.DataFrame | None = None) -> dict[str, str]:
    """The figures the IRM explorer exercise quotes."""
    frame = load_commitments() if frame is None else frame
    return {"irmx_rows": count(len(frame)),
            "irmx_countries": count(int(frame["iso3"].nunique()))}


def glue_all(figures: Mapping[str, str]) -> None:
    """Glue every figure for ``{glue:text}`` in the notebook's markdown (nothing displayed)."""
    from myst_nb import glue  # the book's renderer; imported late so the package stays light

    for name, value in figures.items():
        glue(name, value, display=False)
