"""The shared pieces every area uses: paths, errors, chart conventions and the CLI."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from ogp_curriculum import charts, cli, paths
from ogp_curriculum.errors import DefinitionError, InputError


def test_repo_root_holds_the_book() -> None:
    assert (paths.repo_root() / "_config.yml").is_file()
    assert paths.data_dir() == paths.repo_root() / "data"


def test_data_dir_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OGP_CURRICULUM_DATA", str(tmp_path))
    assert paths.data_dir() == tmp_path


def test_shared_dir_is_beside_the_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OGP_SHARED_DIR", raising=False)
    assert paths.shared_dir() == paths.repo_root().parent / "shared"


def test_input_error_names_file_row_field_and_value() -> None:
    error = InputError("unknown category", path="data/x.csv", field="impact", row=7, value="Huge")
    assert str(error) == "data/x.csv, row 7, field 'impact': unknown category (got 'Huge')"
    assert isinstance(DefinitionError("x"), InputError)
    assert str(InputError("plain")) == "plain"


def test_accessible_chart_carries_title_description_and_palette() -> None:
    data = pd.DataFrame({"rating": ["Minor", "Transformative"], "n": [3, 1]})
    chart = charts.accessible(
        alt.Chart(data).mark_bar().encode(x="rating:N", y="n:Q"),
        title="Ratings", description="Bar chart: 3 minor, 1 transformative.",
    )
    spec = chart.to_dict()
    assert spec["title"] == "Ratings"
    assert spec["description"].startswith("Bar chart")
    assert spec["config"]["range"]["category"] == list(charts.OKABE_ITO)
    assert spec["config"]["mark"]["color"] == charts.SINGLE_SERIES


@pytest.mark.parametrize("title,description", [("", "text"), ("Title", "  ")])
def test_chart_without_title_or_description_is_refused(title: str, description: str) -> None:
    with pytest.raises(ValueError, match="title and a text description"):
        charts.accessible(
            alt.Chart(pd.DataFrame()).mark_bar(), title=title, description=description
        )


def test_cli_reports_user_errors_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(_args: object) -> int:
        raise cli.UserError("data/cohorts/x.yml, field 'countries': must not be empty")

    def register(subparsers) -> None:  # type: ignore[no-untyped-def]
        subparsers.add_parser("demo").set_defaults(func=fail)

    monkeypatch.setattr(cli, "_AREAS", ("demo_area",))
    monkeypatch.setattr(cli.importlib, "import_module", lambda _name: type("M", (), {
        "register": staticmethod(register)}))
    assert cli.main(["demo"]) == 2
    err = capsys.readouterr().err
    assert err == "error: data/cohorts/x.yml, field 'countries': must not be empty\n"


def test_saved_files_round_trip_and_bad_ones_name_file_and_line(tmp_path: Path) -> None:
    from ogp_curriculum.files import save_text
    from ogp_curriculum.inputs import load_saved

    good = save_text(tmp_path / "deep" / "a.json", '{"format": "x/1", "n": 1}')
    assert load_saved(good, format_id="x/1", what="thing") == (good, {"format": "x/1", "n": 1})
    with pytest.raises(InputError, match=r"b\.json, row 2: not valid JSON"):
        load_saved(save_text(tmp_path / "b.json", '{\n  oops}'), format_id="x/1", what="thing")
    with pytest.raises(InputError, match=r"c\.json, field 'format': not a saved thing"):
        load_saved(save_text(tmp_path / "c.json", "[1]"), format_id="x/1", what="thing")
    with pytest.raises(InputError, match=r"missing\.json: no such thing"):
        load_saved(tmp_path / "missing.json", format_id="x/1", what="thing")


def test_long_titles_wrap_and_charts_fill_the_page_column_only_in_static_builds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A phone's column is about 330 px: a chart drawn wider would be shrunk, text and all."""
    data = pd.DataFrame({"a": ["x"], "n": [1]})
    title = "Where commitments stall: completion by ambition (IRM-assessed, 2016 data)"
    monkeypatch.setenv("OGP_STATIC_CHARTS", "1")
    spec = charts.accessible(alt.Chart(data).mark_bar(), title=title, description="d").to_dict()
    assert spec["width"] == "container"
    assert all(len(line) <= charts.TITLE_CHARS for line in spec["title"]["text"])
    assert charts.title_text(spec) == title
    assert spec["config"]["legend"]["orient"] == "bottom"
    assert spec["config"]["axisY"]["labelLimit"] == charts.LABEL_LIMIT
    faceted = alt.Chart(data).mark_bar().encode(y="n:Q", row="a:N")
    assert "width" not in charts.accessible(faceted, title="F", description="d").to_dict()
    monkeypatch.delenv("OGP_STATIC_CHARTS")
    live = charts.accessible(alt.Chart(data).mark_bar(), title="Short", description="d")
    assert "width" not in live.to_dict() and live.to_dict()["title"] == "Short"
