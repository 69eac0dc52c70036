"""Benchmark the foundation: make test, make test-fast, kernel starts per make test, book builds.

Run from the repository root with the project's environment:

    .venv/bin/python benchmarks/bench_foundation.py [--repeats 3] [--suite-repeats 1]
        [--fast-repeats 3] [--skip-suite] [--skip-build]

- ``make test`` and ``make test-fast`` run in this checkout (``--suite-repeats`` /
  ``--fast-repeats`` times; medians printed). During ``make test`` every kernel start is
  counted through an IPython startup file in a temporary ``IPYTHONDIR``, with the folder it
  started in: kernels started in ``modules/`` or ``exercises/`` of this checkout are the
  book's notebook executions (the book build runs each notebook from its own folder); the
  others are cohort packs, parameter runs, fixture notebooks, Binder's kernel check, Voila.
- The cold and warm book builds run on a copy of the working tree in a temporary folder, so
  the repository's own ``_build`` cache is left alone (the per-user vendor cache is used).

Figures are medians; the machines are noisy, so the load average is printed with them. CPU is
printed twice: the rusage of waited-for children (misses chromium and Jupyter kernels, which
the suite does not reap itself) and, from /proc/stat, what the whole machine used meanwhile
(meaningful on a quiet machine only).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SKIP = shutil.ignore_patterns(".venv", "_build", ".git", "cohort-packs", "__pycache__", ".*cache")
sys.path.insert(0, str(ROOT / "src"))

from ogp_curriculum.book import build_book, toc_notebooks  # noqa: E402

# Appends one line per kernel start: the folder it started in.
COUNTER = """import os
with open(os.environ["OGP_KERNEL_LOG"], "a", encoding="utf-8") as log:
    log.write(os.getcwd() + "\\n")
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _machine_busy() -> float | None:
    """CPU-seconds all processes have used since boot (Linux /proc/stat), else None.

    The children's rusage misses what the suite's tests start but do not wait for themselves
    (chromium under Playwright's driver, Jupyter servers' kernels): on a quiet machine this
    counts them too.
    """
    try:
        fields = Path("/proc/stat").read_text(encoding="utf-8").split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(value) for value in fields[:8]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds; also prints the CPU seconds, which a loaded machine inflates less."""
    start, cpu, busy = time.perf_counter(), _cpu(), _machine_busy()
    done = subprocess.run(command, cwd=cwd, capture_output=True, env=env, timeout=7200)
    seconds = time.perf_counter() - start
    after = _machine_busy()
    machine = f", machine busy {after - busy:.1f} CPU-s" if busy is not None and after else ""
    print(f"  {' '.join(command)}: {seconds:.1f} s wall, {_cpu() - cpu:.1f} s CPU (user+sys, "
          f"waited-for children){machine}")
    if done.returncode != 0:
        tail = done.stdout.decode(errors="replace")[-1500:]
        print(f"  ({' '.join(command)} exited {done.returncode}; tail:)\n{tail}")
    return seconds


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f} on {os.cpu_count()} cores"


def book_build_times(repeats: int) -> tuple[list[float], list[float]]:
    """Cold builds (fresh copy, empty jupyter-cache) and rebuilds with no change."""
    cold, warm = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            shutil.copytree(ROOT, book, ignore=SKIP)
            for runs in (cold, warm):
                start = time.perf_counter()
                result = build_book(book, timeout=3600)
                runs.append(time.perf_counter() - start)
                if result.returncode:
                    print(f"  (build failed: {(result.stdout + result.stderr)[-800:]})")
    return cold, warm


def suite_with_kernel_count() -> tuple[float, int, int]:
    """One `make test`: wall seconds, kernel starts in the book's notebook folders, all."""
    with tempfile.TemporaryDirectory() as tmp:
        startup = Path(tmp) / "ipython" / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-count-kernel-starts.py").write_text(COUNTER, encoding="utf-8")
        log = Path(tmp) / "kernels.log"
        log.touch()
        env = {**os.environ, "IPYTHONDIR": str(startup.parents[1]), "OGP_KERNEL_LOG": str(log)}
        seconds = _timed(["make", "test"], ROOT, env)
        folders = [Path(line) for line in log.read_text(encoding="utf-8").splitlines()]
    book_folders = {(ROOT / "modules").resolve(), (ROOT / "exercises").resolve()}
    in_book = sum(1 for folder in folders if folder.resolve() in book_folders)
    return seconds, in_book, len(folders)


def median_line(label: str, values: list[float]) -> str:
    return f"{label:<32} median {statistics.median(values):7.1f} s  (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="book builds (cold and warm)")
    parser.add_argument("--suite-repeats", type=int, default=1, help="make test runs")
    parser.add_argument("--fast-repeats", type=int, default=3, help="make test-fast runs")
    parser.add_argument("--skip-suite", action="store_true", help="no make test")
    parser.add_argument("--skip-build", action="store_true", help="no cold/warm book builds")
    args = parser.parse_args()
    print(f"start: {load()}")

    fast = [_timed(["make", "test-fast"], ROOT) for _ in range(args.fast_repeats)]
    if fast:
        print(median_line("make test-fast", fast) + f"  [{load()}]")

    if not args.skip_suite and args.suite_repeats:
        runs = [suite_with_kernel_count() for _ in range(args.suite_repeats)]
        suite = [seconds for seconds, _, _ in runs]
        print(median_line("make test", suite) + f"  [{load()}]")
        _, in_book, total = runs[-1]
        notebooks = len(toc_notebooks(ROOT))
        print(f"kernel starts per make test: {total}; in the book's notebook folders: {in_book} "
              f"(book notebooks: {notebooks}, ratio {in_book / notebooks:.2f})")
        if fast:
            ratio = statistics.median(suite) / statistics.median(fast)
            print(f"make test / make test-fast ratio {ratio:7.1f}")

    if not args.skip_build and args.repeats:
        cold, warm = book_build_times(args.repeats)
        print(median_line("cold book build", cold) + f"  [{load()}]")
        print(median_line("rebuild, no change", warm))
        ratio = statistics.median(warm) / statistics.median(cold)
        print(f"rebuild / cold ratio             {ratio:7.2f}")
    size = sum(p.stat().st_size for p in Path(sys.prefix).rglob("*") if p.is_file()) / 2**20
    print(f"installed environment            {size:7.0f} MiB ({sys.prefix})")


if __name__ == "__main__":
    main()
