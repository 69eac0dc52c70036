"""Chart conventions shared by every Altair chart in the book.

Every chart gets a title, axis labels and a text description (read by screen readers via
Vega-Lite's ARIA support), and uses a colour-blind-safe palette. Charts embed data that
has already been aggregated in pandas, so pages stay light.
"""

from __future__ import annotations

import hashlib
import os
import textwrap
from pathlib import Path
from typing import TypeVar

import altair as alt

from ogp_curriculum import user_cache
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
    _reuse_offline_bundle()
    return True


# Folder of the bundles under the per-user cache; bump the version to drop old ones.
BUNDLE_DIR = "altair-offline-v1"
# The bundle is about 1 MB; anything much bigger in its place is not ours.
BUNDLE_LIMIT = 32 * 2**20


def _reuse_offline_bundle() -> None:
    """Hand Altair's chart widget the offline bundle an earlier kernel kept.

    Bundling (``vl_convert.javascript_bundle``) costs about a CPU-second per kernel, for the
    same output while Altair and vl-convert stay the same. On a hit we set what Altair's own
    ``JupyterChart.enable_offline`` sets, so its renderer finds the work done; on a miss, if the
    cache can keep it, we let Altair bundle now and keep its result. A different Altair (other
    attributes) or no cache leaves Altair's own path untouched.
    """
    widget = getattr(alt, "JupyterChart", None)
    if widget is None or not all(
        hasattr(widget, name) for name in ("_esm", "_is_offline", "enable_offline")
    ) or widget._is_offline:
        return
    path = _bundle_path()
    if path is None:
        return
    cached = _read_bundle(path)
    if cached is not None:
        widget._esm = cached
        widget._is_offline = True
    elif user_cache.writable(path.parent):
        widget.enable_offline(offline=True)
        _write_bundle(path, widget._esm)


def _bundle_path() -> Path | None:
    """Where the bundle for these versions is kept; None when they cannot be known."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        from altair.jupyter.jupyter_chart import load_js_src
        from altair.utils._importers import vl_version_for_vl_convert

        key = "\n".join((alt.__version__, version("vl-convert-python"),
                         vl_version_for_vl_convert(),
                         hashlib.sha256(load_js_src().encode()).hexdigest()))
    except (ImportError, PackageNotFoundError, OSError, AttributeError):
        return None  # not the Altair this was written for, or no vl-convert: Altair's path
    return user_cache.entry(BUNDLE_DIR, hashlib.sha256(key.encode()).hexdigest() + ".js")


def _read_bundle(path: Path) -> str | None:
    """The kept bundle if it is intact (its first line is the sha256 of the rest), else None."""
    data = user_cache.read(path, BUNDLE_LIMIT)
    if data is None or b"\n" not in data:
        return None
    digest, body = data.split(b"\n", 1)
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None  # corrupted or half-copied: bundle afresh rather than break every chart
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _write_bundle(path: Path, bundle: object) -> None:
    if isinstance(bundle, str):
        body = bundle.encode("utf-8")
        user_cache.write(path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


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
