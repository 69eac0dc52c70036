"""Reflections benchmark: how long a save, a plenary read and the exports take.

Run: ``.venv/bin/python benchmarks/bench_reflections.py``. Prints medians (time.perf_counter
loops) and the ratio of an atomic, versioned save to a plain ``write_text`` of the same bytes,
i.e. what the safety (temp file, fsync, rename, version copy) costs.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.export import Report, to_csv, to_html, to_markdown
from ogp_curriculum.reflections.schema import empty_reflection, load_options
from ogp_curriculum.reflections.synthesis import read_folder


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def document(index: int) -> dict:
    d = empty_reflection(f"Group {index}")
    d["countries"] = ["Costa Rica", "Philippines"][: 1 + index % 2]
    d["prompts"] = {k: f"{k} answer of group {index} " * 20 for k in d["prompts"]}
    d["challenges"]["selected"] = ["turnover", "resources"]
    d["support"]["selected"] = ["peer-learning"]
    d["priority_votes"] = [{"suggestion": f"Suggestion {index % 7}", "votes": index % 5}]
    return d


def main() -> None:
    options = load_options()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        doc = document(1)
        plain = folder / "plain.json"
        data = json.dumps(doc, indent=2)
        t_plain = median_seconds(lambda: plain.write_text(data, encoding="utf-8"), 200)
        t_save = median_seconds(lambda: storage.save_reflection(folder / "safe", doc), 200)
        print(f"plain write_text          median {t_plain * 1e3:8.3f} ms")
        print(f"atomic versioned save     median {t_save * 1e3:8.3f} ms")
        print(f"ratio save / plain write         {t_save / t_plain:8.1f}x")

        cohort_dir = folder / "cohort"
        for i in range(100):
            storage.save_reflection(cohort_dir, document(i))
        t_read = median_seconds(lambda: read_folder(cohort_dir), 10)
        cohort = read_folder(cohort_dir)
        report = Report.build(cohort, options)
        t_html = median_seconds(lambda: to_html(report), 5)
        t_md = median_seconds(lambda: to_markdown(report), 5)
        t_csv = median_seconds(lambda: to_csv(report), 5)
        print(f"read_folder, 100 groups   median {t_read * 1e3:8.1f} ms")
        print(f"HTML report, 100 groups   median {t_html * 1e3:8.1f} ms")
        print(f"Markdown report           median {t_md * 1e3:8.1f} ms")
        print(f"CSV of all answers        median {t_csv * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
