"""Learner and instructor editions: what each keeps, the exercise convention, the command line.

These read and write notebooks only; executing the editions is tests/test_editions_execute.py.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from ogp_curriculum import editions
from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.cli import main
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
MODULES_WITH_EXERCISES = ["01_welcome", "02_critical_juncture",
                          "03_thinking_working_politically", "06_small_group_reflection",
                          "07_plenary"]


def _cell(kind: str, source: str, *tags: str) -> nbformat.NotebookNode:
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _sample() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _cell("markdown", "```{exercise} Task\n:label: t-ex1\n\nDo it.\n```"),
        _cell("code", "# Your turn\nanswer = None", editions.STARTER_TAG),
        _cell("markdown", "```{solution-start} t-ex1\n:class: dropdown\n```", "solution"),
        _cell("code", "answer = 42", "solution"),
        _cell("markdown", "```{solution-end}\n```", "solution"),
        _cell("markdown", "## Summary"),
    ]
    return nb


def test_learner_edition_drops_solution_cells_and_keeps_the_rest() -> None:
    source = _sample()
    learner = editions.make_edition(source, "learner")
    assert [c.source for c in learner.cells] == [
        source.cells[0].source, source.cells[1].source, "## Summary"]
    assert learner.metadata["ogp_edition"] == "learner"
    assert len(source.cells) == 6, "the source notebook must not change"


def test_instructor_edition_keeps_every_cell() -> None:
    source = _sample()
    instructor = editions.make_edition(source, "instructor")
    assert [c.source for c in instructor.cells] == [c.source for c in source.cells]
    assert instructor.metadata["ogp_edition"] == "instructor"


def test_unknown_edition_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown edition"):
        editions.make_edition(_sample(), "teacher")  # type: ignore[arg-type]


def test_convention_problems_are_named() -> None:
    nb = _sample()
    assert editions.convention_problems(nb, "x.ipynb") == []
    nb.cells[2].metadata["tags"] = []  # a solution directive left untagged
    nb.cells[1].metadata["tags"] = []  # and no starter before the worked code
    problems = editions.convention_problems(nb, "x.ipynb")
    assert any("cell 2" in p and "not tagged 'solution'" in p for p in problems)
    assert any("cell 3" in p and "no 'exercise-starter'" in p for p in problems)


def test_a_solution_cannot_share_a_cell_with_its_exercise() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("markdown", "```{exercise}\n:label: a\n```\n```{solution} a\n```",
                      "solution")]
    assert any("own cell" in p for p in editions.convention_problems(nb, "y.ipynb"))


@pytest.mark.parametrize("path", toc_notebooks(), ids=lambda p: p.name)
def test_every_notebook_follows_the_exercise_convention(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert editions.convention_problems(nb, path.name) == []


@pytest.mark.parametrize("name", MODULES_WITH_EXERCISES)
def test_modules_have_at_least_two_exercises_with_solutions(name: str) -> None:
    nb = nbformat.read(ROOT / "modules" / f"{name}.ipynb", as_version=4)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    exercises = [c for c in markdown if "{exercise}" in c.source]
    solutions = [c for c in markdown if editions.is_solution(c)
                 and ("{solution}" in c.source or "{solution-start}" in c.source)]
    assert len(exercises) >= 2, name
    labels = {line.split(":label:")[1].strip() for c in exercises
              for line in c.source.splitlines() if ":label:" in line}
    solved = {c.source.split("}", 1)[1].split("\n", 1)[0].strip() for c in solutions}
    assert labels and labels <= solved, f"{name}: exercises without a solution: {labels - solved}"


def test_build_writes_both_editions_and_the_learner_one_has_no_solutions(tmp_path: Path) -> None:
    written = editions.build(tmp_path)
    sources = toc_notebooks()
    assert len(written) == 2 * len(sources)
    for source in sources:
        relative = source.relative_to(ROOT)
        learner = nbformat.read(tmp_path / "learner" / relative, as_version=4)
        instructor = nbformat.read(tmp_path / "instructor" / relative, as_version=4)
        original = nbformat.read(source, as_version=4)
        assert not any(editions.is_solution(c) for c in learner.cells), relative
        assert not any("{solution" in c.source for c in learner.cells), relative
        assert [c.source for c in instructor.cells] == [c.source for c in original.cells]
        starters = [c.source for c in original.cells if editions.STARTER_TAG in
                    editions.cell_tags(c)]
        assert starters == [c.source for c in learner.cells
                            if editions.STARTER_TAG in editions.cell_tags(c)]
    assert not list(tmp_path.glob(".*.tmp")), "no staging folder is left behind"


def test_cli_builds_one_edition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["editions", "build", "--out", str(tmp_path), "--edition", "learner"]) == 0
    assert (tmp_path / "learner" / "modules" / "02_critical_juncture.ipynb").is_file()
    assert not (tmp_path / "instructor").exists()
    assert "learner:" in capsys.readouterr().out


@pytest.mark.parametrize("inside", [".", "modules", "exercises/sub"])
def test_cli_refuses_to_mix_editions_with_the_sources(
    inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["editions", "build", "--out", str(ROOT / inside)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and "mix the editions with the source" in error
    assert len(error.strip().splitlines()) == 1
    assert not (ROOT / "exercises" / "sub").exists()
