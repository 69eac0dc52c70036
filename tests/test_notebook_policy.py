"""Notebook policies stated in the README: no stray outputs, and the same opening and closing.

- Code cells carry no outputs and no execution count, except cells tagged
  `nbval-check-output` (and `keep_output`, so nbstripout keeps it), whose plain-text output
  is the golden output that tests/test_executed_notebooks.py compares.
- No cell is tagged `raises-exception` (papermill, used for cohort packs, ignores that tag).
- The first cell gives learning objectives, a time estimate and prerequisites; the notebook
  closes with a summary and "what's next".
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.paths import repo_root

ROOT = repo_root()


def notebook_id(path: Path) -> str:
    return str(path.relative_to(repo_root()))


NOTEBOOKS = toc_notebooks()
GOLDEN_TAG = "nbval-check-output"


def _read(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


def _tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def test_every_notebook_on_disk_is_in_the_book() -> None:
    on_disk = {p for folder in ("modules", "exercises") for p in (ROOT / folder).glob("*.ipynb")}
    assert on_disk == set(NOTEBOOKS), "notebooks missing from _toc.yml, or listed but absent"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_no_stray_outputs(path: Path) -> None:
    stray = [
        index
        for index, cell in enumerate(_read(path).cells)
        if cell.cell_type == "code"
        and GOLDEN_TAG not in _tags(cell)
        and (cell.outputs or cell.execution_count is not None)
    ]
    assert not stray, f"{path.name}: cells {stray} have committed outputs; clear them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_golden_outputs_are_plain_text(path: Path) -> None:
    for index, cell in enumerate(_read(path).cells):
        if cell.cell_type == "code" and GOLDEN_TAG in _tags(cell):
            assert cell.outputs, f"{path.name}: cell {index} is tagged {GOLDEN_TAG} but empty"
            # nbstripout (pre-commit) keeps the outputs of cells tagged keep_output only.
            assert "keep_output" in _tags(cell), f"{path.name}: cell {index} lacks keep_output"
            kinds = {out.output_type for out in cell.outputs}
            assert kinds <= {"stream", "execute_result"}, f"{path.name}: cell {index}: {kinds}"
            for out in cell.outputs:
                if out.output_type == "execute_result":
                    assert set(out.data) == {"text/plain"}, f"{path.name}: cell {index}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_no_expected_errors(path: Path) -> None:
    tagged = [i for i, cell in enumerate(_read(path).cells) if "raises-exception" in _tags(cell)]
    assert not tagged, f"{path.name}: cells {tagged} are tagged raises-exception"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_opens_with_objectives_time_and_prerequisites(path: Path) -> None:
    nb = _read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("# ")
    for needed in ("**Learning objectives**", "**Prerequisites:**"):
        assert needed in first.source, f"{path.name}: the first cell lacks '{needed}'"
    objectives = first.source.split("**Learning objectives**")[1]
    assert re.search(r"^- ", objectives, re.MULTILINE), f"{path.name}: objectives are a list"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", first.source), f"{path.name}: no time"
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "Placeholder" not in prose, f"{path.name}: placeholder text left in"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_closes_with_summary_and_whats_next(path: Path) -> None:
    cells = _read(path).cells
    headings = [
        line.strip()
        for cell in cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    assert "## Summary" in headings, f"{path.name}: no '## Summary' section"
    assert "## What's next" in headings, f"{path.name}: no \"## What's next\" section"
    assert headings[-1] == "## What's next", f"{path.name}: \"What's next\" must come last"
    after = cells[-1].source.split("## What's next")[-1]
    assert re.search(r"\]\([^)]+\.(ipynb|md)\)", after), f"{path.name}: What's next needs a link"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_runs_on_the_python3_kernel(path: Path) -> None:
    nb = _read(path)
    assert nb.nbformat == 4 and nb.nbformat_minor >= 5
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_at_most_one_parameters_cell(path: Path) -> None:
    cells = [i for i, cell in enumerate(_read(path).cells) if "parameters" in _tags(cell)]
    assert len(cells) <= 1, f"{path.name}: several cells tagged parameters: {cells}"
