"""Saving never loses answers: atomic writes, versions, concurrency, crashes, disk errors."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ogp_curriculum import files
from ogp_curriculum.errors import InputError
from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.form import ReflectionForm
from ogp_curriculum.reflections.schema import empty_reflection
from ogp_curriculum.reflections.synthesis import read_folder

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def doc(group: str = "Group A", text: str = "first") -> dict:
    d = empty_reflection(group)
    d["prompts"]["resonance"] = text
    return d


def current(folder: Path, group: str = "Group A") -> dict:
    return json.loads(storage.group_file(folder, group).read_text(encoding="utf-8"))


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(storage.TEMP_SUFFIX)]


# --- basics ------------------------------------------------------------------------------
def test_group_slug_is_safe_and_readable() -> None:
    assert storage.group_slug("Grupo Sur / Región 2") == "grupo-sur-region-2"
    assert storage.group_slug("../../etc/passwd") == "etc-passwd"
    assert storage.group_slug("<script>") == "script"
    assert storage.group_slug("!!!") == "group"


def test_save_writes_one_file_per_group_and_a_version(tmp_path: Path) -> None:
    result = storage.save_reflection(tmp_path, doc(), now=T0)
    assert result.path == tmp_path / "group-a.json"
    assert current(tmp_path)["prompts"]["resonance"] == "first"
    assert current(tmp_path)["saved_at"] == "2026-11-20T10:00:00+00:00"
    assert result.version_path.parent == tmp_path / "versions"
    assert json.loads(result.version_path.read_text()) == current(tmp_path)
    assert no_temp_files(tmp_path)


def test_earlier_versions_are_kept_not_overwritten(tmp_path: Path) -> None:
    for minute, text in enumerate(["one", "two", "three"]):
        storage.save_reflection(tmp_path, doc(text=text), now=T0 + timedelta(minutes=minute))
    versions = storage.list_versions(tmp_path, "Group A")
    texts = [json.loads(p.read_text())["prompts"]["resonance"] for p in versions]
    assert texts == ["one", "two", "three"]
    assert current(tmp_path)["prompts"]["resonance"] == "three"


def test_same_second_saves_get_distinct_versions(tmp_path: Path) -> None:
    storage.save_reflection(tmp_path, doc(text="a"), now=T0)
    storage.save_reflection(tmp_path, doc(text="b"), now=T0)
    assert len(storage.list_versions(tmp_path, "Group A")) == 2


def test_reload_returns_what_was_saved(tmp_path: Path) -> None:
    storage.save_reflection(tmp_path, doc(text="résumé <b>"), now=T0)
    loaded = storage.load_group(tmp_path, "  group   a ")
    assert loaded is not None and loaded["prompts"]["resonance"] == "résumé <b>"
    assert storage.load_group(tmp_path, "Group B") is None


def test_invalid_answers_never_touch_the_disk(tmp_path: Path) -> None:
    storage.save_reflection(tmp_path, doc(), now=T0)
    bad = doc(text="second")
    bad["level"] = "galactic"
    with pytest.raises(InputError, match="field 'level'"):
        storage.save_reflection(tmp_path, bad, now=T0)
    assert current(tmp_path)["prompts"]["resonance"] == "first"
    assert len(storage.list_versions(tmp_path, "Group A")) == 1


def test_two_groups_sharing_a_slug_cannot_replace_each_other(tmp_path: Path) -> None:
    storage.save_reflection(tmp_path, doc("Group A"), now=T0)
    with pytest.raises(storage.SaveError, match="already holds the answers of group 'Group A'"):
        storage.save_reflection(tmp_path, doc("group-a!"), now=T0)
    assert current(tmp_path)["group"] == "Group A"


def test_default_folder_is_under_home() -> None:
    assert storage.default_folder().is_relative_to(Path.home())


# --- concurrency: real processes ----------------------------------------------------------
SAVES_PER_GROUP = 15


def _group_worker(folder: str, index: int, barrier) -> None:
    barrier.wait()
    for n in range(SAVES_PER_GROUP):
        storage.save_reflection(folder, doc(f"Group {index}", text=f"g{index} save {n}"))


def _same_group_worker(folder: str, index: int, barrier) -> None:
    barrier.wait()
    storage.save_reflection(folder, doc("Shared group", text=f"writer {index}"))


def _run_all(target, folder: Path, n: int) -> None:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(n)
    workers = [context.Process(target=target, args=(str(folder), i, barrier)) for i in range(n)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * n


def test_ten_groups_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    _run_all(_group_worker, tmp_path, 10)
    for i in range(10):
        final = current(tmp_path, f"Group {i}")
        assert final["prompts"]["resonance"] == f"g{i} save {SAVES_PER_GROUP - 1}"
        texts = {
            json.loads(p.read_text())["prompts"]["resonance"]
            for p in storage.list_versions(tmp_path, f"Group {i}")
        }
        assert texts == {f"g{i} save {n}" for n in range(SAVES_PER_GROUP)}
    cohort = read_folder(tmp_path)
    assert len(cohort.submissions) == 10 and cohort.skipped == []
    assert no_temp_files(tmp_path)


def test_ten_writers_on_one_group_keep_every_version(tmp_path: Path) -> None:
    _run_all(_same_group_worker, tmp_path, 10)
    texts = sorted(
        json.loads(p.read_text())["prompts"]["resonance"]
        for p in storage.list_versions(tmp_path, "Shared group")
    )
    assert texts == sorted(f"writer {i}" for i in range(10))
    assert current(tmp_path, "Shared group")["prompts"]["resonance"] in texts


# --- a crash between the write and the rename ---------------------------------------------
CRASH_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from ogp_curriculum.reflections import storage
    from ogp_curriculum.reflections.schema import empty_reflection

    def die(*_args):  # the power goes out after the temp file is written and synced
        os.kill(os.getpid(), signal.SIGKILL)

    storage.os.replace = die
    d = empty_reflection("Group A")
    d["prompts"]["resonance"] = "second, never renamed"
    storage.save_reflection(sys.argv[1], d)
    """
)


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_a_crash_before_the_rename_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    storage.save_reflection(tmp_path, doc(text="first"), now=T0)
    before = storage.group_file(tmp_path, "Group A").read_bytes()
    run = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(tmp_path)], timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert storage.group_file(tmp_path, "Group A").read_bytes() == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(storage.TEMP_SUFFIX)]
    assert len(leftovers) == 1  # the complete new text is still recoverable by hand
    assert "second, never renamed" in leftovers[0].read_text()
    cohort = read_folder(tmp_path)
    assert [s.document["prompts"]["resonance"] for s in cohort.submissions] == ["first"]
    assert [s.reason for s in cohort.skipped] == ["temporary"]


