"""Hub start-up and login-to-first-cell times on a real local JupyterHub.

    .venv/bin/python benchmarks/bench_hub.py [--repeat 3]

Uses the hub of the test suite (tests/hub/live_hub.py: JupyterHub, configurable-http-proxy,
DummyAuthenticator, SimpleLocalProcessSpawner on 127.0.0.1; ``make .venv/.test-installed``
installs them). Each repeat starts a fresh hub in a temporary folder and measures:

- **hub start-up**: from launching ``jupyterhub`` to its API answering through the proxy;
- **login to first cell**: from a learner's login (a new user: the hub spawns their server) to
  the first cell's output of a new kernel, through the browser-free REST and kernel APIs;
- **second learner**: the same for another learner while the first is running.

It prints each repeat, the medians, and the ratios login/start-up and second/first learner.
Times vary with the machine's load: compare runs on one machine, never assert on them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hub"))

from live_hub import LiveHub, missing_dependencies, running_hub  # noqa: E402

FIRST_CELL = "import ogp_curriculum\nprint('ready')"


def login_to_first_cell(hub: LiveHub, user: str) -> float:
    """Seconds from a learner's first login to the first cell's output."""
    start = time.perf_counter()
    hub.start_server(user, timeout=120)
    hub.user_api(
        user,
        "PUT",
        "contents/first.ipynb",
        {"type": "notebook", "content": {"cells": [], "metadata": {}, "nbformat": 4,
                                          "nbformat_minor": 5}},
    )
    kernel = hub.start_kernel(user, "first.ipynb")
    outputs = hub.execute(user, kernel, FIRST_CELL, timeout=120)
    assert any("ready" in o.get("text", "") for o in outputs), outputs
    return time.perf_counter() - start


def one_run(index: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="ogp-bench-hub-") as tmp:
        start = time.perf_counter()
        with running_hub(Path(tmp), timeout=120) as hub:
            startup = time.perf_counter() - start
            first = login_to_first_cell(hub, f"learner-{index}-a")
            second = login_to_first_cell(hub, f"learner-{index}-b")
    return startup, first, second


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    missing = missing_dependencies()
    if missing:
        print("missing: " + "; ".join(missing), file=sys.stderr)
        return 2
    rows = []
    for index in range(args.repeat):
        startup, first, second = one_run(index)
        rows.append((startup, first, second))
        print(f"run {index + 1}: hub start-up {startup:.1f} s, login to first cell "
              f"{first:.1f} s, second learner {second:.1f} s")
    startup, first, second = (statistics.median(column) for column in zip(*rows, strict=True))
    print(f"median: hub start-up {startup:.1f} s, login to first cell {first:.1f} s, "
          f"second learner {second:.1f} s")
    print(f"ratios: login/start-up {first / startup:.2f}, second/first learner "
          f"{second / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
