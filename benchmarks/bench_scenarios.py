"""Scenario timings: validation, walking every path, building the player, one click.

Run: python benchmarks/bench_scenarios.py  (prints medians over repeated runs; no assertions).
"""

from __future__ import annotations

from timing import median_ms

from ogp_curriculum.scenarios import load_scenario, shipped_scenarios, walk_paths
from ogp_curriculum.scenarios.view import ScenarioPlayer


def main() -> None:
    print(f"{'scenario':36} {'load+validate':>14} {'walk all paths':>15} {'paths':>6} "
          f"{'build player':>13} {'one click':>10} {'load/walk':>10}")
    for path in shipped_scenarios():
        scenario = load_scenario(path)
        paths = sum(1 for _ in walk_paths(scenario))
        load = median_ms(lambda p=path: load_scenario(p), repeat=15)
        walk = median_ms(lambda s=scenario: sum(1 for _ in walk_paths(s)), repeat=15)
        build = median_ms(lambda s=scenario: ScenarioPlayer(s), repeat=7)
        player = ScenarioPlayer(scenario)

        def click(p: ScenarioPlayer = player) -> None:
            p.choice_buttons[0].click()
            p.back_button.click()

        clicks = median_ms(click, repeat=25) / 2
        print(f"{path.stem:36} {load:12.1f}ms {walk:13.1f}ms {paths:6d} {build:11.1f}ms "
              f"{clicks:8.1f}ms {load / walk:9.0f}x")


if __name__ == "__main__":
    main()
