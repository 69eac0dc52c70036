"""Input-layer timings: scenario validation by depth, and the plenary over 300 hand-ins.

* ``scenario validate`` on scenarios of 8 to 64 levels (two scenes per level, each leading
  to both scenes of the next: 2**(levels + 1) paths). Validation is linear in the graph, so
  doubling the levels should roughly double the time; enumerating the paths (what validate
  did before) doubles with every level and is timed up to 16 levels only -- at 64 levels it
  would never finish.
* ``reflections validate`` and ``reflections report`` over 300 hand-ins, 10% of them bad
  (deep JSON, a FIFO, a link to /dev/zero, a dangling link, non-UTF-8, a 3 MB answer),
  against 300 good ones.

Run: python benchmarks/bench_inputs.py  (prints medians over repeated runs; no assertions).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

from ogp_curriculum import cli
from ogp_curriculum.paths import data_dir
from ogp_curriculum.scenarios import walk_paths
from ogp_curriculum.scenarios.model import scenario_from_data

# The generated scenario the hostile-input tests use too (one definition).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hostile"))
from scenario_inputs import deep_scenario  # noqa: E402
from timing import median_ms  # noqa: E402


def quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(argv)


def bench_scenarios(folder: Path) -> None:
    print(f"{'levels':>6} {'scenes':>7} {'validate':>10} {'per level':>10} "
          f"{'walk all paths':>15} {'vs 8 levels':>12}")
    base = 0.0
    for levels in (8, 12, 16, 32, 64):
        data = deep_scenario(levels)
        path = folder / f"deep{levels}.yml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        assert quiet(["scenario", "validate", str(path)]) == 0
        took = median_ms(lambda p=path: quiet(["scenario", "validate", str(p)]))
        base = base or took
        walk = "not run"
        if levels <= 16:
            scenario = scenario_from_data(data)
            walk = f"{median_ms(lambda s=scenario: sum(1 for _ in walk_paths(s)), 1):.0f}ms"
        print(f"{levels:6d} {2 * levels + 2:7d} {took:8.1f}ms {took / levels:8.2f}ms "
              f"{walk:>15} {took / base:11.1f}x")


def hand_ins(folder: Path, count: int, bad_share: float) -> Path:
    good = (data_dir() / "reflections" / "demo_cohort" / "harbour-group-fictional.json")
    document = json.loads(good.read_text(encoding="utf-8"))
    folder.mkdir()
    bad = int(count * bad_share)
    for i in range(count - bad):
        copy = dict(document, group=f"Group {i}")
        (folder / f"group-{i}.json").write_text(json.dumps(copy), encoding="utf-8")
    kinds = ["deep", "fifo", "zero", "dangling", "latin1", "huge"]
    for i in range(bad):
        path = folder / f"bad-{i}.json"
        kind = kinds[i % len(kinds)]
        if kind == "deep":
            path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "zero":
            path.symlink_to("/dev/zero")
        elif kind == "dangling":
            path.symlink_to(folder / "gone")
        elif kind == "latin1":
            path.write_bytes("{\"group\": \"Participación\"}".encode("latin-1"))
        else:
            big = dict(document, group=f"Big {i}")
            big["prompts"] = dict(document["prompts"], resonance="x" * 3 * 1024 * 1024)
            path.write_text(json.dumps(big), encoding="utf-8")
    return folder


def bench_plenary(folder: Path) -> None:
    print(f"\n{'hand-ins':>20} {'validate':>10} {'report':>10}")
    rows = []
    for label, share in (("300, all good", 0.0), ("300, 10% bad", 0.1)):
        source = hand_ins(folder / label.replace(" ", "_").replace(",", ""), 300, share)
        out = folder / f"out-{share}"
        validate = median_ms(lambda s=source: quiet(["reflections", "validate", str(s)]), 3)
        report = median_ms(
            lambda s=source, o=out: quiet(["reflections", "report", str(s), "--out", str(o)]), 3)
        rows.append((validate, report))
        print(f"{label:>20} {validate:8.0f}ms {report:8.0f}ms")
    (v0, r0), (v1, r1) = rows
    print(f"{'ratio bad/good':>20} {v1 / v0:9.2f}x {r1 / r0:9.2f}x")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ogp-bench-inputs-") as tmp:
        bench_scenarios(Path(tmp))
        bench_plenary(Path(tmp))


if __name__ == "__main__":
    main()
