"""``python -m ogp_curriculum scenario validate FILE...``: check scenarios before a session."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ogp_curriculum.cli import UserError
from ogp_curriculum.errors import InputError
from ogp_curriculum.scenarios.engine import walk_paths
from ogp_curriculum.scenarios.model import check, read_yaml, scenario_from_data, shipped_scenarios


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("scenario", help="check and list branching scenarios")
    commands = parser.add_subparsers(dest="scenario_command", required=True)
    validate = commands.add_parser(
        "validate", help="check scenario YAML files (default: every shipped scenario)"
    )
    validate.add_argument("files", nargs="*", type=Path)
    validate.set_defaults(func=_validate)


def _validate(args: argparse.Namespace) -> int:
    files: list[Path] = args.files or shipped_scenarios()
    problems: list[str] = []
    for path in files:
        try:
            data = read_yaml(path)
        except InputError as error:
            problems.append(str(error))
            continue
        errors = check(data, path)
        problems.extend(str(error) for error in errors)
        if not errors:
            scenario = scenario_from_data(data, path=path)
            paths = sum(1 for _ in walk_paths(scenario))
            endings = sum(1 for scene in scenario.scenes.values() if scene.ending)
            print(f"ok: {path} ({len(scenario.scenes)} scenes, {endings} endings, "
                  f"{paths} paths)")
    if problems:
        # Show every problem, then fail with one line, so a trainer can fix them all at once.
        for line in problems[:-1]:
            print(f"error: {line}", file=sys.stderr)
        raise UserError(problems[-1])
    return 0
