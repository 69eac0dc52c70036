"""Benchmark the foundation: cold book build, no-change rebuild, test suite, environment size.

Run from the repository root with the project's environment:

    .venv/bin/python benchmarks/bench_foundation.py [--repeats 3] [--suite-repeats 1]

The cold and warm builds run on a copy of the working tree in a temporary folder, so the
repository's own `_build` cache is left alone. Figures are medians; the machines are noisy.
"""

from __future__ import annotations

import argparse
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


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def _build(book: Path) -> float:
    return _timed([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], book)


def book_build_times(repeats: int) -> tuple[list[float], list[float]]:
    """Cold builds (fresh copy, empty cache) and rebuilds with no change."""
    cold, warm = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            shutil.copytree(ROOT, book, ignore=SKIP)
            cold.append(_build(book))
            warm.append(_build(book))
    return cold, warm


def suite_times(repeats: int) -> list[float]:
    command = [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile"]
    return [_timed(command, ROOT) for _ in range(repeats)]


def folder_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="book builds (cold and warm)")
    parser.add_argument("--suite-repeats", type=int, default=1, help="full test-suite runs")
    args = parser.parse_args()

    cold, warm = book_build_times(args.repeats)
    print(f"cold book build      median {statistics.median(cold):7.1f} s  (n={len(cold)})")
    print(f"rebuild, no change   median {statistics.median(warm):7.1f} s  (n={len(warm)})")
    print(f"rebuild / cold ratio        {statistics.median(warm) / statistics.median(cold):7.2f}")
    if args.suite_repeats:
        suite = suite_times(args.suite_repeats)
        print(f"test suite           median {statistics.median(suite):7.1f} s  (n={len(suite)})")
    print(f"installed environment       {folder_mib(Path(sys.prefix)):7.0f} MiB ({sys.prefix})")


if __name__ == "__main__":
    main()
