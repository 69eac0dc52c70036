"""How the suite's tests are shared among pytest-xdist workers (used by tests/conftest.py).

A test file is one unit of work, as with ``--dist loadfile``: its module fixtures (a server, a
browser) start once. In the files of ``ONE_UNIT_PER_PARAMETER`` each parameter set is a unit
of its own: tests/browser/test_every_page.py runs every check of one page on that page's one
visit, and its pages spread over all the workers. Units are handed out heavy ones first, so
that no long unit starts last and keeps one worker busy after the others have finished.
"""

from __future__ import annotations

from pathlib import Path

ONE_UNIT_PER_PARAMETER = ("tests/browser/test_every_page.py",)


def missing_per_parameter_files(root: Path) -> list[str]:
    """Listed files that do not exist (a rename would quietly make them one slow unit)."""
    return [path for path in ONE_UNIT_PER_PARAMETER if not (root / path).is_file()]


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to, from its id (all the xdist controller sees)."""
    path, _, rest = nodeid.partition("::")
    if path in ONE_UNIT_PER_PARAMETER and rest.endswith("]") and "[" in rest:
        return f"{path}[{rest[rest.index('[') + 1:-1]}]"
    return path


def ordered(nodeids: list[str], heavy: set[str]) -> list[str]:
    """``nodeids`` with each unit's tests together in their own order, units ranked: whole
    files holding a ``heavy`` test (live servers, a hub, builds), then per-parameter units
    holding one, then the rest; collection order within a rank."""
    units: dict[str, list[str]] = {}
    for nodeid in nodeids:
        units.setdefault(work_unit(nodeid), []).append(nodeid)

    def rank(unit: str) -> int:
        if not any(nodeid in heavy for nodeid in units[unit]):
            return 2
        return 1 if unit != units[unit][0].partition("::")[0] else 0

    return [nodeid for unit in sorted(units, key=rank) for nodeid in units[unit]]