def test_a_failed_rename_removes_its_temp_file(tmp_path: Path, monkeypatch) -> None:
    storage.save_reflection(tmp_path, doc(text="first"), now=T0)

    def fail(*_args):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(storage.os, "replace", fail)
    with pytest.raises(storage.SaveError, match="could not save"):
        storage.save_reflection(tmp_path, doc(text="second"), now=T0)
    assert current(tmp_path)["prompts"]["resonance"] == "first"
    assert no_temp_files(tmp_path)


# --- read-only folders and full disks -------------------------------------------------------
def _raise(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("call", "code", "reason", "words"),
    [
        ("mkstemp", errno.EACCES, "read-only", "read-only or you lack permission"),
        ("mkstemp", errno.EROFS, "read-only", "read-only or you lack permission"),
        ("fsync", errno.ENOSPC, "disk-full", "the disk is full"),
        ("fsync", errno.EDQUOT, "disk-full", "the disk is full"),
        ("replace", errno.EPERM, "read-only", "read-only or you lack permission"),
    ],
)
def test_os_errors_become_clear_messages_and_answers_stay(
    tmp_path: Path, monkeypatch, call: str, code: int, reason: str, words: str
) -> None:
    form = ReflectionForm(folder=tmp_path, clock=lambda: T0)
    form.set_group("Group A")
    form.set_prompt("resonance", "saved before the trouble")
    assert form.state == "saved"
    target = {"mkstemp": files.tempfile, "fsync": files.os, "replace": files.os}[call]
    monkeypatch.setattr(target, call, _raise(code))
    form.set_prompt("resonance", "typed while the disk failed")
    assert form.state == "error"
    assert words in form.message and "Your answers are still in the form" in form.message
    assert form.document["prompts"]["resonance"] == "typed while the disk failed"
    assert current(tmp_path)["prompts"]["resonance"] == "saved before the trouble"
    with pytest.raises(storage.SaveError) as caught:
        storage.save_reflection(tmp_path, form.document)
    assert caught.value.reason == reason
    monkeypatch.undo()
    assert no_temp_files(tmp_path)
    assert form.save()
    assert current(tmp_path)["prompts"]["resonance"] == "typed while the disk failed"


