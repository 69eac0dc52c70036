"""``python -m ogp_curriculum reflections ...``: check hand-ins and write the plenary reports.

* ``reflections validate DIR`` lists every file that would be skipped, and why (exit 1 if a
  ``.json`` file is unusable);
* ``reflections report DIR --out OUT`` writes the Markdown, HTML and CSV reports;
* ``reflections options [FILE]`` checks the trainer's option lists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ogp_curriculum.errors import InputError, UserError, one_line
from ogp_curriculum.i18n import _
from ogp_curriculum.reflections.export import Report, write_reports
from ogp_curriculum.reflections.schema import load_options
from ogp_curriculum.reflections.synthesis import PROBLEMS, read_folder


def _read(folder: str):
    try:
        return read_folder(folder)
    except InputError as error:
        raise UserError(str(error)) from None


def _validate(args: argparse.Namespace) -> int:
    cohort = _read(args.folder)
    for sub in cohort.submissions:
        flag = ("  " + _("(this group handed in more than once; all kept)")
                if sub.flagged else "")
        # File names and group names are whatever learners chose: one short line each.
        print(one_line(_("ok       {file}: {group}").format(file=sub.path.name, group=sub.label)
                       + flag))
    for skipped in cohort.skipped:
        print(one_line(_("skipped  {file}: {reason}: {detail}").format(
            file=skipped.path.name, reason=skipped.reason, detail=skipped.detail)))
    print(_("{usable} usable, {skipped} skipped").format(usable=len(cohort.submissions),
                                                         skipped=len(cohort.skipped)))
    # Other files (a README, an identical copy) are reported but are not a problem.
    unusable = [s for s in cohort.skipped if s.reason in PROBLEMS]
    if unusable:
        print(_("error: {count} hand-in(s) in {folder} cannot be used (listed above as "
                "skipped); the report leaves them out").format(count=len(unusable),
                                                               folder=cohort.folder),
              file=sys.stderr)
        return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    try:
        options = load_options(args.options)
        report = Report.build(_read(args.folder), options, title=args.title)
        paths = write_reports(report, args.out)
    except InputError as error:
        raise UserError(str(error)) from None
    for path in paths.values():
        print(path)
    return 0


def _options(args: argparse.Namespace) -> int:
    try:
        options = load_options(args.file)
    except InputError as error:
        raise UserError(str(error)) from None
    print(_("ok: {challenges} challenges, {approaches} approaches, {support} support "
            "categories, {themes} themes").format(
        challenges=len(options.challenges), approaches=len(options.twp_approaches),
        support=len(options.support_categories), themes=len(options.themes)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("reflections", help=_("small-group reflections and the plenary"))
    commands = parser.add_subparsers(dest="reflections_command", required=True)

    validate = commands.add_parser("validate", help=_("check a folder of hand-ins"))
    validate.add_argument("folder")
    validate.set_defaults(func=_validate)

    report = commands.add_parser("report", help=_("write the Markdown, HTML and CSV reports"))
    report.add_argument("folder")
    report.add_argument("--out", required=True, type=Path, help=_("folder for the reports"))
    report.add_argument("--title", default="", help=_("report title, e.g. the cohort's name"))
    report.add_argument("--options", default=None, help=_("option lists (default: the book's)"))
    report.set_defaults(func=_report)

    options = commands.add_parser("options", help=_("check the trainer's option lists (YAML)"))
    options.add_argument("file", nargs="?", default=None)
    options.set_defaults(func=_options)
