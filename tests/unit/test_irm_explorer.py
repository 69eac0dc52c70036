"""The explorer's state machine (exhaustively) and its thin widget view."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from ogp_curriculum import charts
from ogp_curriculum.irm.explorer import (
    ALL,
    AVERAGE,
    RATINGS,
    SELECTION,
    Explorer,
    ExplorerState,
    profile_chart,
)


@pytest.fixture(scope="module")
def explorer() -> Explorer:
    return Explorer()


def test_default_state_is_everything(explorer: Explorer) -> None:
    update = explorer.update(ExplorerState())
    assert len(update.table) == 1927
    counts = update.counts.set_index(["group", "level"])["count"]
    assert counts[(SELECTION, "Transformative")] == 284
    assert counts[(SELECTION, "None")] == 102 and counts[(SELECTION, "ND")] == 195


def test_every_rating_and_level_filters_consistently(explorer: Explorer) -> None:
    for rating in RATINGS:
        state = explorer.set(ExplorerState(), rating=rating)
        totals = 0
        for level in explorer.level_options(state)[1:]:
            chosen = explorer.set(state, level=level)
            n = len(explorer.filtered(chosen))
            totals += n
            selected = explorer.counts(chosen).query("group == @SELECTION")
            assert selected["count"].sum() == n
        assert totals == 1927, rating


def test_every_region_country_and_plan_combination(explorer: Explorer) -> None:
    for region in explorer.region_options():
        state = explorer.set(ExplorerState(), region=region)
        countries = [v for _, v in explorer.country_options(state)][1:]
        in_region = sum(len(explorer.filtered(explorer.set(state, country=c)))
                        for c in countries)
        assert in_region == len(explorer.filtered(state))
        for country in countries:
            cstate = explorer.set(state, country=country)
            plans = explorer.action_plan_options(cstate)[1:]
            assert sum(len(explorer.filtered(explorer.set(cstate, action_plan=p)))
                       for p in plans) == len(explorer.filtered(cstate))


def test_every_tag_filters(explorer: Explorer) -> None:
    for tag in explorer.tag_options()[1:]:
        assert len(explorer.filtered(explorer.set(ExplorerState(), tag=tag))) > 0, tag
    pb = explorer.set(ExplorerState(), tag="Participatory Budgeting")
    assert len(explorer.filtered(pb)) == 13


def test_incompatible_choices_reset(explorer: Explorer) -> None:
    state = explorer.set(ExplorerState(), country="CRI", action_plan="CRI-1")
    moved = explorer.set(state, region="Europe")
    assert (moved.country, moved.action_plan) == (ALL, ALL)
    other = explorer.set(explorer.set(ExplorerState(), level="Transformative"),
                         rating="completion_progress")
    assert other.level == ALL


@pytest.mark.parametrize("change", [{"country": "FRA"}, {"rating": "beauty"},
                                    {"tag": "Nope"}, {"region": "Mars"},
                                    {"action_plan": "CRI-9"}, {"colour": "red"}])
def test_bad_choices_are_refused(explorer: Explorer, change: dict) -> None:
    with pytest.raises(ValueError):
        explorer.set(ExplorerState(), **change)


def test_chart_embeds_aggregates_only_and_is_accessible(explorer: Explorer) -> None:
    chart = explorer.update(explorer.set(ExplorerState(), country="PHL")).chart
    spec = chart.to_dict()
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert len(rows) <= 2 * 8
    assert set(rows[0]) == {"level", "group", "count", "share_pct"}
    assert "short_title" not in json.dumps(spec)
    assert "PHL" in charts.title_text(spec)
    assert "Transformative" in spec["description"]
    assert spec["encoding"]["x"]["title"] and spec["encoding"]["y"]["title"]
    assert spec["config"]["range"]["category"][0] == "#E69F00"
    groups = {r["group"] for r in rows}
    assert groups == {SELECTION, AVERAGE}


def test_profile_chart() -> None:
    spec = profile_chart("CRI").to_dict()
    assert "OGP average" in spec["description"] and charts.title_text(spec)
    assert len([r for rows in spec["datasets"].values() for r in rows]) == 16


def test_save_csv_writes_where_asked_and_keeps_existing(explorer: Explorer,
                                                       tmp_path: Path) -> None:
    state = explorer.set(ExplorerState(), country="CRI")
    target = explorer.save_csv(state, tmp_path / "cri.csv")
    assert len(pd.read_csv(target)) == 23
    with pytest.raises(FileExistsError):
        explorer.save_csv(state, target)
    explorer.save_csv(explorer.set(state, level="Transformative"), target, overwrite=True)
    assert len(pd.read_csv(target)) == 3
    with pytest.raises(FileNotFoundError):
        explorer.save_csv(state, tmp_path / "missing" / "x.csv")
    assert explorer.save_csv(state, tmp_path).name == "irm_selection.csv"


def test_saved_csv_shows_formulas_as_text(tmp_path: Path) -> None:
    """A title that starts like a formula (a trainer's own table may hold anything) is saved as
    text; the other cells and the row count are unchanged."""
    from ogp_curriculum.irm.explorer import csv_document

    table = pd.DataFrame({"id": ["A-1", "A-2", "A-3"],
                          "short_title": ['=HYPERLINK("http://x.test","click")',
                                          "@SUM(A1)", "Open contracting"],
                          "year_submitted": pd.array([2016, None, 2018], dtype="Int64")})
    target = tmp_path / "out.csv"
    target.write_text(csv_document(table), encoding="utf-8")
    back = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert list(back["short_title"]) == ['\'=HYPERLINK("http://x.test","click")', "'@SUM(A1)",
                                         "Open contracting"]
    assert list(back["year_submitted"]) == ["2016", "", "2018"]
    assert list(back["id"]) == ["A-1", "A-2", "A-3"]


def test_a_failed_save_keeps_the_file_that_was_there(explorer: Explorer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from ogp_curriculum.irm import explorer as module

    target = tmp_path / "kept.csv"
    target.write_text("earlier work\n", encoding="utf-8")

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "atomic_write", full_disk)
    with pytest.raises(OSError):
        explorer.save_csv(ExplorerState(), target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "earlier work\n"


def test_view_follows_widgets_and_saves(explorer: Explorer, tmp_path: Path) -> None:
    from ogp_curriculum.irm.explorer_view import ExplorerView

    view = ExplorerView(explorer)
    view.region.value = "Americas"
    view.country.value = "CRI"
    assert view.state.country == "CRI" and view.last is not None
    assert len(view.last.table) == 23
    view.rating.value = "completion_progress"
    view.level.value = "Limited"
    assert len(view.last.table) == 13
    view.path.value = str(tmp_path / "limited.csv")
    view.save.click()
    assert "Saved 13 rows" in view.message.value
    assert len(pd.read_csv(tmp_path / "limited.csv")) == 13
    view.save.click()  # a second click must not replace the file silently
    assert view.message.value.startswith("Not saved")
    view.region.value = "Europe"  # the chosen country no longer fits
    assert view.country.value == ALL and view.state.country == ALL


def test_region_and_tag_filters_combine_as_an_intersection(explorer: Explorer) -> None:
    def ids(**changes: str) -> set[str]:
        return set(explorer.filtered(explorer.set(ExplorerState(), **changes))["id"])

    everything = ids()
    tagged = ids(tag="Open Data")
    assert tagged and tagged < everything, "the tag filter must keep some rows and drop some"
    for region in explorer.region_options():
        assert ids(region=region, tag="Open Data") == ids(region=region) & tagged, region
    assert ids(region=ALL, tag=ALL) == everything


def test_table_shows_status_codes_not_blanks(explorer: Explorer) -> None:
    table = explorer.filtered(explorer.set(ExplorerState(), country="PHL"))
    row = table.set_index("id").loc["PHL-1-4"]
    assert row["potential_impact"] == "ND" and row["completion_progress"] == "Limited"
    assert table["potential_impact"].notna().all()
