"""Every ``python -m ogp_curriculum...`` command, found by reading the package, given a wrong
argument and ``--help``.

The list is not written here: any module with a ``__main__.py`` or an
``if __name__ == "__main__":`` block is a command someone can type, so a new one is checked
the day it is added. A wrong argument must end the command at once with exit code 2 and a
line that names the argument, never a traceback and never a server or a build that starts on
a folder that is not there.

Each runs in this process as ``python -m`` runs it (``runpy``, ``__main__``), under a
deadline: a subprocess each would cost the fast tier a Python start-up per case.
"""

from __future__ import annotations

import re
import runpy
import sys
from dataclasses import dataclass

import pytest
from test_hostile_inputs import deadline

from ogp_curriculum.paths import repo_root

pytestmark = [
    pytest.mark.hostile,
    # runpy's note that the package imported the module before running it as __main__ (as
    # `python -m` would too, when ogp_curriculum/__init__ imports it): nothing to act on.
    pytest.mark.filterwarnings("ignore:.*found in sys.modules after import:RuntimeWarning"),
    # Jupyter Book 1's command line, imported here by ogp_curriculum.build_speed, on Click 8.2+.
    pytest.mark.filterwarnings("ignore:'BaseCommand' is deprecated:DeprecationWarning"),
]

PACKAGE = repo_root() / "src" / "ogp_curriculum"
MAIN_BLOCK = re.compile(r"^if __name__ == [\"']__main__[\"']:", re.MULTILINE)
# A command that has not answered by then is waiting for something (a server serving a
# folder that is not there): the failure says so instead of hanging the suite.
DEADLINE_S = 30
MISSING = "/nonexistent/ogp-no-such-file.po"


def module_commands() -> list[str]:
    """Dotted names of the package's runnable modules, from the source files."""
    found = set()
    for source in PACKAGE.rglob("*.py"):
        parts = source.relative_to(PACKAGE.parent).with_suffix("").parts
        if source.name == "__main__.py":
            found.add(".".join(parts[:-1]))
        elif MAIN_BLOCK.search(source.read_text(encoding="utf-8")):
            found.add(".".join(parts))
    return sorted(found)


COMMANDS = module_commands()


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def run(module: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        *args: str) -> Outcome:
    """``python -m module args`` in this process; a traceback fails the test."""
    monkeypatch.setattr(sys, "argv", [module, *args])
    monkeypatch.chdir(repo_root())
    code: object = 0
    with deadline(DEADLINE_S):
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as stop:
            code = stop.code
    out, err = capsys.readouterr()
    # sys.exit(None) is 0; sys.exit("text") prints the text and exits 1.
    return Outcome(0 if code is None else code if isinstance(code, int) else 1, out, err)


def test_the_package_has_commands_to_check() -> None:
    """Control for the discovery: the commands the README documents are among those found."""
    assert {"ogp_curriculum", "ogp_curriculum.book", "ogp_curriculum.site",
            "ogp_curriculum.site.serve"} <= set(COMMANDS), COMMANDS


@pytest.mark.parametrize("module", COMMANDS)
def test_a_wrong_argument_is_refused_in_a_line_naming_it(
    module: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run(module, capsys, monkeypatch, MISSING)
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    last = done.stderr.strip().splitlines()[-1]
    assert MISSING in last, done.stderr


@pytest.mark.parametrize("module", COMMANDS)
def test_help_answers_and_exits(module: str, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    done = run(module, capsys, monkeypatch, "--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower(), done.stdout[:500]
