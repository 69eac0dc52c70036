"""The book build's Sphinx jobs and the extension that lets Sphinx read in parallel."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ogp_curriculum import build_speed


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("1", 1)])
def test_the_environment_sets_the_jobs(monkeypatch: pytest.MonkeyPatch, value: str,
                                       expected: int) -> None:
    monkeypatch.setenv(build_speed.JOBS_ENV, value)
    assert build_speed.jobs() == expected


@pytest.mark.parametrize("value", ["", "0", "-2", "two", "1.5"])
def test_anything_else_means_the_usable_cpus(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(build_speed.JOBS_ENV, value)
    assert build_speed.jobs() == len(os.sched_getaffinity(0))


class _App:
    """Just what setup() touches: the extensions Sphinx has loaded."""

    def __init__(self) -> None:
        self.extensions: dict[str, Any] = {}
        self.handlers: list[tuple[str, Any, int]] = []

    def connect(self, event: str, handler: Any, priority: int = 500) -> None:
        self.handlers.append((event, handler, priority))

    def setup_extension(self, name: str) -> None:
        if name == "sphinx_external_toc":
            self.extensions[build_speed.MULTITOC] = SimpleNamespace(
                parallel_read_safe=None, parallel_write_safe=None
            )


def test_setup_declares_multitoc_numbering_parallel_safe() -> None:
    app = _App()
    assert build_speed.setup(app)["parallel_read_safe"] is True
    multitoc = app.extensions[build_speed.MULTITOC]
    assert multitoc.parallel_read_safe is True and multitoc.parallel_write_safe is True
    # The cache is made after MyST-NB's builder-inited handler (priority 500) sets its path.
    assert ("builder-inited", build_speed.create_execution_cache, 900) in app.handlers


def test_registered_pybtex_plugins_are_found_without_scanning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pybtex import plugin

    assert build_speed.register_pybtex_plugins() > 0

    def no_scan(**_: Any) -> Any:
        raise AssertionError("pybtex scanned the entry points again")

    monkeypatch.setattr(plugin, "entry_points", no_scan)
    for group, name in [("pybtex.style.formatting", "plain"), ("pybtex.backends", "plaintext"),
                        ("pybtex.style.labels", "alpha")]:
        assert plugin.find_plugin(group, name).__module__.startswith("pybtex.")


@pytest.mark.parametrize(("mode", "created"), [("cache", True), ("off", False)])
def test_the_execution_cache_exists_before_parallel_reading(tmp_path: Path, mode: str,
                                                             created: bool) -> None:
    cache = tmp_path / ".jupyter_cache"
    config = SimpleNamespace(execution_mode=mode, execution_cache_path=str(cache))
    build_speed.create_execution_cache(SimpleNamespace(env=SimpleNamespace(mystnb_config=config)))
    assert (cache / "global.db").is_file() is created
