"""``python -m ogp_curriculum scenario validate FILE...``: check scenarios before a session."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ogp_curriculum import sources
from ogp_curriculum.errors import InputError, UserError
from ogp_curriculum.i18n import _
from ogp_curriculum.scenarios.model import (
    ScenarioError,
    check,
    read_yaml,
    scenario_from_data,
    shipped_scenarios,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("scenario", help=_("check and list branching scenarios"))
    commands = parser.add_subparsers(dest="scenario_command", required=True)
    validate = commands.add_parser(
        "validate", help=_("check scenario YAML files (default: every shipped scenario)")
    )
    validate.add_argument("files", nargs="*", type=Path)
    validate.set_defaults(func=_validate)


def _bib_keys() -> frozenset[str] | None:
    bib = sources.bib_path()
    return sources.bib_keys(bib) if bib.exists() else None


def _unknown_sources(data: dict, path: Path) -> list[ScenarioError]:
    """Sources must be bibliography keys, or the notebook's citation breaks the book build."""
    keys = _bib_keys()
    if keys is None:
        return []
    return [
        ScenarioError(f"source '{key}' is not a key in references.bib", path=path, scene=None,
                      field=f"sources[{i}]")
        for i, key in enumerate(data.get("sources", [])) if key not in keys
    ]


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
        if not errors and isinstance(data, dict):  # the schema passed: it is a mapping
            errors = _unknown_sources(data, path)
        problems.extend(str(error) for error in errors)
        if not errors:
            scenario = scenario_from_data(data, path=path)
            # Counted, not enumerated: the number of paths grows exponentially with depth.
            choices = sum(len(scene.choices) for scene in scenario.scenes.values())
            endings = sum(1 for scene in scenario.scenes.values() if scene.ending)
            print(_("ok: {path} ({scenes} scenes, {choices} choices, {endings} "
                    "endings)").format(path=path, scenes=len(scenario.scenes),
                                       choices=choices, endings=endings))
    if problems:
        # Show every problem, then fail with one line, so a trainer can fix them all at once.
        for line in problems[:-1]:
            print(_("error: {message}").format(message=line), file=sys.stderr)
        raise UserError(problems[-1])
    return 0
