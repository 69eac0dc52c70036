"""Bad cohort input: one line on stderr, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from cli_errors import assert_one_line_error, run_cli  # tests/cli_errors.py

from ogp_curriculum.cohorts import build as build_mod
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
_NAMES = {"philippines": "PHL", "phl": "PHL", "costa rica": "CRI", "bfa": "BFA"}

GOOD = {
    "name": "cli-cohort",
    "title": "CLI cohort",
    "countries": ["Philippines"],
    "language": "en",
    "include": ["01_welcome"],
    "facilitator": {"name": "A. Trainer (fictional)", "email": "a@example.org"},
}


@pytest.fixture
def standin_irm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(country_data, "resolve_country", lambda n: _NAMES.get(n.strip().lower()))
    monkeypatch.setattr(country_data, "countries_in_data", lambda: frozenset({"PHL", "CRI"}))
    monkeypatch.setattr(country_data, "country_profile", lambda iso3: pd.DataFrame({"n": [1]}))


def snapshot(folder: Path) -> dict[str, tuple[int, int]] | None:
    """Every path under ``folder`` with its size and mtime; None if it does not exist."""
    if not folder.exists():
        return None
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


BAD_CASES = {
    "unknown country": ({**GOOD, "countries": ["Philippines", "Narnia"]}, ["countries[1]",
                                                                          "unknown country"]),
    "empty country list": ({**GOOD, "countries": []}, ["field 'countries'", "at least one"]),
    "unknown module": ({**GOOD, "include": ["01_welcome", "08_nowhere"]}, ["include[1]",
                                                                           "unknown module"]),
    "malformed yaml": ("name: cli-cohort\ncountries: [Philippines\n", ["malformed YAML"]),
    "name escapes": ({**GOOD, "name": "../../outside"}, ["field 'name'", "escape"]),
    "wrong type (schema)": ({**GOOD, "scenario_overrides": "a string"},
                            ["field 'scenario_overrides'", "must be of type object"]),
    "wrong type (list)": ({**GOOD, "countries": "PHL"}, ["field 'countries'", "type array"]),
}  # fmt: skip


def _assert_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, case: str, out_exists: bool
) -> None:
    data, words = BAD_CASES[case]
    cohort = tmp_path / "cohort.yml"
    cohort.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "packs"
    if out_exists:
        (out / "earlier-pack").mkdir(parents=True)
        (out / "earlier-pack" / "manifest.json").write_text("{}", encoding="utf-8")
    before = snapshot(out)
    outside = snapshot(tmp_path)

    code, stdout, stderr = run_cli(capsys, "cohort", command, str(cohort), "--out", str(out))

    assert_one_line_error(code, stdout, stderr, str(cohort), *words)
    assert snapshot(out) == before
    assert snapshot(tmp_path) == outside


# The cases differ in what is wrong, so each has its own test. `build` is the command that
# could write; whether --out exists and `check` (same validation) are checked once each.
@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None, case: str
) -> None:
    _assert_refused(tmp_path, capsys, "build", case, out_exists=True)


def test_a_refused_build_creates_no_output_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None
) -> None:
    _assert_refused(tmp_path, capsys, "build", "unknown country", out_exists=False)


def test_check_refuses_bad_input_like_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None
) -> None:
    _assert_refused(tmp_path, capsys, "check", "unknown country", out_exists=True)


def test_wrong_type_for_a_declared_notebook_parameter(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    standin_irm: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A book whose only page declares `reflections_dir: str`; the cohort passes a number.
    book = tmp_path / "book"
    (book / "modules").mkdir(parents=True)
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: modules/plenary\n", encoding="utf-8"
    )
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('reflections_dir: str = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Plenary"), cell]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, book / "modules" / "plenary.ipynb")
    monkeypatch.setattr(build_mod, "repo_root", lambda: book)
    cohort = tmp_path / "cohort.yml"
    data = {**GOOD, "include": ["plenary"], "parameters": {"reflections_dir": 5}}
    cohort.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "packs"

    code, stdout, stderr = run_cli(capsys, "cohort", "build", str(cohort), "--out", str(out))

    assert_one_line_error(
        code,
        stdout,
        stderr,
        "field 'parameters.reflections_dir'",
        "modules/plenary.ipynb expects str, not int",
    )
    assert not out.exists()


def test_an_unknown_scenario_placeholder_is_caught_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None
) -> None:
    cohort = tmp_path / "cohort.yml"
    overrides = {"scenario_national_eprocurement": {"country": "Costa Rica", "mayor": "X"}}
    data = {**GOOD, "include": ["scenario_national_eprocurement"], "scenario_overrides": overrides}
    cohort.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "packs"

    code, stdout, stderr = run_cli(capsys, "cohort", "build", str(cohort), "--out", str(out))

    assert_one_line_error(
        code,
        stdout,
        stderr,
        "field 'scenario_overrides.scenario_national_eprocurement.mayor'",
        "'mayor' is not a placeholder of this scenario (it declares: ",
    )
    assert not out.exists()


def test_missing_cohort_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = run_cli(
        capsys, "cohort", "build", str(tmp_path / "nope.yml"), "--out", str(tmp_path / "packs")
    )
    assert_one_line_error(code, stdout, stderr, "no such cohort file")
    assert not (tmp_path / "packs").exists()


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    cohort = tmp_path / "broken.yml"
    cohort.write_text("name: x\ninclude: [01_welcome\n", encoding="utf-8")
    out = tmp_path / "packs"
    done = subprocess.run(
        [sys.executable, "-m", "ogp_curriculum", "cohort", "build", str(cohort), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False, timeout=300,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "row 3: malformed YAML" in done.stderr
    assert not out.exists()


def test_check_reports_notes_and_the_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None
) -> None:
    cohort = tmp_path / "cohort.yml"
    cohort.write_text(yaml.safe_dump({**GOOD, "countries": ["PHL", "BFA"]}), encoding="utf-8")
    out = tmp_path / "packs"
    code, stdout, stderr = run_cli(capsys, "cohort", "check", str(cohort), "--out", str(out))
    assert code == 0
    assert "ok (1 notebook, 2 countries" in stdout
    assert str(out / "cli-cohort") in stdout
    assert "note: BFA has no commitments in the 2016 IRM dataset" in stderr
    assert not out.exists()


def test_links_command_prints_both_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None
) -> None:
    cohort = tmp_path / "cohort.yml"
    data = {**GOOD, "learner_access": {"jupyterhub_url": "https://hub.example.org"}}
    cohort.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, stdout, _ = run_cli(capsys, "cohort", "links", str(cohort))
    assert code == 0
    row = next(line for line in stdout.splitlines() if "01_welcome" in line)
    assert "https://hub.example.org/hub/user-redirect/git-pull?repo=" in row
    assert "https://mybinder.org/v2/gh/" in row


def test_shipped_cohorts_pass_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The real country helpers accept every shipped cohort (and the regional note appears)."""
    paths = sorted((ROOT / "data" / "cohorts").glob("*.yml"))
    assert "francophone-africa" in {path.stem for path in paths}  # the regional note's case
    for path in paths:
        code, stdout, stderr = run_cli(capsys, "cohort", "check", str(path), "--out", str(tmp_path))
        assert code == 0, stderr
        if path.stem == "francophone-africa":
            assert "has no commitments in the 2016 IRM dataset" in stderr
