"""Chart conventions shared by every Altair chart in the book.

Every chart gets a title, axis labels and a text description (read by screen readers via
Vega-Lite's ARIA support), and uses a colour-blind-safe palette. Charts embed data that
has already been aggregated in pandas, so pages stay light.
"""

from __future__ import annotations

import os
import textwrap
from typing import TypeVar

import altair as alt

from ogp_curriculum.paths import STATIC_CHARTS_ENV

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
# A phone (375 px) leaves about 330 px for a chart: titles wrap at this many characters, axis
# labels stop at this many pixels, and the legend sits below the plot, so nothing is shrunk.
TITLE_CHARS = 40
LABEL_LIMIT = 150


# Single and layered charts alike; the result is the same kind of chart.
ChartT = TypeVar("ChartT", alt.Chart, alt.LayerChart)


def accessible(chart: ChartT, *, title: str, description: str) -> ChartT:
    """Give a chart its title and its text alternative; both are required."""
    if not title.strip() or not description.strip():
        raise ValueError("every chart needs a title and a text description")
    lines = textwrap.wrap(" ".join(title.split()), TITLE_CHARS)
    wrapped = alt.TitleParams(text=lines) if len(lines) > 1 else title
    chart = chart.properties(title=wrapped, description=description)
    # The book's pages draw each chart as wide as its column (a phone's, too) instead of a
    # fixed width shrunk to fit, which would shrink its text below 10 px. Live kernels keep
    # fixed widths: a widget's box may have no width yet when it is drawn.
    if os.environ.get(STATIC_CHARTS_ENV) and _single_view(chart):
        chart = chart.properties(width="container")
    number = number_locale()
    if number:  # axis numbers in the reader's convention (14,7 % in French)
        chart = chart.configure(locale={"number": number})
    # Single-series marks take the palette's blue too, not Vega's default colour.
    return (
        chart.configure_range(category=list(OKABE_ITO))
        .configure_mark(color=SINGLE_SERIES)
        .configure_legend(orient="bottom", labelLimit=LABEL_LIMIT, titleLimit=300)
        .configure_axisY(labelLimit=LABEL_LIMIT)
    )


def number_locale(language: str | None = None) -> dict[str, object] | None:
    """Vega's (d3-format) number locale for the reader's language; None for English."""
    from babel.core import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from ogp_curriculum.i18n import SOURCE_LANGUAGE, active_language

    code = language or active_language()
    if code == SOURCE_LANGUAGE:
        return None
    locale = Locale.parse(code)
    pattern = str(locale.percent_formats[None].pattern)
    return {"decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale),
            "grouping": [3], "currency": ["", ""],
            "percent": pattern[pattern.rindex("0") + 1:] or "%"}


def use_offline_renderer() -> bool:
    """In a live kernel, draw charts with vl-convert's bundled JavaScript, never a CDN.

    Altair's default HTML output loads vega from cdn.jsdelivr.net, which a training room
    without internet cannot reach. Its "jupyter" renderer (an anywidget) with ``offline=True``
    ships the bundle from the installed vl-convert instead. Returns whether it is on.
    """
    if os.environ.get(STATIC_CHARTS_ENV):
        return False
    try:
        alt.renderers.enable("jupyter", offline=True)
    except ImportError:  # anywidget or vl-convert missing: keep Altair's default
        return False
    return True


use_offline_renderer()


def _single_view(chart: alt.TopLevelMixin) -> bool:
    """A chart Vega-Lite can size to its container: one view or layers, not facets."""
    if isinstance(chart, alt.LayerChart):
        return True
    if not isinstance(chart, alt.Chart):
        return False
    encoding = chart.encoding
    return all(
        getattr(encoding, channel, alt.Undefined) is alt.Undefined
        for channel in ("row", "column", "facet")
    )


def title_text(spec: dict) -> str:
    """A chart specification's title as one line (titles of several lines are lists)."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)
