"""Every ``python -m ogp_curriculum...`` command, found by reading the package, given a wrong
argument and ``--help``.

The list is not written here: any module with a ``__main__.py`` or an
``if __name__ == "__main__":`` block is a command someone can type, so a new one is checked
the day it is added. A wrong argument must end the command at once with exit code 2 and a
line that names the argument, never a traceback and never a server or a build that starts on
a folder that is not there.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from ogp_curriculum.paths import repo_root

pytestmark = pytest.mark.hostile

PACKAGE = repo_root() / "src" / "ogp_curriculum"
MAIN_BLOCK = re.compile(r"^if __name__ == [\"']__main__[\"']:", re.MULTILINE)
# A command that has not answered by then is waiting for something (a server serving a
# folder that is not there): the failure says so instead of hanging the suite.
DEADLINE_S = 60
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


def run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([sys.executable, "-m", module, *args], capture_output=True,
                              text=True, timeout=DEADLINE_S, cwd=repo_root(), check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"python -m {module} {' '.join(args)} still running after {DEADLINE_S} s")


def test_the_package_has_commands_to_check() -> None:
    """Control for the discovery: the commands the README documents are among those found."""
    assert {"ogp_curriculum", "ogp_curriculum.book", "ogp_curriculum.site",
            "ogp_curriculum.site.serve"} <= set(COMMANDS), COMMANDS


@pytest.mark.parametrize("module", COMMANDS)
def test_a_wrong_argument_is_refused_in_a_line_naming_it(module: str) -> None:
    done = run(module, MISSING)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    last = done.stderr.strip().splitlines()[-1]
    assert MISSING in last, done.stderr


@pytest.mark.parametrize("module", COMMANDS)
def test_help_answers_and_exits(module: str) -> None:
    done = run(module, "--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower(), done.stdout[:500]
