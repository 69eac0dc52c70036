"""``python -m ogp_curriculum irm derive``: rebuild data/irm/ from ../shared/irm/."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError, UserError
from ..i18n import _
from . import derive


def register(subparsers: argparse._SubParsersAction) -> None:
    irm = subparsers.add_parser("irm", help=_("IRM data: derive the tidy tables"))
    commands = irm.add_subparsers(dest="irm_command", required=True)
    run = commands.add_parser("derive", help=_("derive data/irm/ from the raw IRM files"))
    run.add_argument("--source", type=Path, default=None,
                     help=_("folder of the raw files (default: ../shared/irm)"))
    run.add_argument("--out", type=Path, default=None,
                     help=_("output folder (default: data/irm)"))
    run.set_defaults(func=_derive)


def _derive(args: argparse.Namespace) -> int:
    try:
        written = derive.derive(args.source, args.out)
    except InputError as error:
        raise UserError(str(error)) from None
    for path in written:
        print(path)
    return 0
