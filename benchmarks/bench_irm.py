"""Benchmark the IRM explorer update and the IRM notebooks; prints medians and ratios.

    .venv/bin/python benchmarks/bench_irm.py [--updates 200] [--runs 3] [--skip-notebooks]

Targets (issue 3): one explorer update (filter, aggregate, new chart spec) under 50 ms;
each IRM notebook executes in under 10 s. A ratio below 1 meets the target.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from pathlib import Path

import papermill

from ogp_curriculum import paths
from ogp_curriculum.irm.explorer import RATINGS, Explorer, ExplorerState

UPDATE_TARGET_MS = 50.0
NOTEBOOK_TARGET_S = 10.0
NOTEBOOKS = ("modules/02_critical_juncture.ipynb", "exercises/irm_explorer.ipynb",
             "exercises/post2020_indicators.ipynb")


def _states(explorer: Explorer) -> list[ExplorerState]:
    """A mix of learner choices: regions, countries, tags and every rating."""
    base = ExplorerState()
    states = [explorer.set(base, rating=r) for r in RATINGS]
    for region in explorer.region_options()[1:]:
        states.append(explorer.set(base, region=region, rating="completion_progress"))
    for _, iso3 in explorer.country_options(base)[1:12]:
        states.append(explorer.set(base, country=iso3))
    for tag in explorer.tag_options()[1:8]:
        states.append(explorer.set(base, tag=tag, level="Transformative"))
    return states


def bench_updates(n: int) -> float:
    explorer = Explorer()
    states = itertools.cycle(_states(explorer))
    explorer.update(next(states)).chart.to_dict()  # warm caches once, as a kernel would
    times = []
    for _ in range(n):
        state = next(states)
        start = time.perf_counter()
        update = explorer.update(state)
        update.chart.to_dict()  # the spec the front end receives
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_notebook(relative: str, runs: int) -> float:
    notebook = paths.repo_root() / relative
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            papermill.execute_notebook(str(notebook), str(Path(tmp) / notebook.name),
                                       cwd=str(notebook.parent), kernel_name="python3",
                                       progress_bar=False)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args()

    median_ms = bench_updates(args.updates)
    print(f"explorer update (filter + aggregate + chart spec): median {median_ms:.1f} ms "
          f"over {args.updates}; target {UPDATE_TARGET_MS:.0f} ms; "
          f"ratio {median_ms / UPDATE_TARGET_MS:.2f}")
    if args.skip_notebooks:
        return
    for relative in NOTEBOOKS:
        median_s = bench_notebook(relative, args.runs)
        print(f"{relative}: median {median_s:.2f} s over {args.runs} runs (papermill, incl. "
              f"kernel start); target {NOTEBOOK_TARGET_S:.0f} s; "
              f"ratio {median_s / NOTEBOOK_TARGET_S:.2f}")


if __name__ == "__main__":
    main()
