"""Light pages: charts embed aggregated data only (issue 8). The first-load budget is checked
on every page in test_every_page.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitebrowse import toc_pages

pytestmark = pytest.mark.browser

# Charts embed data aggregated in pandas (briefing). The largest honest aggregate in this book is
# one row per OGP member and action-plan cycle, about 75 members x 6 cycles = 450 rows; 500 rows
# lets that through while any commitment-level table (thousands of rows) fails.
MAX_CHART_ROWS = 500
_SPEC_CALL = re.compile(r"\}\)\((\{)")


def altair_specs(html: str) -> list[dict]:
    """The Vega-Lite specs Altair's HTML output passes to vega-embed, ``(function(spec, ...)``."""
    decoder = json.JSONDecoder()
    specs = []
    for match in _SPEC_CALL.finditer(html):
        try:
            spec, _ = decoder.raw_decode(html, match.start(1))
        except json.JSONDecodeError:
            continue
        if isinstance(spec, dict) and "$schema" in spec and "vega-lite" in spec["$schema"]:
            specs.append(spec)
    return specs


def dataset_rows(spec: object) -> list[int]:
    """Row counts of every dataset a spec embeds (top level, layers, inline values)."""
    rows: list[int] = []
    if isinstance(spec, dict):
        rows += [len(v) for v in spec.get("datasets", {}).values() if isinstance(v, list)]
        data = spec.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            rows.append(len(data["values"]))
        for key, value in spec.items():
            if key not in ("datasets", "data"):
                rows += dataset_rows(value)
    elif isinstance(spec, list):
        for item in spec:
            rows += dataset_rows(item)
    return rows


def test_specs_are_found_in_altair_output() -> None:
    # Guards the parser below: a page shape change must not make the row check vacuous.
    html = '<script>(function(spec, embedOpt){})({"$schema": "https://vega.github.io/schema/' \
        'vega-lite/v6.json", "datasets": {"d": [{"a": 1}, {"a": 2}]}}, {"mode": "vega-lite"});'
    specs = altair_specs(html)
    assert [dataset_rows(spec) for spec in specs] == [[2]]


def test_charts_embed_aggregated_data_only(built_site: Path) -> None:
    too_big = []
    for page in toc_pages():
        path = built_site / page
        if not path.exists():
            continue
        html = path.read_text(encoding="utf-8")
        for spec in altair_specs(html):
            if any(rows > MAX_CHART_ROWS for rows in dataset_rows(spec)):
                too_big.append(f"{page}: {spec.get('title')!r} rows {dataset_rows(spec)}")
        # Every Altair chart container must have been parsed, or the check would miss it.
        assert html.count('id="altair-viz-') == len(altair_specs(html)), page
    assert not too_big, f"charts over {MAX_CHART_ROWS} rows (aggregate in pandas): {too_big}"
