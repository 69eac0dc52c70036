"""One command line, one sub-command per area of the book.

Each area registers its own sub-commands in ``register(subparsers)``; add the module to
``_AREAS`` below. Every sub-command shares the exit codes (see README, "Exit codes"):

* 0: the run succeeded;
* 1: the run failed (a build failed, a folder of hand-ins has unusable files, a write failed);
* 2: bad input (a file, a field or an argument to fix) -- one line on stderr, no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ogp_curriculum import __version__
from ogp_curriculum.errors import InputError, UserError, one_line
from ogp_curriculum.i18n import (
    N_,
    SOURCE_LANGUAGE,
    UnknownLanguage,
    current_language,
    gettext,
)

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_OK", "UserError", "build_parser", "main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

# Modules that provide ``register(subparsers: argparse._SubParsersAction) -> None``.
_AREAS: tuple[str, ...] = (
    "ogp_curriculum.irm.cli",
    "ogp_curriculum.quiz.cli",
    "ogp_curriculum.reflections.cli",
    "ogp_curriculum.scenarios.cli",
    "ogp_curriculum.cohorts.cli",
    "ogp_curriculum.editions",
    "ogp_curriculum.slides.cli",
    "ogp_curriculum.agendas",
    "ogp_curriculum.i18n.cli",
    "ogp_curriculum.citations.cli",
)


# argparse's own words (usage, help, its errors), listed for the catalogue; argparse looks its
# module-level `_` up at call time, so main() points it at ours.
_ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _argparse_gettext(message: str) -> str:
    return gettext(message, language=_safe_language())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ogp_curriculum", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    # Also installed as the `ogp-curriculum` console script (pyproject.toml [project.scripts]).
    parser.add_argument("--version", action="version", version=f"ogp-curriculum {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in _AREAS:
        importlib.import_module(name).register(subparsers)
    return parser


def error_line(text: object) -> str:
    """The one line an error becomes on stderr (in the trainer's language)."""
    return gettext("error: {message}", language=_safe_language()).format(
        message=one_line(str(text)))


def _safe_language() -> str:
    try:
        return current_language()
    except UnknownLanguage:
        return SOURCE_LANGUAGE


def main(argv: Sequence[str] | None = None) -> int:
    # An unknown OGP_LANG is bad input like any other: one line, exit code 2, before any work.
    try:
        current_language()
    except UnknownLanguage as error:
        print(error_line(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    argparse.__dict__["_"] = _argparse_gettext
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse itself exits 2 on a bad argument
    try:
        return int(args.func(args) or 0)
    except (UserError, InputError) as error:
        print(error_line(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        # A write or read the system refused (disk full, permissions): the run failed.
        where = f"{error.filename}: " if error.filename else ""
        print(error_line(f"{where}{error.strerror or error}"), file=sys.stderr)
        return EXIT_FAILED
