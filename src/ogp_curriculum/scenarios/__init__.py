"""Branching scenarios: trainer-written YAML, a pure engine, and a widget player."""

from ogp_curriculum.scenarios.engine import Debrief, ScenarioRun, Step, walk_paths
from ogp_curriculum.scenarios.model import (
    Scenario,
    ScenarioError,
    check,
    load_scenario,
    shipped_scenarios,
)

__all__ = [
    "Debrief",
    "Scenario",
    "ScenarioError",
    "ScenarioRun",
    "Step",
    "check",
    "load_scenario",
    "shipped_scenarios",
    "walk_paths",
]
