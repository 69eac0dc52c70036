"""Run the selected notebooks through papermill, two at a time, with a progress bar."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError
from tqdm import tqdm

from ogp_curriculum.i18n import LANG_ENV
from ogp_curriculum.kernels import kernel_options
from ogp_curriculum.paths import STATIC_CHARTS_ENV

# Seconds per cell, as in the book's _config.yml: a hang fails fast.
CELL_TIMEOUT = 120
WORKERS = 2


class BuildError(Exception):
    """The pack could not be built (a notebook, the book or the PDF failed)."""


@dataclass(frozen=True)
class Job:
    entry: str
    source: Path
    output: Path
    parameters: dict[str, Any]
    language: str = "en"  # the kernel's OGP_LANG, for notebooks without a `language` parameter


@dataclass(frozen=True)
class Result:
    entry: str
    seconds: float
    failure: str | None = None  # one line: which cell and what went wrong


def _source_cell_number(source: Path, executed_index: int, injected: bool) -> int:
    """1-based cell number in the notebook as the author sees it (without papermill's cell)."""
    if not injected:
        return executed_index + 1
    nb = nbformat.read(source, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    # papermill puts its injected cell right after the `parameters` cell (or first).
    injected_at = tagged[0] + 1 if tagged else 0
    return executed_index + (0 if executed_index < injected_at else -1) + 1


def run_one(job: Job) -> Result:
    """Execute one notebook from its own folder; describe a failure instead of raising.

    Runs in a worker process, so it returns plain data rather than papermill's exception.
    """
    start = time.perf_counter()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    # The pack's pages are static: keep Altair's HTML charts (see ogp_curriculum.charts).
    os.environ[STATIC_CHARTS_ENV] = "1"
    os.environ[LANG_ENV] = job.language
    try:
        papermill.execute_notebook(
            str(job.source),
            str(job.output),
            parameters=job.parameters,
            kernel_name="python3",
            cwd=str(job.source.parent),
            progress_bar=False,
            execution_timeout=CELL_TIMEOUT,
            **kernel_options(),
        )
    except PapermillExecutionError as error:
        number = _source_cell_number(job.source, error.cell_index, bool(job.parameters))
        first_line = next((ln for ln in error.source.splitlines() if ln.strip()), "").strip()
        message = (
            f"{job.entry}.ipynb failed in cell {number} (`{first_line[:60]}`): "
            f"{error.ename}: {str(error.evalue).splitlines()[0] if error.evalue else ''}"
        ).rstrip(": ")
        return Result(job.entry, time.perf_counter() - start, message)
    except Exception as error:  # noqa: BLE001 - a kernel that dies must still name its notebook
        text = str(error).splitlines()[0] if str(error) else ""
        message = f"{job.entry}.ipynb could not run: {type(error).__name__}: {text}"
        return Result(job.entry, time.perf_counter() - start, message)
    return Result(job.entry, time.perf_counter() - start)


def _quiet_worker() -> None:
    """Kernels inherit the worker's stderr; their start-up chatter would bury the progress bar.

    Failures still reach the user: they come back as :class:`Result` text.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def run_all(jobs: list[Job], *, workers: int = WORKERS, progress: bool = True) -> list[Result]:
    """Run every job (processes, ``workers`` at a time); raise on the first failure seen.

    Jobs are handed to the pool one per free worker rather than all at once, so after a
    failure no further notebook starts (the pack is lost anyway); running ones finish.
    Results come back in job order.
    """
    size = max(1, min(workers, len(jobs)))
    waiting = iter(jobs)
    results: list[Result] = []
    failures: list[str] = []
    with (
        ProcessPoolExecutor(max_workers=size, initializer=_quiet_worker) as pool,
        tqdm(
            total=len(jobs), desc="notebooks", unit="nb", file=sys.stderr, disable=not progress
        ) as bar,
    ):
        running = {pool.submit(run_one, job) for job in islice(waiting, size)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                results.append(result)
                bar.update()
                if result.failure:
                    failures.append(result.failure)
            if not failures:
                running |= {pool.submit(run_one, job) for job in islice(waiting, len(done))}
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise BuildError(failures[0] + more)
    order = {job.entry: index for index, job in enumerate(jobs)}
    return sorted(results, key=lambda result: order[result.entry])
