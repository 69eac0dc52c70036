"""Open the exported HTML report in headless Debian chromium and prove no learner script ran."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ogp_curriculum import chromium
from ogp_curriculum.reflections.export import Report, write_reports
from ogp_curriculum.reflections.schema import empty_reflection, load_options
from ogp_curriculum.reflections.synthesis import read_folder

from sitebrowse import require_chromium

pytestmark = pytest.mark.browser

# Each payload tries to set window.__pwned and change the page title.
PAYLOADS = [
    "<script>window.__pwned='script';document.title='pwned'</script>",
    "<img src=x onerror=\"window.__pwned='img';document.title='pwned'\">",
    "<svg onload=\"window.__pwned='svg';document.title='pwned'\"></svg>",
    "\"><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
]
TITLE = "Cohort report"


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        yield browser
        browser.close()


def hostile_folder(folder: Path) -> Path:
    for index, payload in enumerate(PAYLOADS):
        d = empty_reflection(f"Group {index} {payload}")
        d["countries"] = [payload]
        d["prompts"] = {k: f"{k}: {payload}" for k in d["prompts"]}
        d["challenges"]["other"] = payload
        d["priority_votes"] = [{"suggestion": payload, "votes": index}]
        (folder / f"g{index}.json").write_text(json.dumps(d), encoding="utf-8")
    return folder


def open_page(browser, path: Path):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # give any onerror/onload handler time to fire
    return page, errors


def test_the_detector_catches_a_script_that_runs(browser, tmp_path: Path) -> None:
    # Control: the same payload pasted unescaped does run, so the real check below can fail.
    control = tmp_path / "control.html"
    control.write_text(f"<title>{TITLE}</title><body>{PAYLOADS[1]}</body>", encoding="utf-8")
    page, _errors = open_page(browser, control)
    assert page.evaluate("window.__pwned") == "img" and page.title() == "pwned"
    page.close()


def test_exported_html_report_runs_no_learner_script(browser, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    cohort = read_folder(hostile_folder(folder))
    report = Report.build(cohort, load_options(), title=TITLE)
    html_path = write_reports(report, tmp_path / "out")["html"]
    page, errors = open_page(browser, html_path)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() == TITLE
    assert page.locator("script, img, svg, iframe").count() == 0
    body = page.inner_text("body")
    for payload in PAYLOADS:
        assert payload in body  # shown as text, exactly as the learner typed it
    assert errors == []
    page.close()


def test_the_shipped_demo_report_opens_offline(browser, tmp_path: Path) -> None:
    from ogp_curriculum.reflections.synthesis import demo_folder

    shutil.copytree(demo_folder(), tmp_path / "demo")
    report = Report.build(read_folder(tmp_path / "demo"), load_options(), title=TITLE)
    html_path = write_reports(report, tmp_path / "out")["html"]
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(html_path.as_uri())
    page.wait_for_load_state("load")
    assert requests == [html_path.as_uri()]  # nothing else is fetched
    assert "Capital group (fictional)" in page.inner_text("body")
    page.close()
