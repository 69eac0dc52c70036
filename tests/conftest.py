"""Suite-wide fixture: one strict build of the real book per test run.

Shared helpers live in the package (``ogp_curriculum.book``), not here: the browser tests have
a conftest of their own, and two modules named ``conftest`` cannot both be imported by name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromium_browser  # tests/chromium_browser.py
import pytest
from filelock import FileLock

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.paths import repo_root

import work_units  # tests/work_units.py


def _build_once(
    tmp_path_factory: pytest.TempPathFactory, language: str = SOURCE_LANGUAGE
) -> dict[str, object]:
    """The suite's one strict build of the real book in ``language`` (once across xdist
    workers); each language reuses its own execution cache from earlier runs."""
    # xdist workers share one run id; without xdist this process is the whole run. Keying the
    # record on it stops a later run from reusing an earlier run's (stale or failed) build.
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"pid{os.getpid()}")
    shared = tmp_path_factory.getbasetemp().parent / f"built_book-{run_id}"
    shared.mkdir(exist_ok=True)
    suffix = "" if language == SOURCE_LANGUAGE else f"-{language}"
    record = shared / f"built_book{suffix}.json"
    # One lock per language: each builds into its own folders (book.language_build_dir), so
    # two xdist workers can build two languages at once.
    with FileLock(str(shared / f"built_book{suffix}.lock")):
        if not record.exists():
            # Imported here: nbformat brings jsonschema (~1 s of CPU), which the xdist
            # controller would otherwise import before it starts any worker.
            from ogp_curriculum.book import build_book

            result = build_book(repo_root(), language=language)
            log = shared / f"built_book{suffix}.log"
            log.write_text(result.stdout + result.stderr, encoding="utf-8")
            record.write_text(json.dumps({"returncode": result.returncode, "log": str(log)}))
    outcome: dict[str, object] = json.loads(record.read_text())
    return outcome


def _languages_for_this_worker(languages: tuple[str, ...] | list[str]) -> list[str]:
    """``languages`` rotated by xdist worker number: two workers that both need every language
    start on different ones (each has its own lock), so they build two at once instead of one
    waiting on the other."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    shift = int(worker) % len(languages) if worker.isdigit() and languages else 0
    return list(languages[shift:]) + list(languages[:shift])


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The log of the suite's one build of the book (in the repository), passed or not.

    For checks that report per notebook (tests/test_executed_notebooks.py) from the build's
    execution cache and log; everything else uses ``built_book``.
    """
    outcome = _build_once(tmp_path_factory)
    return Path(str(outcome["log"])).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def book_build_logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each language's build log (the same one build per language), passed or not."""
    logs = {}
    for language in _languages_for_this_worker(LANGUAGES):
        outcome = _build_once(tmp_path_factory, language)
        logs[language] = Path(str(outcome["log"])).read_text(encoding="utf-8")
    return logs


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML of the suite's one strict build of the real book; fails if the build failed."""
    outcome = _build_once(tmp_path_factory)
    if outcome["returncode"] != 0:
        tail = Path(str(outcome["log"])).read_text(encoding="utf-8")[-6000:]
        pytest.fail(f"the book build failed (exit {outcome['returncode']}):\n{tail}")
    return repo_root() / "_build" / "html"


@pytest.fixture(scope="session")
def built_translations(
    tmp_path_factory: pytest.TempPathFactory, built_book: Path
) -> dict[str, Path]:
    """The HTML of the suite's one strict build per translation (``_build/html/<lang>/``),
    after the English one; fails if any build failed."""
    from ogp_curriculum.book import site_dir

    sites = {}
    for language in _languages_for_this_worker([lang for lang in LANGUAGES
                                               if lang != SOURCE_LANGUAGE]):
        outcome = _build_once(tmp_path_factory, language)
        if outcome["returncode"] != 0:
            tail = Path(str(outcome["log"])).read_text(encoding="utf-8")[-6000:]
            pytest.fail(f"the {language} book build failed (exit {outcome['returncode']}):\n{tail}")
        sites[language] = site_dir(repo_root(), language)
    return sites


# Module scope, not session: while Playwright's sync API runs, its asyncio loop runs in this
# thread, and a later test on the same worker that calls asyncio.run() would fail. Each module
# closes its browser before the worker's next module starts.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium under Playwright, for every test module that drives a browser."""
    with chromium_browser.launched() as instance:
        yield instance


# --- hang protection -----------------------------------------------------------------------

# pyproject.toml gives every test `timeout = 300` (pytest-timeout, fixtures included). A test
# that builds the book, executes notebooks or drives chromium may be the one that pays for
# the suite's shared book build, so it gets this budget unless it sets its own mark.
HEAVY_TIMEOUT = 1800
HEAVY_MARKS = ("book", "notebooks", "browser", "slow")


# Everything under these folders drives chromium: marked here so no file can forget it (one did,
# and its deck tests ran in the fast tier). tryfirst: before `-m` deselects by marker.
BROWSER_FOLDERS = ("browser", "hub")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    for item in items:
        folder = item.path.relative_to(tests).parts[0] if item.path.is_relative_to(tests) else ""
        if folder in BROWSER_FOLDERS and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
        heavy = any(item.get_closest_marker(mark) for mark in HEAVY_MARKS)
        if heavy and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(HEAVY_TIMEOUT))
    missing = work_units.missing_per_parameter_files(repo_root())
    if missing:
        raise pytest.UsageError(f"tests/work_units.py names files that do not exist: {missing}")
    # Each unit's tests together, heavy units first (tests/work_units.py), with or without xdist.
    by_id = {item.nodeid: item for item in items}
    heavy = {item.nodeid for item in items
             if any(item.get_closest_marker(mark) for mark in HEAVY_MARKS)}
    items[:] = [by_id[nodeid] for nodeid in work_units.ordered(list(by_id), heavy)]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist hands out tests/work_units.py's units in the order collection left them."""
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_units.work_unit(nodeid)

    config.option.loadscopereorder = False  # keep our order, not "most tests first"
    return ByWorkUnit(config, log)
