"""Hostile inputs for every entry point that reads a file (issue 15, the input side).

One test per case. Each runs the real entry point -- the command line in-process, or the
package function a notebook calls -- and asserts the exit code (or the error), ONE line,
no traceback, the file and field named, and nothing written or left behind. Cases that
could hang or eat memory (a FIFO, /dev/zero, a YAML bomb, a deep scenario) run under a
deadline; two of them also run as real subprocesses.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
import yaml
from scenario_inputs import deep_scenario

from ogp_curriculum import cli
from ogp_curriculum.errors import InputError
from ogp_curriculum.outputs import md_inline
from ogp_curriculum.paths import data_dir

pytestmark = pytest.mark.hostile

DATA = data_dir()
MAX_LINE = 500  # an error line is short whatever the input held

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)
DEEP_YAML = "title: " + "[" * 400 + "]" * 400 + "\n"
RECURSIVE_YAML = "title: &a [*a]\n"
DEEP_JSON = "[" * 100_000 + "]" * 100_000


# --- helpers ----------------------------------------------------------------------------


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block blocks on a FIFO or loops."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds}s: the input layer blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with deadline(20):
        try:
            code = cli.main(argv)
        except SystemExit as stop:  # argparse
            code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(code: int, err: str, expected: int, *words: str) -> None:
    assert code == expected, err
    lines = err.splitlines()
    assert len(lines) == 1, err[:2000]
    assert "Traceback" not in err
    assert len(lines[0]) <= MAX_LINE
    for word in words:
        assert word in lines[0], lines[0]


def api_error(action: Callable[[], object], *words: str) -> InputError:
    with deadline(20), pytest.raises(InputError) as caught:
        action()
    text = str(caught.value)
    assert "\n" not in text and len(text) <= MAX_LINE
    for word in words:
        assert word in text, text
    return caught.value


# The ways one file can be hostile, each a function writing it at ``path``.
def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "gone-away")


def _latin1(path: Path) -> None:
    path.write_bytes("title: Participación\n".encode("latin-1"))


def _too_large(path: Path) -> None:
    path.write_bytes(b"# " + b"x" * (3 * 1024 * 1024) + b"\n")


FILE_KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "not a regular file"),
    "dev-zero": (_dev_zero, "not a regular file"),
    "folder": (_folder, "a folder"),
    "dangling-symlink": (_dangling, "no such"),
    "not-utf8": (_latin1, "not UTF-8"),
    "too-large": (_too_large, "too large"),
}
YAML_KINDS: dict[str, tuple[str, str, str]] = {
    # text, words of the error, the row named (the bomb: the anchor where it passes the bound)
    "bomb": (BOMB, "YAML aliases", "row 6"),
    "deep": (DEEP_YAML, "nested too deeply", "row 1"),
    "recursive-alias": (RECURSIVE_YAML, "recursive YAML alias", "row 1"),
    "python-tag": ('title: !!python/object/apply:os.system ["echo hacked"]\n',
                   "could not determine a constructor", "row 1"),
}


@pytest.fixture()
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def where(command: str, row: str) -> str:
    """Quizzes say "line 3" where the other definitions say "row 3"."""
    return row.replace("row", "line") if command == "quiz" else row


def duplicated(text: str) -> tuple[str, str, int]:
    """``text`` with its first top-level key repeated at the end: (text, key, its line)."""
    key = next(iter(yaml.safe_load(text)))
    lines = text.rstrip("\n").split("\n")
    return "\n".join([*lines, f"{key}: again"]) + "\n", str(key), len(lines) + 1


# --- trainer YAML through the command line ----------------------------------------------

SCENARIO = (DATA / "scenarios" / "national_eprocurement.yml").read_text(encoding="utf-8")
QUIZ = (DATA / "quizzes" / "01_welcome.yml").read_text(encoding="utf-8")
COHORT = (DATA / "cohorts" / "francophone-africa.yml").read_text(encoding="utf-8")
OPTIONS = (DATA / "reflections" / "options.yaml").read_text(encoding="utf-8")
WORKSHEET = (DATA / "worksheets" / "everyday_political_analysis.yml").read_text(encoding="utf-8")

COMMANDS: dict[str, tuple[list[str], str, str]] = {
    # name: (argv before the file, a valid file's text, the file name to use)
    "scenario": (["scenario", "validate"], SCENARIO, "scenario.yml"),
    "quiz": (["quiz", "check"], QUIZ, "quiz.yml"),
    "cohort": (["cohort", "check"], COHORT, "cohort.yml"),
    "options": (["reflections", "options"], OPTIONS, "options.yaml"),
}


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_refuses_odd_files(command: str, kind: str, work: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    argv, _, name = COMMANDS[command]
    make, words = FILE_KINDS[kind]
    target = work / name
    make(target)
    before = tree(work)
    code, _, err = run([*argv, str(target)], capsys)
    assert_one_line(code, err, 2, str(target), words)
    assert tree(work) == before


@pytest.mark.parametrize("kind", sorted(YAML_KINDS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_refuses_hostile_yaml(command: str, kind: str, work: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    argv, _, name = COMMANDS[command]
    text, words, row = YAML_KINDS[kind]
    target = work / name
    target.write_text(text, encoding="utf-8")
    before = tree(work)
    code, _, err = run([*argv, str(target)], capsys)
    assert_one_line(code, err, 2, str(target), words, where(command, row))
    assert tree(work) == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_refuses_duplicate_keys(command: str, work: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    argv, valid, name = COMMANDS[command]
    text, key, line = duplicated(valid)
    target = work / name
    target.write_text(text, encoding="utf-8")
    code, _, err = run([*argv, str(target)], capsys)
    assert_one_line(code, err, 2, str(target), where(command, f"row {line}"),
                    f"duplicate key '{key}'")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_accepts_a_byte_order_mark(command: str, work: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    argv, valid, name = COMMANDS[command]
    target = work / name
    target.write_bytes(b"\xef\xbb\xbf" + valid.encode("utf-8"))
    code, out, err = run([*argv, str(target)], capsys)
    assert code == 0, err
    assert "ok" in out


def test_scenario_duplicate_scene_is_refused(work: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # The example: a second 'intro:' scene silently replaced the first.
    text = SCENARIO.replace("\nscenes:\n", "\nscenes:\n  intro:\n    text: first\n", 1)
    target = work / "scenario.yml"
    target.write_text(text, encoding="utf-8")
    code, _, err = run(["scenario", "validate", str(target)], capsys)
    assert_one_line(code, err, 2, str(target), "duplicate key 'intro'")


def test_scenario_long_value_is_cut_in_the_message(work: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(SCENARIO)
    data["id"] = "Not An Id " * 20_000  # 200 KB: jsonschema would copy it all
    target = work / "scenario.yml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, width=10**9), encoding="utf-8")
    code, _, err = run(["scenario", "validate", str(target)], capsys)
    assert_one_line(code, err, 2, str(target), "field 'id'", "does not match")


def test_scenario_errors_come_in_file_order(work: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(SCENARIO)
    data["title"] = 5  # near the top of the file
    first = next(iter(data["scenes"]))
    data["scenes"][first]["text"] = 7  # further down
    target = work / "scenario.yml"
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = run(["scenario", "validate", str(target)], capsys)
    assert code == 2 and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 2
    assert "field 'title'" in lines[0] and f"scenes.{first}.text" in lines[1]


def test_deep_valid_scenario_validates_quickly(work: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = work / "deep.yml"
    target.write_text(yaml.safe_dump(deep_scenario(64), sort_keys=False), encoding="utf-8")
    with deadline(10):
        code, out, err = run(["scenario", "validate", str(target)], capsys)
    assert code == 0, err
    assert "130 scenes" in out and err == ""


# The same files in process: test_cli_refuses_odd_files and test_cli_refuses_hostile_yaml.
@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
@pytest.mark.parametrize("case", ["fifo", "bomb"])
def test_real_process_does_not_hang(case: str, tmp_path: Path) -> None:
    target = tmp_path / "scenario.yml"
    if case == "fifo":
        os.mkfifo(target)
    else:
        target.write_text(BOMB, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ogp_curriculum", "scenario", "validate", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert_one_line(done.returncode, done.stderr, 2, str(target))
    assert done.stdout == ""


def test_cohort_accepts_decomposed_country_names(work: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    decomposed = unicodedata.normalize("NFD", "Côte d'Ivoire")
    assert decomposed != "Côte d'Ivoire"
    target = work / "cohort.yml"
    target.write_text(COHORT.replace("CIV", f'"{decomposed}"'), encoding="utf-8")
    code, out, err = run(["cohort", "check", str(target)], capsys)
    assert code == 0, err
    assert "3 countries" in out


# --- the worksheet definition (read by the notebook, no command) -------------------------


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_worksheet_definition_refuses_odd_files(kind: str, work: Path) -> None:
    from ogp_curriculum.tools.worksheet import load_definition

    make, words = FILE_KINDS[kind]
    target = work / "worksheet.yml"
    make(target)
    before = tree(work)
    api_error(lambda: load_definition(target), str(target), words)
    assert tree(work) == before


@pytest.mark.parametrize("kind", [*sorted(YAML_KINDS), "duplicate"])
def test_worksheet_definition_refuses_hostile_yaml(kind: str, work: Path) -> None:
    from ogp_curriculum.tools.worksheet import load_definition

    target = work / "worksheet.yml"
    if kind == "duplicate":
        text, key, line = duplicated(WORKSHEET)
        words = (f"row {line}", f"duplicate key '{key}'")
    else:
        text, word, row = YAML_KINDS[kind]
        words = (row, word)
    target.write_text(text, encoding="utf-8")
    api_error(lambda: load_definition(target), str(target), *words)


# --- hand-in folders: one bad file never stops the plenary -------------------------------

GOOD = (DATA / "reflections" / "demo_cohort" / "harbour-group-fictional.json").read_bytes()


def _huge_answer(path: Path) -> None:
    document = json.loads(GOOD)
    document["prompts"]["resonance"] = "x" * (50 * 1024 * 1024)
    path.write_text(json.dumps(document), encoding="utf-8")


def _deep_json(path: Path) -> None:
    path.write_text(DEEP_JSON, encoding="utf-8")


def _unreadable(path: Path) -> None:
    path.write_bytes(GOOD.replace(b"Harbour", b"Other"))
    path.chmod(0)
    if os.geteuid() == 0:
        # root reads every file: make this one path refuse, as it would for a trainer.
        real_open = os.open

        def refusing_open(file: object, *args: object, **kwargs: object) -> int:
            if Path(os.fsdecode(file)) == path:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

        _PATCHES.setattr(os, "open", refusing_open)


HAND_INS: dict[str, tuple[Callable[[Path], None], str]] = {
    "deep-json": (_deep_json, "nested too deeply"),
    "dangling-symlink": (_dangling, "no such"),
    "fifo": (_fifo, "not a regular file"),
    "dev-zero": (_dev_zero, "not a regular file"),
    "answer-50mb": (_huge_answer, "too large"),
    "not-utf8": (_latin1, "not UTF-8"),
    "folder-named-json": (_folder, "a folder"),
    "unreadable": (_unreadable, "permission denied"),
}
# A folder among the hand-ins is reported but harmless; every other case is a problem.
HARMLESS = {"folder-named-json"}
_PATCHES = pytest.MonkeyPatch()


@pytest.fixture(autouse=True)
def _undo_patches() -> Iterator[None]:
    yield
    _PATCHES.undo()


def hand_in_folder(root: Path, kind: str) -> tuple[Path, Path]:
    folder = root / "hand-ins"
    folder.mkdir()
    (folder / "good.json").write_bytes(GOOD)
    bad = folder / "bad.json"
    HAND_INS[kind][0](bad)
    return folder, bad


@pytest.mark.parametrize("kind", sorted(HAND_INS))
def test_validate_skips_and_reports_each_bad_hand_in(
    kind: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, bad = hand_in_folder(work, kind)
    before = tree(work)
    code, out, err = run(["reflections", "validate", str(folder)], capsys)
    if kind in HARMLESS:
        assert code == 0 and err == ""
    else:
        assert_one_line(code, err, 1, str(folder), "cannot be used")
    assert "Traceback" not in out
    skipped = [line for line in out.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1 and bad.name in skipped[0] and HAND_INS[kind][1] in skipped[0]
    assert all(len(line) <= MAX_LINE for line in out.splitlines())
    assert "1 usable, 1 skipped" in out
    assert tree(work) == before


@pytest.mark.parametrize("kind", sorted(HAND_INS))
def test_report_goes_on_past_a_bad_hand_in(
    kind: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, bad = hand_in_folder(work, kind)
    out_dir = work / "report"
    before = tree(work)
    code, out, err = run(["reflections", "report", str(folder), "--out", str(out_dir)],
                         capsys)
    assert code == 0, err
    assert "Traceback" not in out + err
    written = tree(work) - before
    assert written and all(name.startswith("report") for name in written)
    report = (out_dir / "reflections_report.md").read_text(encoding="utf-8")
    assert md_inline(bad.name) in report  # named, Markdown-escaped like all file names there
    assert len(report) < 1_000_000  # the 50 MB answer is not copied into the report


def test_a_byte_order_mark_hand_in_is_used(work: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = work / "hand-ins"
    folder.mkdir()
    (folder / "notepad.json").write_bytes(b"\xef\xbb\xbf" + GOOD)
    code, out, err = run(["reflections", "validate", str(folder)], capsys)
    assert code == 0, err
    assert "1 usable, 0 skipped" in out


def test_reflections_folder_that_is_a_file(work: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = work / "hand-ins"
    target.write_text("not a folder", encoding="utf-8")
    code, _, err = run(["reflections", "validate", str(target)], capsys)
    assert_one_line(code, err, 2, str(target), "no such folder")


# --- saved progress files (read by the notebooks' Load buttons) --------------------------


def _power_map_load(path: Path) -> object:
    from ogp_curriculum.tools.power_map import PowerMap

    return PowerMap.load(path)


def _worksheet_load(path: Path) -> object:
    from ogp_curriculum.tools.worksheet import Worksheet

    sheet = Worksheet()
    sheet.load(path)
    return sheet


def _ambition_load(path: Path) -> object:
    from ogp_curriculum.tools.ambition import AmbitionCheck

    check = AmbitionCheck()
    check.load(path)
    return check


def _scenario_resume(path: Path) -> object:
    from ogp_curriculum.scenarios import ScenarioRun, load_scenario

    run_ = ScenarioRun(load_scenario(DATA / "scenarios" / "national_eprocurement.yml"))
    return run_.load(path)


SAVED: dict[str, Callable[[Path], object]] = {
    "power-map": _power_map_load,
    "worksheet": _worksheet_load,
    "ambition": _ambition_load,
    "scenario-resume": _scenario_resume,
}
SAVED_KINDS = {**FILE_KINDS, "deep-json": (_deep_json, "nested too deeply")}


@pytest.mark.parametrize("kind", sorted(SAVED_KINDS))
@pytest.mark.parametrize("reader", sorted(SAVED))
def test_saved_progress_refuses_hostile_files(reader: str, kind: str, work: Path) -> None:
    make, words = SAVED_KINDS[kind]
    target = work / "saved.json"
    make(target)
    before = tree(work)
    api_error(lambda: SAVED[reader](target), str(target), words)
    assert tree(work) == before


def test_saved_progress_with_a_byte_order_mark_loads(work: Path) -> None:
    from ogp_curriculum.tools.worksheet import Worksheet

    sheet = Worksheet()
    sheet.set_subject("Budget reform")
    saved = sheet.save(work / "answers.json")
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes())
    again = Worksheet()
    again.load(saved)
    assert again.subject == "Budget reform"


# --- IRM tables ---------------------------------------------------------------------------

SHIPPED_COMMITMENTS = DATA / "irm" / "commitments_2016.csv"


def _edited_table(root: Path, column: str, value: str) -> Path:
    frame = pd.read_csv(SHIPPED_COMMITMENTS, dtype=str, keep_default_na=False)
    frame.loc[3, column] = value
    target = root / "commitments.csv"
    frame.to_csv(target, index=False)
    return target


@pytest.mark.parametrize(("column", "value", "words"), [
    ("year_submitted", "1850", "out of range"),
    ("year_submitted", "-5", "out of range"),
    ("report_year_progress", "3016", "out of range"),
    ("action_plan_number", "0", "out of range"),
    ("iso3", "ZZZ", "no such iso3 in the countries table"),
    ("potential_impact", "Huge", "unknown value"),
], ids=["year-1850", "year-negative", "report-year-3016", "plan-0", "unknown-country",
        "unknown-rating"])
def test_irm_loader_refuses_impossible_values(column: str, value: str, words: str,
                                              work: Path) -> None:
    from ogp_curriculum.irm import load_commitments

    target = _edited_table(work, column, value)
    error = api_error(lambda: load_commitments(target), str(target), "row 5",
                      f"field '{column}'", words, repr(value))
    assert (error.row, error.field) == (5, column)


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_irm_loader_refuses_odd_files(kind: str, work: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from ogp_curriculum import inputs
    from ogp_curriculum.irm import load_commitments

    make, words = FILE_KINDS[kind]
    target = work / "commitments.csv"
    # The real limit is 50 MB; a 1 MB limit keeps the case fast and tests the same code.
    monkeypatch.setattr(inputs, "TABLE_LIMIT", 1024 * 1024)
    make(target)
    before = tree(work)
    api_error(lambda: load_commitments(target), str(target), words)
    assert tree(work) == before


def test_irm_loader_accepts_a_byte_order_mark(work: Path) -> None:
    from ogp_curriculum.irm import load_commitments

    target = work / "commitments.csv"
    target.write_bytes(b"\xef\xbb\xbf" + SHIPPED_COMMITMENTS.read_bytes())
    assert len(load_commitments(target)) == len(load_commitments())


def test_copies_of_shipped_files_stay_valid(work: Path) -> None:
    # Guard for the table above: the valid baselines really are valid.
    shutil.copy(SHIPPED_COMMITMENTS, work / "c.csv")
    from ogp_curriculum.irm import load_commitments

    assert len(load_commitments(work / "c.csv")) > 1000


@pytest.mark.parametrize(("cell", "words"), [
    # The csv module's field limit refuses it, unless a library (frictionless) raised that
    # limit in this process; then the note's own length check does. Either names the file.
    ("x" * 200_000, "map.csv"),
    ("²", "field 'influence'"),
    ("9" * 5000, "field 'influence'"),
], ids=["huge-cell", "superscript-digit", "5000-digit-number"])
def test_power_map_csv_refuses_odd_cells(cell: str, words: str, work: Path) -> None:
    from ogp_curriculum.tools.power_map import PowerMap

    target = work / "map.csv"
    if words.startswith("field"):  # a bad number
        target.write_text(f"name,influence,stance,note\nA,{cell},2,hi\n", encoding="utf-8")
    else:
        target.write_text(f"name,influence,stance,note\nA,3,2,{cell}\n", encoding="utf-8")
    api_error(lambda: PowerMap.load(target), str(target), words)


# --- translations of trainer YAML (i18n check-yaml, and the loaders under OGP_LANG) --------


@pytest.fixture()
def translation(work: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the French translation of a quiz goes, beside a copy of the English quiz."""
    data = work / "data"
    (data / "quizzes").mkdir(parents=True)
    (data / "quizzes" / "01_welcome.yml").write_text(QUIZ, encoding="utf-8")
    target = data / "i18n" / "fr" / "quizzes" / "01_welcome.yml"
    target.parent.mkdir(parents=True)
    monkeypatch.setenv("OGP_CURRICULUM_DATA", str(data))
    monkeypatch.delenv("OGP_LANG", raising=False)
    return target


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_translation_check_refuses_odd_files(kind: str, translation: Path, work: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    make, words = FILE_KINDS[kind]
    make(translation)
    before = tree(work)
    code, _, err = run(["i18n", "check-yaml", str(translation)], capsys)
    assert_one_line(code, err, 2, str(translation), "(fr)", words)
    assert tree(work) == before


@pytest.mark.parametrize("kind", sorted(YAML_KINDS))
def test_translation_check_refuses_hostile_yaml(kind: str, translation: Path, work: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text, words, row = YAML_KINDS[kind]
    translation.write_text(text, encoding="utf-8")
    before = tree(work)
    code, _, err = run(["i18n", "check-yaml", str(translation)], capsys)
    line = row.split()[1]
    assert_one_line(code, err, 2, f"{translation}:{line} (fr)", words)
    assert tree(work) == before


def test_translation_check_refuses_duplicate_keys(translation: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text, key, line = duplicated(QUIZ)
    translation.write_text(text, encoding="utf-8")
    code, _, err = run(["i18n", "check-yaml", str(translation)], capsys)
    assert_one_line(code, err, 2, f"{translation}:{line} (fr)", f"duplicate key '{key}'")


def test_translation_check_accepts_a_byte_order_mark(translation: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    # An untranslated copy passes only where texts are short; here every text is English, so
    # the check must refuse long ones but not the byte-order mark.
    translation.write_bytes(b"\xef\xbb\xbf" + QUIZ.encode("utf-8"))
    code, _, err = run(["i18n", "check-yaml", str(translation)], capsys)
    assert code == 2 and "BOM" not in err and "UTF-8" not in err
    assert all("the same as the English" in line for line in err.splitlines())


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "bomb", "recursive-alias"])
def test_loader_refuses_a_hostile_translation(kind: str, translation: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ogp_curriculum import quiz

    if kind in FILE_KINDS:
        FILE_KINDS[kind][0](translation)
        words = FILE_KINDS[kind][1]
    else:
        translation.write_text(YAML_KINDS[kind][0], encoding="utf-8")
        words = YAML_KINDS[kind][1]
    monkeypatch.setenv("OGP_LANG", "fr")
    api_error(lambda: quiz.load("01_welcome"), str(translation), "(fr)", words)
