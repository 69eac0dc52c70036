"""``python -m ogp_curriculum slides build --out DIR``: the opening deck, offline, with its PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ogp_curriculum.i18n import _
from ogp_curriculum.site.vendor import VendorError
from ogp_curriculum.slides import SlidesError, build


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("slides", help=_("build the trainers' slide decks"))
    commands = parser.add_subparsers(dest="slides_command", required=True)
    build_cmd = commands.add_parser(
        "build", help=_("a self-contained folder: the reveal.js deck, its vendor files, its PDF")
    )
    build_cmd.add_argument("--out", type=Path, default=Path("slides"), help=_("default: ./slides"))
    build_cmd.add_argument("--deck", default="opening_presentation", help=_("trainers/slides/NAME"))
    build_cmd.add_argument("--no-pdf", action="store_true", help=_("skip the chromium PDF"))
    build_cmd.set_defaults(func=_build)


def _build(args: argparse.Namespace) -> int:
    try:
        written = build(args.out, name=args.deck, pdf=not args.no_pdf)
    except (SlidesError, VendorError) as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
