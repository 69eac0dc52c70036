"""Test helper: run the project's command line in-process and judge its error line.

Shared by the CLI tests (tests/unit) and the hostile-output table (tests/hostile), which
expect the same thing of every refused input: exit code 2, nothing on stdout, and one line
on stderr that starts with ``error: `` and names what was wrong, never a traceback.
"""

from __future__ import annotations

import pytest

from ogp_curriculum import cli


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``ogp-curriculum ARGS`` in this process: (exit code, stdout, stderr)."""
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, out: str, err: str, *words: str) -> None:
    """A refused input: exit 2, no output, one ``error:`` line on stderr holding ``words``."""
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]
