"""How fast the self-checks load and render, and what a module costs over a bare kernel.

Run: .venv/bin/python benchmarks/bench_curriculum.py  (prints medians and a ratio).
"""

from __future__ import annotations

import statistics
import tempfile
import time
import timeit
from pathlib import Path

import nbformat
import papermill

from ogp_curriculum import quiz
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
MODULE = ROOT / "modules" / "03_thinking_working_politically.ipynb"


def quiz_medians() -> None:
    files = sorted((ROOT / "data" / "quizzes").glob("*.yml"))
    load = timeit.repeat(lambda: [quiz.load_file(f) for f in files], number=10, repeat=7)
    loaded = [quiz.load_file(f) for f in files]
    render = timeit.repeat(lambda: [quiz.render_html(q) for q in loaded], number=100, repeat=7)
    per_load = statistics.median(load) / 10 / len(files) * 1000
    per_render = statistics.median(render) / 100 / len(files) * 1000
    print(f"quiz load+validate, median per file: {per_load:.2f} ms ({len(files)} files)")
    print(f"quiz render to HTML, median per quiz: {per_render:.3f} ms")


def run(notebook: Path, runs: int = 3) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            papermill.execute_notebook(str(notebook), str(Path(tmp) / "out.ipynb"),
                                       cwd=str(notebook.parent), kernel_name="python3",
                                       progress_bar=False)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def module_cost() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("1")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, bare)
        base = run(bare)
    module = run(MODULE)
    print(f"papermill, bare one-cell notebook, median: {base:.2f} s")
    print(f"papermill, {MODULE.name}, median: {module:.2f} s (ratio {module / base:.2f}x)")


if __name__ == "__main__":
    quiz_medians()
    module_cost()
