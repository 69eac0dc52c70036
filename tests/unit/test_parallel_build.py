"""The book build's Sphinx jobs and the extension that lets Sphinx read in parallel."""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any

import pytest

from ogp_curriculum import parallel_build


@pytest.mark.parametrize(("value", "expected"), [("3", 3), ("1", 1)])
def test_the_environment_sets_the_jobs(monkeypatch: pytest.MonkeyPatch, value: str,
                                       expected: int) -> None:
    monkeypatch.setenv(parallel_build.JOBS_ENV, value)
    assert parallel_build.jobs() == expected


@pytest.mark.parametrize("value", ["", "0", "-2", "two", "1.5"])
def test_anything_else_means_the_usable_cpus(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(parallel_build.JOBS_ENV, value)
    assert parallel_build.jobs() == len(os.sched_getaffinity(0))


class _App:
    """Just what setup() touches: the extensions Sphinx has loaded."""

    def __init__(self) -> None:
        self.extensions: dict[str, Any] = {}

    def setup_extension(self, name: str) -> None:
        if name == "sphinx_external_toc":
            self.extensions[parallel_build.MULTITOC] = SimpleNamespace(
                parallel_read_safe=None, parallel_write_safe=None
            )


def test_setup_declares_multitoc_numbering_parallel_safe() -> None:
    app = _App()
    assert parallel_build.setup(app)["parallel_read_safe"] is True
    multitoc = app.extensions[parallel_build.MULTITOC]
    assert multitoc.parallel_read_safe is True and multitoc.parallel_write_safe is True
