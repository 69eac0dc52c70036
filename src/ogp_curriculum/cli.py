"""One command line, one sub-command per area of the book.

Each area registers its own sub-commands in ``register(subparsers)``; add the module to
``_AREAS`` below. Errors a user can fix exit 2 with one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ogp_curriculum import __version__

# Modules that provide ``register(subparsers: argparse._SubParsersAction) -> None``.
_AREAS: tuple[str, ...] = (
    "ogp_curriculum.irm.cli",
    "ogp_curriculum.quiz",
    "ogp_curriculum.reflections.cli",
    "ogp_curriculum.scenarios.cli",
    "ogp_curriculum.cohorts.cli",
)


class UserError(Exception):
    """A problem in the user's input: reported in one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ogp_curriculum", description=__doc__)
    # Also installed as the `ogp-curriculum` console script (pyproject.toml [project.scripts]).
    parser.add_argument("--version", action="version", version=f"ogp-curriculum {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in _AREAS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
