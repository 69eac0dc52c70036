"""``python -m ogp_curriculum i18n update [--check]``: catalogues in step with the English.

The package's own catalogue (strings made by code) is updated too, with ``pybabel`` as
``babel.cfg`` describes; its freshness is tested in tests/unit/test_i18n_code.py.


Authors edit only the English. This extracts the pages' messages the way the book is built
(Jupyter Book's Sphinx with the ``gettext`` builder, notebooks not run) and merges them into
``locales/<lang>/LC_MESSAGES/<page>.po`` with ``sphinx-intl``: new messages arrive empty,
changed ones arrive fuzzy with their old translation (Sphinx shows fuzzy ones in English).
``--check`` changes nothing and lists the catalogues whose messages differ from the English.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from ogp_curriculum.book import jupyter_book
from ogp_curriculum.book_config import derived_config
from ogp_curriculum.errors import UserError
from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.i18n.catalogues import read_catalogue
from ogp_curriculum.paths import repo_root

TIMEOUT = 600


def _gettext_config(source: Path, folder: Path) -> Path:
    """``_config.yml`` without notebook execution: extraction needs the Markdown only."""
    return derived_config(source, folder / "_config.yml", {"execute": {"execute_notebooks": "off"}})


def extract_templates(source: Path, folder: Path) -> Path:
    """Write the pages' ``.pot`` templates under ``folder``; return where they are."""
    command = [
        jupyter_book(),
        "build",
        str(source),
        "--builder",
        "custom",
        "--custom-builder",
        "gettext",
        "--config",
        str(_gettext_config(source, folder)),
        "--path-output",
        str(folder),
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=source, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise UserError(f"extracting the pages' messages took over {TIMEOUT} s") from None
    templates = folder / "_build" / "gettext"
    if result.returncode != 0 or not templates.is_dir():
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise UserError(f"extracting the pages' messages failed: {tail[0]}")
    return templates


def _messages(path: Path) -> set[str]:
    return {str(m.id) for m in read_catalogue(path) if m.id}


def stale_catalogues(source: Path, templates: Path, languages: list[str]) -> list[str]:
    """One line per catalogue whose messages are not exactly its page's English messages."""
    lines = []
    for pot in sorted(templates.rglob("*.pot")):
        page = pot.relative_to(templates).with_suffix(".po")
        english = _messages(pot)
        for language in languages:
            po = source / "locales" / language / "LC_MESSAGES" / page
            if not po.is_file():
                lines.append(f"{po}: missing")
                continue
            have = _messages(po)
            new, gone = len(english - have), len(have - english)
            if new or gone:
                lines.append(f"{po}: {new} new English message(s), {gone} no longer in the page")
    return lines


def _merge(templates: Path, source: Path, languages: list[str]) -> None:
    command = [
        sys.executable,
        "-m",
        "sphinx_intl",
        "update",
        "-p",
        str(templates),
        "-d",
        str(source / "locales"),
        "-w",
        "0",
    ]
    for language in languages:
        command += ["-l", language]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if result.returncode != 0:
        raise UserError(f"sphinx-intl update failed: {result.stderr.strip()[-300:]}")


def update_package_catalogues(source: Path) -> None:
    """The package's strings (code and notebooks' code cells): ``pybabel`` as ``babel.cfg`` says."""
    locales = source / "src" / "ogp_curriculum" / "locales"
    template = locales / "ogp_curriculum.pot"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    steps = [
        [*pybabel, "extract", "-F", str(source / "babel.cfg"), "-k", "N_", "-k", "NP_:1c,2",
         "--no-location", "--sort-output", "--no-wrap", "-o", str(template),
         str(source / "src" / "ogp_curriculum"), str(source / "modules"),
         str(source / "exercises")],
        [*pybabel, "update", "-i", str(template), "-d", str(locales), "-D", "ogp_curriculum",
         "--no-fuzzy-matching", "--no-wrap"],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True, cwd=source,
                                timeout=TIMEOUT, check=False)
        if result.returncode != 0:
            raise UserError(f"pybabel {step[3]} failed: {result.stderr.strip()[-300:]}")


def _command(args: argparse.Namespace) -> int:
    source = Path(args.root).resolve() if args.root else repo_root()
    languages = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
    with tempfile.TemporaryDirectory(prefix="ogp-gettext-") as folder:
        templates = extract_templates(source, Path(folder))
        stale = stale_catalogues(source, templates, languages)
        if args.check:
            for line in stale:
                print(line)
            print(f"{len(stale)} catalogue(s) out of step with the English")
            return 1 if stale else 0
        _merge(templates, source, languages)
    update_package_catalogues(source)
    print(
        f"updated {len(stale)} catalogue(s); translate the empty and fuzzy messages, then run "
        "`python -m ogp_curriculum i18n status`"
    )
    return 0


def register_cli(i18n: argparse._SubParsersAction) -> None:
    """``i18n update`` (the group is made by :mod:`ogp_curriculum.i18n.cli`)."""
    update = i18n.add_parser(
        "update", help="bring the pages' catalogues in step with the English (sphinx-intl)"
    )
    update.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a catalogue is out of step"
    )
    update.add_argument("--root", help="the book's folder (default: this repository)")
    update.set_defaults(func=_command)
