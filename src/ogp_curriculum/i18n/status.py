"""``python -m ogp_curriculum i18n status``: per language, the share translated and reviewed.

Three layers, each counted where it lives (I18N.md): the book pages' Sphinx catalogues
(messages), the package's own catalogue (messages, once it exists) and the trainer YAML
(files, once ``data/i18n/<lang>/`` exists). Review is recorded as described in
:mod:`ogp_curriculum.i18n.catalogues`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.i18n.catalogues import (
    Coverage,
    book_catalogues,
    coverage,
    package_catalogue,
    yaml_coverage,
)
from ogp_curriculum.paths import repo_root


@dataclass(frozen=True)
class Row:
    language: str
    layer: str
    unit: str  # what `total` counts: messages or files
    coverage: Coverage


def status_rows(root: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Row]:
    """One row per language and layer that exists in ``root``."""
    rows = []
    for language in (code for code in languages if code != SOURCE_LANGUAGE):
        pages = book_catalogues(root, language)
        if pages:
            total = sum((coverage(path) for path in pages), Coverage(0, 0))
            rows.append(Row(language, "book pages", "messages", total))
        package = package_catalogue(root, language)
        if package.is_file():
            rows.append(Row(language, "package strings", "messages", coverage(package)))
        if (root / "data" / "i18n" / language).is_dir():
            rows.append(Row(language, "trainer YAML", "files", yaml_coverage(root, language)))
    return rows


def format_rows(rows: list[Row]) -> str:
    header = f"{'lang':<5} {'layer':<16} {'total':>12} {'translated':>11} {'reviewed':>9}"
    lines = [header]
    for row in rows:
        cov = row.coverage
        lines.append(
            f"{row.language:<5} {row.layer:<16} {f'{cov.total} {row.unit}':>12} "
            f"{cov.share:>10.1%} {cov.reviewed_share:>9.1%}"
        )
    if not rows:
        lines.append("(no translation catalogues found)")
    return "\n".join(lines)


def _cmd_status(args: argparse.Namespace) -> int:
    print(format_rows(status_rows(Path(args.root) if args.root else repo_root())))
    return 0


def register_cli(i18n: argparse._SubParsersAction) -> None:
    """``i18n status`` (the group is made by :mod:`ogp_curriculum.i18n.cli`)."""
    status = i18n.add_parser(
        "status", help="per language, the share of messages translated and reviewed"
    )
    status.add_argument("--root", help="the book's folder (default: this repository)")
    status.set_defaults(func=_cmd_status)
