"""The shipped tables are exactly what the derivation makes from ../shared/irm, every time."""

from __future__ import annotations

import filecmp
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ogp_curriculum import paths
from ogp_curriculum.errors import InputError
from ogp_curriculum.irm import derive, schema

SHIPPED = paths.repo_root() / "data" / "irm"
RAW = paths.shared_dir() / "irm"
FILES = [t.filename for t in schema.TABLES.values()] + ["datapackage.json"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # CI has ../shared; its absence is a broken set-up, never a reason to skip.
    assert RAW.is_dir(), f"raw IRM data missing at {RAW}: the tests need ../shared/irm"
    out = tmp_path_factory.mktemp("irm")
    derive.derive(RAW, out)
    return out


@pytest.mark.parametrize("name", FILES)
def test_committed_tables_equal_a_fresh_derivation(fresh: Path, name: str) -> None:
    assert filecmp.cmp(SHIPPED / name, fresh / name, shallow=False), (
        f"data/irm/{name} differs from a fresh derivation: run "
        "`python -m ogp_curriculum irm derive` and commit"
    )


def test_rerun_is_byte_identical(fresh: Path, tmp_path: Path) -> None:
    derive.derive(RAW, tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (fresh / name).read_bytes(), name


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_cli_derives_into_the_folder_given(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ogp_curriculum", "irm", "derive", "--source", str(RAW),
         "--out", str(tmp_path)], capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES)


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_cli_reports_a_missing_source_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ogp_curriculum", "irm", "derive", "--source",
         str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "irm_commitments_2016.csv" in result.stderr and "not found" in result.stderr


def test_a_changed_source_is_refused(tmp_path: Path) -> None:
    for name in derive.SOURCES:
        (tmp_path / name).write_bytes((RAW / name).read_bytes())
    with (tmp_path / derive.RAW_PROCESS).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    with pytest.raises(InputError, match="differs from the documented source"):
        derive.derive_all(tmp_path)


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_frictionless_validate_passes() -> None:
    tool = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(tool), "validate", str(SHIPPED / "datapackage.json")],
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_datapackage_documents_every_field_and_credits_its_sources() -> None:
    """What a reader needs beyond the tables: each field explained, each source pinned, and
    the attribution the book tells readers to use (intro and About the data say it too)."""
    package = json.loads((SHIPPED / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            # Frictionless's own field types; a description, not a bare label.
            assert field["type"] in {"string", "integer", "number", "boolean", "date",
                                     "year"}, field
            assert len(field["description"].split()) >= 2, (resource["name"], field["name"])
    for source in package["sources"]:
        assert re.fullmatch(r"[0-9a-f]{7,40}", source["commit"]), source
        assert source["path"] == (f"https://github.com/{source['repository']}/blob/"
                                  f"{source['commit']}/{source['file']}")
    attribution = package["attribution"]
    assert "CC BY 4.0" in attribution and package["licenses"][0]["name"] == "CC-BY-4.0"
    root = paths.repo_root()
    intro = " ".join((root / "intro.md").read_text(encoding="utf-8").split())
    about = (root / "reference" / "about_data.md").read_text(encoding="utf-8")
    assert f'"{attribution}"' in intro
    assert f"**Attribution:** {attribution}." in about


def test_datapackage_hashes_are_the_raw_files_hashes() -> None:
    """The recorded sha256 of each source is the hash of the raw file itself, not a copy."""
    package = json.loads((SHIPPED / "datapackage.json").read_text(encoding="utf-8"))
    actual = {hashlib.sha256((RAW / name).read_bytes()).hexdigest() for name in derive.SOURCES}
    assert {s["sha256"] for s in package["sources"]} == actual


def test_no_full_texts_or_contact_fields_are_shipped() -> None:
    banned = ("full_text", "contact", "lead_institution", "supporting", "email", "telephone")
    for table in schema.TABLES.values():
        for column in table.columns:
            assert not any(word in column for word in banned), column
    for name in ("commitments_2016.csv", "open_parliament_2024.csv"):
        titles = pd.read_csv(SHIPPED / name, dtype=str, keep_default_na=False)["short_title"]
        assert titles.str.len().max() <= 160, name  # short titles, never full texts