@contextmanager
def tmpfs(size_kb: int) -> Iterator[Path]:
    """A real, tiny file system (needs root and mount rights; skipped where unavailable)."""
    mount_point = Path(tempfile.mkdtemp(prefix="ogp-tmpfs-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mount_point)],
        capture_output=True, timeout=300,
    )
    if done.returncode != 0:
        mount_point.rmdir()
        pytest.skip("cannot mount a tmpfs here; the simulated OS errors above still ran")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False, timeout=300)
        mount_point.rmdir()


def test_a_really_full_disk(tmp_path: Path) -> None:
    with tmpfs(64) as disk:
        form = ReflectionForm(folder=disk / "reflections", clock=lambda: T0)
        form.set_group("Group A")
        assert form.state == "saved"
        filler = disk / "filler"
        with pytest.raises(OSError) as full, open(filler, "wb") as handle:
            while True:
                handle.write(b"x" * 4096)
                handle.flush()
        assert full.value.errno == errno.ENOSPC
        form.set_prompt("resonance", "x" * 8000)
        assert form.state == "error" and "the disk is full" in form.message
        assert form.document["prompts"]["resonance"] == "x" * 8000
        assert current(disk / "reflections")["prompts"]["resonance"] == ""
        filler.unlink()
        assert form.save()
        assert current(disk / "reflections")["prompts"]["resonance"] == "x" * 8000


def test_a_really_read_only_folder(tmp_path: Path) -> None:
    with tmpfs(256) as disk:
        form = ReflectionForm(folder=disk, clock=lambda: T0)
        form.set_group("Group A")
        remount = subprocess.run(
            ["mount", "-o", "remount,ro", str(disk)], capture_output=True, timeout=300
        )
        assert remount.returncode == 0, remount.stderr
        form.set_prompt("resonance", "typed on a read-only disk")
        assert form.state == "error" and "read-only" in form.message
        assert form.document["prompts"]["resonance"] == "typed on a read-only disk"
        form.set_folder(tmp_path)  # the learner picks another folder: the answers go there
        assert form.state == "saved"
        assert current(tmp_path)["prompts"]["resonance"] == "typed on a read-only disk"


# --- handing in files ---------------------------------------------------------------------
def test_add_files_never_replaces_and_skips_identical_copies(tmp_path: Path) -> None:
    a = json.dumps(doc("Group A", "one")).encode()
    b = json.dumps(doc("Group A", "two")).encode()
    first = storage.add_files(tmp_path, [("group-a.json", a), ("../../evil.json", b)])
    assert [r.message for r in first] == ["added as group-a.json", "added as evil.json"]
    again = storage.add_files(tmp_path, [("group-a.json", b), ("copy.json", a), ("notes.txt", a)])
    assert again[0].message == "already there as evil.json"
    assert again[1].message == "already there as group-a.json"
    assert again[2].path is None and "only .json" in again[2].message
    third = storage.add_files(tmp_path, [("group-a.json", b"{}")])
    assert third[0].message == "added as group-a.2.json"
    assert json.loads((tmp_path / "group-a.json").read_bytes()) == json.loads(a)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "evil.json",
        "group-a.2.json",
        "group-a.json",
    ]


def test_read_json_errors_are_readable(tmp_path: Path) -> None:
    broken = tmp_path / "cut.json"
    broken.write_text('{"kind": "ogp-curriculum/reflection",\n "group": "A', encoding="utf-8")
    with pytest.raises(InputError, match=r"cut.json, row 2: not valid JSON"):
        storage.read_json(broken)
    (tmp_path / "empty.json").write_text("  ")
    with pytest.raises(InputError, match="the file is empty"):
        storage.read_json(tmp_path / "empty.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8 text"):
        storage.read_json(tmp_path / "bin.json")


def test_paths_are_shown_without_the_machine_s_folders_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A built page must not show the build machine's home or temporary folders; what it shows
    # still leads back to the same folder when typed into the form.
    from ogp_curriculum.files import shown_path, typed_path

    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    assert shown_path(home / "ogp_reflections") == "~/ogp_reflections"
    assert shown_path(temp / "ogp-plenary-x" / "r.md") == "$TMPDIR/ogp-plenary-x/r.md"
    assert shown_path(tmp_path / "elsewhere") == str(tmp_path / "elsewhere")
    for folder in (home / "ogp_reflections", temp / "ogp-plenary-x", tmp_path / "elsewhere"):
        assert typed_path(shown_path(folder)) == folder
