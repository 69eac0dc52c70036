"""Chart conventions shared by every Altair chart in the book.

Every chart gets a title, axis labels and a text description (read by screen readers via
Vega-Lite's ARIA support), and uses a colour-blind-safe palette. Charts embed data that
has already been aggregated in pandas, so pages stay light.
"""

from __future__ import annotations

from typing import TypeVar

import altair as alt

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
SINGLE_SERIES = OKABE_ITO[4]  # blue: 5.2:1 contrast on white


# Single and layered charts alike; the result is the same kind of chart.
ChartT = TypeVar("ChartT", alt.Chart, alt.LayerChart)


def accessible(chart: ChartT, *, title: str, description: str) -> ChartT:
    """Give a chart its title and its text alternative; both are required."""
    if not title.strip() or not description.strip():
        raise ValueError("every chart needs a title and a text description")
    # Single-series marks take the palette's blue too, not Vega's default colour.
    return (
        chart.properties(title=title, description=description)
        .configure_range(category=list(OKABE_ITO))
        .configure_mark(color=SINGLE_SERIES)
    )
