"""A full disk: irm derive and the plenary report fail in one line and keep the previous files.

The disk is a small tmpfs mounted for the test. Mounting needs root (CI runs as root); where
it is impossible the tests skip, except under CI (``CI`` set), where they must run.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ogp_curriculum import cli
from ogp_curriculum.paths import data_dir, shared_dir
from ogp_curriculum.reflections.synthesis import demo_folder

pytestmark = pytest.mark.hostile


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs at ``tmp_path/disk``, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False, timeout=60,
    ) if shutil.which("mount") else None
    if done is None or done.returncode != 0:
        reason = "cannot mount a tmpfs here: " + (done.stderr.strip() if done else "no mount")
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI runs as root: the disk-full test must never skip there
        pytest.skip(reason)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False, timeout=60)


def fill(disk: Path) -> Path:
    """Fill the disk until the kernel refuses another byte."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)  # unbuffered: nothing is left to flush on close
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob(".*")]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_disk_full_line(code: int, err: str, folder: Path) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert str(folder) in lines[0] and "the disk is full" in lines[0]
    assert "in the form" not in lines[0]  # spoken to the trainer, not the learner


def test_irm_derive_on_a_full_disk_keeps_the_previous_tables(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (shared_dir() / "irm").is_dir(), "the raw IRM data (../shared/irm) is needed"
    out = small_disk / "irm"
    shutil.copytree(data_dir() / "irm", out)
    before = snapshot(out)
    filler = fill(small_disk)

    code, _, err = run(capsys, "irm", "derive", "--out", str(out))

    assert_disk_full_line(code, err, out)
    assert snapshot(out) == before  # no table truncated, none replaced
    assert leftovers(small_disk) == []
    # With room again, the same command writes the same tables.
    filler.unlink()
    code, _, err = run(capsys, "irm", "derive", "--out", str(out))
    assert code == 0, err
    assert snapshot(out) == before and leftovers(small_disk) == []


def test_irm_derive_on_a_full_disk_leaves_no_new_folder(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(small_disk)
    out = small_disk / "new" / "irm"
    code, _, err = run(capsys, "irm", "derive", "--out", str(out))
    assert_disk_full_line(code, err, out)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_a_report_on_a_full_disk_keeps_the_previous_report(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "plenary"
    code, _, err = run(capsys, "reflections", "report", str(demo_folder()), "--out", str(out))
    assert code == 0, err
    before = snapshot(out)
    fill(small_disk)

    code, _, err = run(capsys, "reflections", "report", str(demo_folder()), "--out", str(out),
                       "--title", "A second run")

    assert_disk_full_line(code, err, out)
    assert snapshot(out) == before  # all three files as they were: none half-written
    assert leftovers(small_disk) == []
