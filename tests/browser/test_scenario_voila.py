"""A real browser plays a scenario served by Voila, from the first scene to the debrief.

Voila runs on a free loopback port for the duration of the test; Debian's chromium is driven
through Playwright. Without chromium the test skips locally but FAILS when CI is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from liveserver import free_port, running

from ogp_curriculum import chromium
from ogp_curriculum.paths import data_dir, repo_root
from ogp_curriculum.scenarios import ScenarioRun, load_scenario, walk_paths

from sitebrowse import require_chromium

NOTEBOOK = "scenario_national_eprocurement.ipynb"
SCENARIO = data_dir() / "scenarios" / "national_eprocurement.yml"
TIMEOUT_MS = 90_000

pytestmark = pytest.mark.browser


@pytest.fixture
def voila_url(tmp_path: Path) -> Iterator[str]:
    require_chromium()
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path)}  # nothing the learner might save lands in ~
    command = [sys.executable, "-m", "voila", NOTEBOOK, "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
    url = f"http://127.0.0.1:{port}/"
    with running(command, cwd=repo_root() / "exercises", env=env, log_path=tmp_path / "voila.log",
                 probe=url + "voila/static/", name="voila"):
        yield url


def test_a_full_path_reaches_the_debrief_in_chromium(voila_url: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    scenario = load_scenario(SCENARIO)
    path = max(walk_paths(scenario), key=len)  # the longest path clicks the most buttons
    run = ScenarioRun(scenario)
    with sync_playwright() as pw:
        browser = chromium.launch(pw)
        try:
            page = browser.new_page()
            page.goto(voila_url, timeout=TIMEOUT_MS)
            for index in path:
                label = run.choices[index].label
                button = page.get_by_role("button", name=label, exact=True)
                expect(button).to_be_visible(timeout=TIMEOUT_MS)
                button.click()
                step = run.choose(index)
                # The feedback for this very choice appears in the player's status region.
                feedback = page.get_by_role("status")
                expect(feedback).to_contain_text(" ".join(step.feedback.split()),
                                                 timeout=TIMEOUT_MS)
            assert run.finished
            debrief = page.locator("div.ogp-debrief")
            expect(debrief.get_by_role("heading", name="Debrief")).to_be_visible(
                timeout=TIMEOUT_MS)
            expect(debrief).to_contain_text(scenario.scene(run.current).title)
            expect(debrief).to_contain_text("Final indicators")
            for step in run.history:  # the path taken, with its TWP idea
                expect(debrief).to_contain_text(step.label)
            expect(page.get_by_text(scenario.reflection_questions[0], exact=True)).to_be_visible()
        finally:
            browser.close()


def test_missing_chromium_fails_under_ci_and_skips_locally(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OGP_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception):
        require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_chromium()
