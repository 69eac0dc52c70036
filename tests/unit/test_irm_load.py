"""Loaders return typed tables and turn each kind of bad input into one clear InputError."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from ogp_curriculum import paths
from ogp_curriculum.errors import InputError
from ogp_curriculum.irm import (
    load_action_plans,
    load_commitment_tags,
    load_commitments,
    load_countries,
    load_open_parliament,
    schema,
)

SHIPPED = paths.repo_root() / "data" / "irm" / "commitments_2016.csv"


def test_commitments_are_typed() -> None:
    df = load_commitments()
    assert len(df) == 1927 and df["id"].is_unique
    impact = df["potential_impact"]
    assert isinstance(impact.dtype, pd.CategoricalDtype) and impact.cat.ordered
    assert list(impact.cat.categories) == ["None", "Minor", "Moderate", "Transformative"]
    assert (impact == "None").sum() == 102  # the IRM category None is never lost
    assert str(df["year_submitted"].dtype) == "Int64"
    assert df["irm_assessed"].dtype == bool and df["irm_assessed"].sum() == 1857
    assert df["completion_progress"].cat.ordered
    assert list(df["diog"].cat.categories) == list(schema.DIOG)


def test_statuses_stay_distinct() -> None:
    df = load_commitments()
    status = df["potential_impact_status"].value_counts()
    assert (status["ND"], status["NR"], status["Unclear"]) == (195, 50, 7)
    completion = df["completion_progress_status"].value_counts()
    assert (completion["Withdrawn"], completion["NA"], completion["Unclear"]) == (20, 1, 49)
    # The two spellings "a. Not started" / "a. Not Started" became one label.
    assert (df["completion_progress"] == "Not started").sum() == 192
    assert (df["diog"] == "Did not change").sum() == 22


def test_siblings_load() -> None:
    assert len(load_action_plans()) == 116
    op = load_open_parliament()
    assert len(op) == 558 and op["potential_for_results"].cat.ordered
    assert (op["binding_constraint"] == "Potential impact").sum() == 226
    assert len(load_countries()) >= 61
    assert set(load_commitment_tags()["id"]) <= set(load_commitments()["id"])


def test_a_user_file_of_the_same_schema_loads(tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    shutil.copy(SHIPPED, target)
    assert load_commitments(target).equals(load_commitments())


def _edited(tmp_path: Path, edit) -> Path:
    frame = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False)
    frame = edit(frame)
    target = tmp_path / "edited.csv"
    frame.to_csv(target, index=False)
    return target


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_commitments(path)
    return caught.value


def test_missing_column(tmp_path: Path) -> None:
    error = _error(_edited(tmp_path, lambda f: f.drop(columns=["potential_impact"])))
    assert error.field == "potential_impact" and error.row == 1
    assert error.path and error.path.name == "edited.csv"


def test_renamed_column(tmp_path: Path) -> None:
    error = _error(_edited(tmp_path, lambda f: f.rename(
        columns={"potential_impact": "Potential impact"})))
    assert error.field == "potential_impact" and error.value == "Potential impact"
    assert "renamed" in str(error)


def test_unknown_category(tmp_path: Path) -> None:
    def edit(f: pd.DataFrame) -> pd.DataFrame:
        f.loc[4, "potential_impact"] = "Huge"
        return f
    error = _error(_edited(tmp_path, edit))
    assert (error.field, error.row, error.value) == ("potential_impact", 6, "Huge")
    assert "edited.csv, row 6, field 'potential_impact'" in str(error)


def test_duplicate_id(tmp_path: Path) -> None:
    def edit(f: pd.DataFrame) -> pd.DataFrame:
        f.loc[9, "id"] = f.loc[2, "id"]
        return f
    error = _error(_edited(tmp_path, edit))
    assert (error.field, error.row) == ("id", 11)
    assert "first on row 4" in str(error)


def test_non_numeric_year(tmp_path: Path) -> None:
    def edit(f: pd.DataFrame) -> pd.DataFrame:
        f.loc[0, "year_submitted"] = "2O12"
        return f
    error = _error(_edited(tmp_path, edit))
    assert (error.field, error.row, error.value) == ("year_submitted", 2, "2O12")


def test_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "empty.csv"
    target.write_bytes(b"")
    error = _error(target)
    assert "empty" in str(error) and error.path == target


def test_header_without_rows(tmp_path: Path) -> None:
    target = tmp_path / "header.csv"
    target.write_text(",".join(schema.COMMITMENTS.columns) + "\n", encoding="utf-8")
    assert "no rows" in str(_error(target))


def test_wrong_encoding(tmp_path: Path) -> None:
    def edit(f: pd.DataFrame) -> pd.DataFrame:
        f.loc[2, "short_title"] = "Participación ciudadana"
        return f
    source = _edited(tmp_path, edit)
    target = tmp_path / "latin1.csv"
    target.write_bytes(source.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    error = _error(target)
    assert "UTF-8" in str(error)
    assert (error.row, error.field) == (4, "short_title")


def test_rating_without_status_is_refused(tmp_path: Path) -> None:
    def edit(f: pd.DataFrame) -> pd.DataFrame:
        f.loc[0, "potential_impact_status"] = "ND"
        return f
    error = _error(_edited(tmp_path, edit))
    assert (error.field, error.row) == ("potential_impact", 2)
