"""The scenario notebooks take cohort parameters and cite their scenario's sources."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from ogp_curriculum.citations import to_roles
from ogp_curriculum.kernels import kernel_options
from ogp_curriculum.paths import data_dir, repo_root
from ogp_curriculum.scenarios import load_scenario

NOTEBOOKS = {
    "scenario_national_eprocurement": "national_eprocurement",
    "scenario_cross_country_budgeting": "cross_country_budgeting",
    "scenario_subnational_access_to_information": "subnational_access_to_information",
}


def _notebook(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(repo_root() / "exercises" / f"{stem}.ipynb", as_version=4)


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_parameters_cell_has_the_conventional_names(stem: str) -> None:
    cells = [c for c in _notebook(stem).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    assigned = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.parse(cells[0].source).body
        if isinstance(node, ast.AnnAssign)
    }
    assert assigned == {"scenario_overrides": {}, "cohort_name": ""}


@pytest.mark.parametrize(("stem", "scenario"), NOTEBOOKS.items())
def test_notebook_cites_every_source_of_its_scenario(stem: str, scenario: str) -> None:
    text = "\n".join(to_roles(c.source) for c in _notebook(stem).cells if c.cell_type == "markdown")
    cited = {key for group in re.findall(r"\{cite\}`([^`]+)`", text) for key in group.split(",")}
    sources = set(load_scenario(data_dir() / "scenarios" / f"{scenario}.yml").sources)
    assert sources <= cited, f"{stem} does not cite {sorted(sources - cited)}"


@pytest.mark.notebooks  # executes a notebook (cohort parameters differ from the book run)
def test_papermill_applies_cohort_overrides(tmp_path: Path) -> None:
    stem = "scenario_national_eprocurement"
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(repo_root() / "exercises" / f"{stem}.ipynb"),
        str(out),
        parameters={"scenario_overrides": {"country": "Kenya"}, "cohort_name": "Nairobi"},
        cwd=str(repo_root() / "exercises"),
        kernel_name="python3",
        progress_bar=False,
        **kernel_options(),
    )
    text = out.read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" in text
    assert "Scenario problem" not in text


def test_every_page_taking_scenario_overrides_declares_its_scenario() -> None:
    """The cohort build checks overrides against the declared scenario (no code guessing)."""
    from ogp_curriculum.book import toc_notebooks
    from ogp_curriculum.cohorts.notebooks import read_info

    root = repo_root()
    takers = {}
    for path in toc_notebooks():
        info = read_info(root, str(path.relative_to(root).with_suffix("")))
        if "scenario_overrides" in info.declared:
            takers[path.stem] = info.scenario
    assert takers == NOTEBOOKS
