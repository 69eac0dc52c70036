"""Cohort pack build time per shipped cohort, and how much of it is starting kernels.

Run from the repository root (2 cores is the CI and reference machine):

    .venv/bin/python benchmarks/bench_cohorts.py [--repeats 3] [--kernel-starts 10] [cohort.yml ...]

For each cohort it builds the whole pack ``--repeats`` times into a temporary folder and
reports the median wall time and its phases (notebooks, cohort book, handout PDF), read from
the pack's manifest. Separately it times ``--kernel-starts`` round trips of
``jupyter_client.manager.start_new_kernel`` (start, wait until it answers): every
papermill run pays one such start, so ``kernel start / papermill time per notebook`` is the
share of notebook time spent starting kernels rather than executing cells.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from ogp_curriculum.cohorts.build import build_cohort
from ogp_curriculum.paths import repo_root


def kernel_start() -> tuple[float, float]:
    """Seconds to start a python3 kernel until it answers, and to shut it down."""
    start = time.perf_counter()
    manager, client = start_new_kernel(
        kernel_name="python3", startup_timeout=60, stderr=subprocess.DEVNULL
    )
    ready = time.perf_counter()
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return ready - start, time.perf_counter() - ready


def build_once(cohort: Path) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory(prefix="bench-cohorts-") as out:
        start = time.perf_counter()
        pack = build_cohort(cohort, out, progress=False)
        seconds = time.perf_counter() - start
        manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    return seconds, manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cohorts", nargs="*", type=Path, help="default: every data/cohorts/*.yml")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--kernel-starts", type=int, default=10)
    args = parser.parse_args(argv)
    cohorts = args.cohorts or sorted((repo_root() / "data" / "cohorts").glob("*.yml"))

    trips = [kernel_start() for _ in range(args.kernel_starts)]
    starts = [start for start, _ in trips]
    kernel = statistics.median(starts)
    print(
        f"kernel start (until it answers): median {kernel:.2f} s over {len(starts)} "
        f"(min {min(starts):.2f}, max {max(starts):.2f}); "
        f"shutdown median {statistics.median(stop for _, stop in trips):.2f} s"
    )
    print()
    header = (
        f"{'cohort':<22}{'nbs':>4}{'pack s':>9}{'nbs s':>8}{'book s':>8}{'pdf s':>7}"
        f"{'nb med s':>10}{'kstart/nb':>11}{'kstart/pack':>12}"
    )
    print(header)
    print("-" * len(header))
    for cohort in cohorts:
        runs = [build_once(cohort) for _ in range(args.repeats)]
        wall = statistics.median(seconds for seconds, _ in runs)
        phases = {
            key: statistics.median(m["timings_seconds"][key] for _, m in runs)
            for key in ("notebooks", "book", "handout")
        }
        per_notebook = [nb["seconds"] for _, m in runs for nb in m["notebooks"]]
        count = len(runs[0][1]["notebooks"])
        nb_median = statistics.median(per_notebook)
        # Kernel starts run two at a time, like the notebooks; their wall share of the pack:
        workers = 2
        kstart_wall = kernel * count / min(workers, count)
        print(
            f"{cohort.stem:<22}{count:>4}{wall:>9.1f}{phases['notebooks']:>8.1f}"
            f"{phases['book']:>8.1f}{phases['handout']:>7.1f}{nb_median:>10.2f}"
            f"{kernel / nb_median:>11.0%}{kstart_wall / wall:>12.0%}"
        )
    print()
    print("pack s: median wall time of a whole build (2 worker processes); nbs/book/pdf s: its")
    print("phases. nb med s: median papermill time per notebook (kernel start + cells).")
    print("kstart/nb: kernel start / papermill time per notebook (the rest is executing cells")
    print(
        "and papermill's own work). kstart/pack: kernel starts' estimated wall share of the pack."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
