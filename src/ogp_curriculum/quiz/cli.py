"""``python -m ogp_curriculum quiz check|show``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ogp_curriculum.errors import InputError, UserError
from ogp_curriculum.i18n import _
from ogp_curriculum.quiz.loading import check_files, load, quizzes_dir
from ogp_curriculum.quiz.render import render_text


def _cmd_check(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files] or sorted(quizzes_dir().glob("*.yml"))
    if not paths:
        raise UserError(_("no quiz files found in {folder}").format(folder=quizzes_dir()))
    problems = check_files(paths)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    print(_("ok: {count} quiz file(s) valid").format(count=len(paths)))
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    try:
        print(render_text(load(args.quiz_id)))
    except InputError as error:
        raise UserError(str(error)) from None
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("quiz", help=_("check or print the self-check quizzes"))
    commands = parser.add_subparsers(dest="quiz_command", required=True)
    check = commands.add_parser("check", help=_("validate quiz YAML files (all by default)"))
    check.add_argument("files", nargs="*", help=_("quiz files; default: every data/quizzes/*.yml"))
    check.set_defaults(func=_cmd_check)
    show_cmd = commands.add_parser("show", help=_("print a quiz as text, answers at the end"))
    show_cmd.add_argument("quiz_id", help=_("file name in data/quizzes/ without .yml"))
    show_cmd.set_defaults(func=_cmd_show)
