"""Benchmark the three-language book: cold and no-change builds of en, fr and es.

Run from the repository root with the project's environment:

    .venv/bin/python benchmarks/bench_languages.py [--repeats 3] [--languages en fr es]

Each repeat copies the working tree to a temporary folder (the repository's own ``_build``
cache is left alone) and builds every language cold (empty execution caches), then again
with no change. Prints medians per language and in total, and the ratios that answer "do
three languages triple the build?": the three-language build over the English one, cold and
no-change, and no-change over cold. Figures are medians; the load average is printed with
them because the machines are shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", "_build", ".git", "cohort-packs", "__pycache__", ".*cache")
sys.path.insert(0, str(ROOT / "src"))

from ogp_curriculum.book import build_book  # noqa: E402
from ogp_curriculum.i18n import LANGUAGES  # noqa: E402


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}/{fifteen:.1f} on {os.cpu_count()} cores"


def build_times(languages: list[str], repeats: int) -> dict[tuple[str, str], list[float]]:
    """(language, "cold" | "no change") -> wall seconds per repeat."""
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            shutil.copytree(ROOT, book, ignore=SKIP)
            for kind in ("cold", "no change"):
                for language in languages:
                    start = time.perf_counter()
                    result = build_book(book, language=language, timeout=3600)
                    seconds = time.perf_counter() - start
                    times.setdefault((language, kind), []).append(seconds)
                    status = "ok" if result.returncode == 0 else f"FAILED {result.returncode}"
                    print(f"  {language} {kind}: {seconds:.1f} s ({status}) [{load()}]")
                    if result.returncode:
                        print((result.stdout + result.stderr)[-800:])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    args = parser.parse_args()
    print(f"start: {load()}")
    times = build_times(args.languages, args.repeats)
    median = {key: statistics.median(values) for key, values in times.items()}
    for kind in ("cold", "no change"):
        total = sum(median[(code, kind)] for code in args.languages)
        per = ", ".join(f"{code} {median[(code, kind)]:.1f} s" for code in args.languages)
        print(f"{kind:<10} median per language: {per}; all {total:.1f} s (n={args.repeats})")
        if "en" in args.languages and len(args.languages) > 1:
            print(f"{kind:<10} all languages / English alone: {total / median[('en', kind)]:.2f}")
    cold = sum(median[(code, "cold")] for code in args.languages)
    warm = sum(median[(code, "no change")] for code in args.languages)
    print(f"no change / cold (all languages): {warm / cold:.2f}  [{load()}]")


if __name__ == "__main__":
    main()
