"""Test helper: what nbval (lax) checked, applied to the book build's own execution.

Each notebook runs once per suite, in the book build (jupyter-cache). These checks read that
execution instead of running the notebook again:
- every code cell ran, and none raised unless it is tagged ``raises-exception``;
- a cell tagged ``nbval-check-output`` printed its committed (golden) plain-text output, after
  the masks of ``tests/nbval_sanitize.cfg`` (ids, addresses, clock times, temp paths).
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import nbformat

from ogp_curriculum.book import executed

GOLDEN_TAG = "nbval-check-output"
ERROR_TAG = "raises-exception"
SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")


def _masks() -> list[tuple[re.Pattern[str], str]]:
    config = configparser.ConfigParser()
    config.read(SANITIZE, encoding="utf-8")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


def _text(cell: nbformat.NotebookNode) -> str:
    """The plain text a cell showed (streams and text/plain results), masked."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(f"[{output.name}] {output.text}")
        elif "data" in output and "text/plain" in output.data:
            parts.append(output.data["text/plain"])
    text = "".join(parts)
    for pattern, replacement in _masks():
        text = pattern.sub(replacement, text)
    return text


def same_golden(printed: str, golden: str, language: str) -> bool:
    """Whether a golden cell's output is right: the committed English text exactly, or, in a
    translation (words and number format in its language: "1 927", "14,7 %"), the same
    numbers, digit group by digit group, in the same order."""
    if language == "en":
        return printed == golden
    return bool(printed.strip()) and re.findall(r"\d+", printed) == re.findall(r"\d+", golden)


def _failure_in_log(log: str, notebook: Path) -> str:
    """The build log's report of this notebook's failed execution (with -W it is an error,
    so myst-nb never stores the traceback in the cache)."""
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if "Executing notebook failed" in line and notebook.name in line:
            return "\n".join(lines[index : index + 80])
    return ""


def problems(
    book_root: Path, notebook: Path, build_log: str = "", language: str = "en"
) -> list[str]:
    """What is wrong with the ``language`` book build's execution of ``notebook`` (empty: nothing).

    A cell tagged ``nbval-check-output`` prints its golden output word for word in English;
    in French or Spanish it says it in that language, with the same figures in the same order
    (:func:`same_golden`).
    """
    run = executed(book_root, notebook, language)
    if run.notebook is None:
        why = _failure_in_log(build_log, notebook) or run.traceback
        return [f"its execution in the book build failed:\n{why[-4000:]}"]
    source = nbformat.read(notebook, as_version=4)
    found = []
    ran = [c for c in run.notebook.cells if c.cell_type == "code"]
    golden = [c for c in source.cells if c.cell_type == "code"]
    for index, (cell, committed) in enumerate(zip(ran, golden, strict=True)):
        tags = committed.metadata.get("tags", [])
        if cell.source.strip() and cell.execution_count is None:
            found.append(f"code cell {index} did not run")
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors and ERROR_TAG not in tags:
            found.append(f"code cell {index} raised {errors[0].ename}: {errors[0].evalue}")
        if GOLDEN_TAG in tags and not same_golden(_text(cell), _text(committed), language):
            found.append(
                f"code cell {index} ({GOLDEN_TAG}) printed\n{_text(cell)}\n"
                f"instead of its golden output\n{_text(committed)}"
            )
    return found
