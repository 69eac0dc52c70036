"""``python -m ogp_curriculum i18n ...``: one group for the translation commands.

Each command lives with its code and adds itself with ``register_cli(i18n_subparsers)``; list
its module in ``_COMMANDS`` (one line each, so parallel additions merge cleanly).
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

_COMMANDS: tuple[str, ...] = (
    "ogp_curriculum.i18n.notebooks",
    "ogp_curriculum.i18n.trainer_yaml",
    "ogp_curriculum.i18n.status",
    "ogp_curriculum.i18n.update",
)


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "i18n",
        help="translations: French and Spanish notebooks, catalogues, trainer YAML",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    i18n = group.add_subparsers(dest="i18n_command", required=True)
    for name in _COMMANDS:
        importlib.import_module(name).register_cli(i18n)
