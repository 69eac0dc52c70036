"""``python -m ogp_curriculum cohort {check,build,links} data/cohorts/<name>.yml``.

The build machinery (papermill, Jupyter Book) is imported only when a command runs, so the
main ``--help`` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ogp_curriculum.errors import InputError, UserError
from ogp_curriculum.i18n import _, ngettext

if TYPE_CHECKING:
    from ogp_curriculum.cohorts.build import Plan


def _check(args: argparse.Namespace) -> int:
    p = _plan_or_error(args.cohort, Path(args.out))
    for note in p.notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    notebooks, countries = len(p.infos), len(p.cohort.countries)
    print(_("{cohort}: ok ({notebooks}, {countries}, agenda {agenda}); would build "
            "{target}").format(
        cohort=args.cohort,
        notebooks=ngettext("{count} notebook", "{count} notebooks", notebooks).format(
            count=notebooks),
        countries=ngettext("{count} country", "{count} countries", countries).format(
            count=countries),
        agenda=p.agenda.label, target=p.target))
    return 0


def _plan_or_error(cohort: str, out: Path) -> Plan:
    from ogp_curriculum.cohorts.build import plan

    try:
        return plan(Path(cohort), out)
    except InputError as error:
        raise UserError(str(error)) from None


def _build(args: argparse.Namespace) -> int:
    from ogp_curriculum.cohorts.build import build
    from ogp_curriculum.cohorts.execute import BuildError

    p = _plan_or_error(args.cohort, Path(args.out))
    for note in p.notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    try:
        target = build(p, workers=args.workers, progress=not args.no_progress)
    except BuildError as error:
        print(_("error: build failed, no pack written: {error}").format(error=error),
              file=sys.stderr)
        return 1
    print(_("Cohort pack: {target} (open {index}; handout {handout})").format(
        target=target, index=target / "book" / "index.html", handout=target / "handout.pdf"))
    return 0


def _links(args: argparse.Namespace) -> int:
    from ogp_curriculum.cohorts import links
    from ogp_curriculum.cohorts.definition import load_cohort
    from ogp_curriculum.cohorts.notebooks import read_info
    from ogp_curriculum.paths import repo_root

    root = repo_root()
    try:
        cohort = load_cohort(Path(args.cohort))
        titles = {entry: read_info(root, entry).title for entry in cohort.pages}
        learner = links.learner_links(cohort, root, titles)  # refuses a non-http(s) address
    except InputError as error:
        raise UserError(str(error)) from None
    # Markdown with every title escaped (the trainer pastes it into pages and e-mails).
    print(links.links_markdown(cohort, learner), end="")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cohort",
                                   help=_("cohort packs for national or regional cohorts"))
    commands = parser.add_subparsers(dest="cohort_command", required=True)

    check = commands.add_parser("check", help=_("validate a cohort file; writes nothing"))
    check.add_argument("cohort", help=_("data/cohorts/<name>.yml"))
    check.add_argument("--out", default="cohort-packs",
                       help=_("output folder (default %(default)s)"))
    check.set_defaults(func=_check)

    build = commands.add_parser("build", help=_("execute the notebooks and write the cohort pack"))
    build.add_argument("cohort", help=_("data/cohorts/<name>.yml"))
    build.add_argument("--out", default="cohort-packs",
                       help=_("output folder (default %(default)s)"))
    build.add_argument("--workers", type=int, default=2,
                       help=_("notebooks run at once (default 2)"))
    build.add_argument("--no-progress", action="store_true", help=_("hide the progress bar"))
    build.set_defaults(func=_build)

    link = commands.add_parser("links", help=_("print nbgitpuller (JupyterHub) and Binder links"))
    link.add_argument("cohort", help=_("data/cohorts/<name>.yml"))
    link.set_defaults(func=_links)
