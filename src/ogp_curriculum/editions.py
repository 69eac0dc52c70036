"""Learner and instructor editions of the book's notebooks, generated from one source.

The source notebooks in ``modules/`` and ``exercises/`` hold exercises *and* their solutions:

- a markdown cell with an ``{exercise}`` directive states the task;
- a code cell tagged ``exercise-starter`` is the learner's "your turn" cell; it runs as it is;
- every cell of a solution (the ``{solution}`` directive's markdown cell, worked code) is
  tagged ``solution``.

The **learner edition** drops the cells tagged ``solution`` and keeps everything else; it is
what Binder and the hub should open. The **instructor edition** keeps every cell. Both are
written by ``python -m ogp_curriculum editions build --out DIR`` into ``DIR/learner/`` and
``DIR/instructor/``, each mirroring the book's folders (``modules/…``, ``exercises/…``).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import nbformat

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.i18n import _
from ogp_curriculum.paths import repo_root

SOLUTION_TAG = "solution"
STARTER_TAG = "exercise-starter"
Edition = Literal["learner", "instructor"]
EDITIONS: tuple[Edition, ...] = ("learner", "instructor")

# A {solution}, {solution-start} or {solution-end} directive opening a fenced block.
_SOLUTION_DIRECTIVE = re.compile(r"^\s*(`{3,}|:{3,})\{solution(-start|-end)?\}", re.MULTILINE)
_EXERCISE_DIRECTIVE = re.compile(r"^\s*(`{3,}|:{3,})\{exercise(-start)?\}", re.MULTILINE)


def cell_tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return SOLUTION_TAG in cell_tags(cell)


def make_edition(nb: nbformat.NotebookNode, edition: Edition) -> nbformat.NotebookNode:
    """A copy of ``nb`` for one edition; the source notebook is never changed."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r} (choose from {', '.join(EDITIONS)})")
    out = copy.deepcopy(nb)
    if edition == "learner":
        out.cells = [cell for cell in out.cells if not is_solution(cell)]
    out.metadata["ogp_edition"] = edition
    return out


def convention_problems(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """Where a notebook breaks the exercise convention (empty when it follows it).

    The learner edition is only safe if every solution cell is tagged, so a solution directive
    must sit in a tagged cell of its own, and worked code must follow a "your turn" cell.
    """
    problems: list[str] = []
    starter_seen = False
    for index, cell in enumerate(nb.cells):
        tags = cell_tags(cell)
        where = f"{name}, cell {index}"
        if cell.cell_type == "markdown" and _SOLUTION_DIRECTIVE.search(cell.source):
            if SOLUTION_TAG not in tags:
                problems.append(f"{where}: a solution directive in a cell not tagged "
                                f"'{SOLUTION_TAG}'")
            if _EXERCISE_DIRECTIVE.search(cell.source):
                problems.append(f"{where}: the solution must be in its own cell, not with "
                                "the exercise")
        if STARTER_TAG in tags:
            if SOLUTION_TAG in tags:
                problems.append(f"{where}: a cell cannot be both '{STARTER_TAG}' and "
                                f"'{SOLUTION_TAG}'")
            if cell.cell_type != "code":
                problems.append(f"{where}: '{STARTER_TAG}' is for code cells")
            starter_seen = True
        if cell.cell_type == "code" and SOLUTION_TAG in tags and not starter_seen:
            problems.append(f"{where}: solution code with no '{STARTER_TAG}' cell before it")
        if "parameters" in tags and SOLUTION_TAG in tags:
            problems.append(f"{where}: the parameters cell cannot be a solution")
    return problems


def build(
    out: Path,
    *,
    editions: Iterable[Edition] = EDITIONS,
    notebooks: Iterable[Path] | None = None,
    root: Path | None = None,
) -> list[Path]:
    """Write each edition of every notebook under ``out/<edition>/``; return the files.

    Each edition folder is written beside its final place and renamed into it, so a failed
    build never leaves half an edition behind.
    """
    root = (root or repo_root()).resolve()
    out = out.expanduser().resolve()
    sources = [Path(p).resolve() for p in (notebooks if notebooks is not None
                                           else toc_notebooks(root))]
    _refuse_overwriting_sources(out, root)
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    for edition in editions:
        final = out / edition
        staging = Path(tempfile.mkdtemp(dir=out, prefix=f".{edition}.", suffix=".tmp"))
        try:
            files: list[Path] = []
            for source in sources:
                relative = source.relative_to(root)
                nb = nbformat.read(source, as_version=4)
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(make_edition(nb, edition), target)
                files.append(final / relative)
            if final.exists():
                shutil.rmtree(final)
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        written.extend(files)
    return written


def _refuse_overwriting_sources(out: Path, root: Path) -> None:
    # Editions written among the sources would be picked up as book notebooks or committed.
    inside = [root / "modules", root / "exercises"]
    if out == root or any(out == folder or out.is_relative_to(folder) for folder in inside):
        raise ValueError(f"--out {out} would mix the editions with the source notebooks; "
                         "choose a folder outside the book's root, modules/ and exercises/ "
                         "(for example editions/)")


# --- command line -------------------------------------------------------------------------


def _cmd_build(args: argparse.Namespace) -> int:
    from ogp_curriculum.cli import UserError

    chosen: tuple[Edition, ...] = EDITIONS if args.edition == "both" else (args.edition,)
    problems = [p for path in toc_notebooks()
                for p in convention_problems(nbformat.read(path, as_version=4),
                                             str(path.relative_to(repo_root())))]
    if problems:
        raise UserError(problems[0])
    try:
        files = build(Path(args.out), editions=chosen)
    except (ValueError, OSError) as error:
        raise UserError(str(error)) from None
    for edition in chosen:
        count = sum(1 for f in files if f.is_relative_to(Path(args.out).resolve() / edition))
        print(_("{edition}: {count} notebooks in {folder}").format(
            edition=edition, count=count, folder=Path(args.out) / edition))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "editions", help=_("write the learner (no solutions) and instructor notebook editions"))
    commands = parser.add_subparsers(dest="editions_command", required=True)
    build_cmd = commands.add_parser("build", help=_("write DIR/learner/ and DIR/instructor/"))
    build_cmd.add_argument("--out", required=True, help=_("folder to write the editions into"))
    build_cmd.add_argument("--edition", choices=(*EDITIONS, "both"), default="both",
                           help=_("which edition to write (default: both)"))
    build_cmd.set_defaults(func=_cmd_build)
