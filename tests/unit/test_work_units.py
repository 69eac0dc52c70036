"""How tests are shared among xdist workers (tests/work_units.py)."""

from __future__ import annotations

from pathlib import Path

from ogp_curriculum.paths import repo_root

import work_units  # tests/work_units.py

PAGES = "tests/browser/test_every_page.py"


def test_a_file_is_one_unit_and_each_page_of_the_survey_is_one() -> None:
    assert work_units.work_unit("tests/unit/test_x.py::test_a[1]") == "tests/unit/test_x.py"
    assert work_units.work_unit("tests/unit/test_x.py::test_b") == "tests/unit/test_x.py"
    assert work_units.work_unit(f"{PAGES}::test_a[en/intro.html]") == f"{PAGES}[en/intro.html]"
    assert work_units.work_unit(f"{PAGES}::test_b[en/intro.html]") == f"{PAGES}[en/intro.html]"
    assert work_units.work_unit(f"{PAGES}::test_control") == PAGES


def test_units_stay_together_heavy_files_first() -> None:
    ids = [
        "tests/unit/test_fast.py::test_1",
        f"{PAGES}::test_load[en/a.html]",
        f"{PAGES}::test_load[en/b.html]",
        f"{PAGES}::test_axe[en/a.html]",
        f"{PAGES}::test_axe[en/b.html]",
        "tests/unit/test_fast.py::test_2",
        "tests/hub/test_hub.py::test_hub",
    ]
    heavy = set(ids[1:5]) | {ids[6]}
    assert work_units.ordered(ids, heavy) == [
        "tests/hub/test_hub.py::test_hub",
        f"{PAGES}::test_load[en/a.html]",
        f"{PAGES}::test_axe[en/a.html]",
        f"{PAGES}::test_load[en/b.html]",
        f"{PAGES}::test_axe[en/b.html]",
        "tests/unit/test_fast.py::test_1",
        "tests/unit/test_fast.py::test_2",
    ]


def test_a_renamed_per_parameter_file_is_reported(tmp_path: Path) -> None:
    assert work_units.missing_per_parameter_files(repo_root()) == []
    assert work_units.missing_per_parameter_files(tmp_path) == list(
        work_units.ONE_UNIT_PER_PARAMETER
    )
