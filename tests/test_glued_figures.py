"""Figures in prose come from the data.

The rule (see ``ogp_curriculum.glued`` for the full list of exemptions): in every notebook of
the book that loads IRM data, a markdown cell may not type a number in digits, except years and
year ranges, days of the month, list numbering, part numbers (Module 2, Step 1), the page's time
estimate, dotted or lettered identifiers (3.3.2, AP1) and licence versions. Counts and
percentages are computed in a code cell and pasted with MyST-NB glue (``{glue:text}`key```).
Citations, links, code and glue roles are not prose and are ignored.

The first tests check the rule itself on small fixtures, so that it really fails on a typed
figure and really lets the exempt numbers through.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.glued import (
    glue_keys_used,
    loads_irm_data,
    notebook_typed_figures,
    typed_figures,
)
from ogp_curriculum.irm import prose

# --- the rule, on fixtures -----------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Only 284 of them were transformative.", ["284"]),
    ("That is 14.7% of the file.", ["14.7%"]),
    ("OGP said 12 % and 6%.", ["12 %", "6%"]),
    ("The file has 1,927 rows.", ["1,927"]),
    ("Both fall in the low 2,000s.", ["2,000s"]),
    ("In 2016, 70 countries had joined.", ["70"]),
    ("It rose to 2016% of the target.", ["2016%"]),
    ("About 54 commitments in 2016.", ["54"]),
    ("Module 2 says 133 commitments.", ["133"]),
    ("- a bullet with 17.0% in it", ["17.0%"]),
])
def test_rule_flags_typed_figures(text: str, expected: list[str]) -> None:
    assert typed_figures(text) == expected


@pytest.mark.parametrize("text", [
    "OGP began in 2011 and met in Paris in December 2016.",
    "Plans submitted 2011-2014, reports 2013–2016 and the 2019–22 plans.",
    "Published on 7 May 2015, or May 7, 2015.",
    "1. First step\n2. Second step\n10) Tenth",
    "See [Module 1](01_welcome.ipynb), Module 2 and Step 1.",
    "**Time:** about 35 minutes",
    "Commitment 3.3.2 and the AP1 roadmap at IAP2 level.",
    "Shared under CC BY 4.0.",
    "Only {glue:text}`m02_published_t` were transformative {cite}`joinup_ogp_turning_five_2016`.",
    "Run `irm.implied_denominator(284, 12)` to check.",
    "```python\nshare = 284 / 1927\n```",
    "Read [the page](https://example.org/2016/12/05/page-3).",
    "Since the pre-2020 stars and the 2020 refresh.",
    "<!-- 284 --> <span data-n=\"3\">text</span>",
    "eight founding governments and seventy members",
])
def test_rule_lets_exempt_numbers_through(text: str) -> None:
    assert typed_figures(text) == []


def _notebook(tmp_path: Path, code: str, markdown: str) -> Path:
    path = tmp_path / "fixture.ipynb"
    cells = [
        {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None,
         "outputs": [], "source": [code]},
        {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": [markdown]},
    ]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_rule_on_a_fixture_notebook(tmp_path: Path) -> None:
    typed = _notebook(tmp_path, "from ogp_curriculum import irm\n", "We found 284 (14.7%).")
    assert loads_irm_data(typed)
    assert notebook_typed_figures(typed) == [("m1", ["284", "14.7%"])]

    glued = _notebook(tmp_path, "from ogp_curriculum.irm import prose\n",
                      "We found {glue:text}`m02_transformative`.")
    assert notebook_typed_figures(glued) == []
    assert glue_keys_used(glued) == {"m02_transformative"}

    no_data = _notebook(tmp_path, "from ogp_curriculum import quiz\n", "Any 284.")
    assert not loads_irm_data(no_data)


# --- the book ------------------------------------------------------------------------------

IRM_NOTEBOOKS = [path for path in toc_notebooks() if loads_irm_data(path)]


def test_the_data_notebooks_are_found() -> None:
    names = {path.stem for path in IRM_NOTEBOOKS}
    assert {"02_critical_juncture", "irm_explorer", "post2020_indicators"} <= names


@pytest.mark.parametrize("path", IRM_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_typed_figures_in_data_notebooks(path: Path) -> None:
    found = notebook_typed_figures(path)
    assert not found, (
        f"{path.name}: figures typed by hand in markdown (compute them and glue them): "
        + "; ".join(f"cell {cell}: {', '.join(figures)}" for cell, figures in found))


def test_every_glued_key_is_computed() -> None:
    computed = {*prose.module2_figures(), *prose.post2020_figures(), *prose.explorer_figures()}
    for path in IRM_NOTEBOOKS:
        missing = glue_keys_used(path) - computed
        assert not missing, f"{path.name} pastes glue keys nothing computes: {sorted(missing)}"
