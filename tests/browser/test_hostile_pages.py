"""Every page the project generates from trainer or learner text runs none of that text.

One cohort pack is built from a cohort file full of payloads (title, facilitator, prompts,
scenario placeholders) and a reflections report from hostile hand-ins. Each page is opened
in Debian's chromium; a payload that ran would set ``window.__pwned``, change the title, open a
dialog, raise a page error or leave an element behind. The first test proves the detector sees
payloads that do run. The shipped demo report opens offline (it fetches nothing).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
import yaml

from ogp_curriculum.cohorts import build as build_mod
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.reflections.export import Report, write_reports
from ogp_curriculum.reflections.schema import empty_reflection, load_options
from ogp_curriculum.reflections.synthesis import demo_folder, read_folder

pytestmark = [pytest.mark.browser, pytest.mark.hostile, pytest.mark.notebooks]

# Each sets window.__pwned (or opens a dialog) if it runs. Short enough for every field.
PAYLOADS = [
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<script>window.__pwned='script'</script>",
    "<svg onload=alert('svg')></svg>",
    "\"><img src=x onerror=\"window.__pwned='attr'\">",
    "[link](javascript:window.__pwned='link')",
    # The report's own payloads: a script, handlers that also retitle the page, an iframe.
    "<script>window.__pwned='script';document.title='pwned'</script>",
    "<img src=x onerror=\"window.__pwned='img';document.title='pwned'\">",
    "\"><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
]
JOINED = " ".join(PAYLOADS)


def _book(root: Path) -> Path:
    """A one-page book whose notebook prints the cohort's placeholder text."""
    book = root / "book"
    (book / "modules").mkdir(parents=True)
    (book / "_toc.yml").write_text(
        yaml.safe_dump({"format": "jb-book", "root": "intro",
                        "chapters": [{"file": "modules/01_page"}]}), encoding="utf-8")
    (book / "_config.yml").write_text(
        yaml.safe_dump({"title": "Small book", "author": "Tests",
                        "repository": {"url": "https://github.com/example-org/small-book"},
                        "launch_buttons": {"jupyterhub_url": "https://hub.example.org"}}),
        encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    parameters = nbformat.v4.new_code_cell("scenario_overrides: dict = {}")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A page\n\n**Time:** about 20 minutes\n"),
        parameters,
        nbformat.v4.new_code_cell("print(scenario_overrides)"),
    ]
    nbformat.write(nb, book / "modules" / "01_page.ipynb")
    return book


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-pack")
    book = _book(root)
    cohort = {
        "name": "hostile",
        "title": PAYLOADS[0] + " " + PAYLOADS[4][:60],
        "countries": ["Philippines"],
        "language": "en",
        "include": ["01_page"],
        "scenario_overrides": {"01_page": {f"p{i}": p for i, p in enumerate(PAYLOADS)}},
        "facilitator": {"name": PAYLOADS[1], "organisation": PAYLOADS[2],
                        "email": "<svg/onload=window.__pwned=1>@example.org"},
        "learner_access": {"jupyterhub_url": "https://hub.example.org"},
        "reflection_prompts": PAYLOADS,
    }
    cohort_file = root / "hostile.yml"
    cohort_file.write_text(yaml.safe_dump(cohort), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_mod, "repo_root", lambda: book)
        patch.setattr(country_data, "resolve_country", lambda name: "PHL")
        patch.setattr(country_data, "countries_in_data", lambda: frozenset({"PHL"}))
        patch.setattr(country_data, "country_profile",
                      lambda iso3: pd.DataFrame({"measure": PAYLOADS,
                                                 "value": range(len(PAYLOADS))}))
        return build_mod.build_cohort(cohort_file, root / "packs", workers=1, progress=False)


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-report")
    (root / "in").mkdir()
    for index, payload in enumerate(PAYLOADS):
        document = empty_reflection(f"Group {index} {payload}")
        document["countries"] = [payload]
        document["prompts"] = {key: f"{key}: {payload}" for key in document["prompts"]}
        document["challenges"]["other"] = payload
        document["priority_votes"] = [{"suggestion": payload, "votes": index}]
        (root / "in" / f"g{index}.json").write_text(json.dumps(document), encoding="utf-8")
    report = Report.build(read_folder(root / "in"), load_options(), title=JOINED)
    return write_reports(report, root / "out")["html"]


# One round trip after "load" (a failing image or iframe delays it until its handler ran):
# a task and a frame for any late handler, then focus everything (handlers that wait for the
# reader) and another task and frame, then read what a payload that ran would have left.
INSPECT = """async () => {
    const settle = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    await settle();
    for (const e of document.querySelectorAll('*')) { try { e.focus() } catch (x) {} }
    await settle();
    return {
        pwned: typeof window.__pwned === 'undefined' ? null : window.__pwned,
        title: document.title,
        text: document.body.innerText,
        active_elements: document.querySelectorAll('script, img, svg, iframe').length,
        javascript_links: [...document.querySelectorAll('[href],[src]')]
            .map(e => e.getAttribute('href') || e.getAttribute('src'))
            .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
        // Elements the payloads would have made: handlers or scripts that mention them.
        payload_elements: [...document.querySelectorAll('*')].filter(e => [...e.attributes]
            .some(a => a.name.startsWith('on') && /pwned|alert/.test(a.value))
            || (e.tagName === 'SCRIPT' && /pwned/.test(e.textContent)))
            .map(e => e.outerHTML.slice(0, 80)),
    };
}"""


def visit(browser: Any, page_path: Path) -> dict[str, Any]:
    page = browser.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_path.as_uri(), wait_until="load")
    result: dict[str, Any] = page.evaluate(INSPECT)
    page.close()
    return {**result, "dialogs": dialogs, "errors": errors, "requests": requests}


def test_the_detector_sees_a_payload_that_runs(browser: Any, tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(f"<title>t</title><body>{PAYLOADS[0]}{PAYLOADS[2]}{PAYLOADS[5]}"
                       "<script>null.x</script></body>", encoding="utf-8")
    seen = visit(browser, control)
    # The script ran while the page was parsed; the image's error handler after it.
    assert seen["pwned"] == "img" and seen["dialogs"] == ["svg"]
    assert seen["title"] == "pwned"  # the retitling payload ran
    assert len(seen["errors"]) == 1 and seen["active_elements"] == 4
    assert len(seen["payload_elements"]) == 3


@pytest.mark.parametrize(
    "page", ["book/agenda.html", "book/modules/01_page.html", "handout.html"]
)
def test_cohort_pack_pages_run_no_trainer_text(browser: Any, pack: Path, page: str) -> None:
    seen = visit(browser, pack / page)
    assert seen["pwned"] is None and seen["dialogs"] == []
    assert seen["javascript_links"] == [] and seen["payload_elements"] == []
    assert "img src=x onerror=" in seen["title"]  # the cohort title, shown as text


def test_cohort_pack_pages_show_the_text(browser: Any, pack: Path) -> None:
    handout = visit(browser, pack / "handout.html")
    for payload in PAYLOADS:
        assert payload in handout["text"]  # shown as typed, never run


def test_report_page_runs_no_learner_text(browser: Any, report_page: Path) -> None:
    seen = visit(browser, report_page)
    assert seen["pwned"] is None and seen["dialogs"] == [] and seen["javascript_links"] == []
    assert seen["payload_elements"] == [] and seen["errors"] == []
    assert seen["active_elements"] == 0  # no script, image, svg or iframe at all
    assert seen["title"] == JOINED
    for payload in PAYLOADS:
        assert payload in seen["text"]  # shown as text, exactly as the learner typed it


def test_the_shipped_demo_report_opens_offline(browser: Any, tmp_path: Path) -> None:
    shutil.copytree(demo_folder(), tmp_path / "demo")
    report = Report.build(read_folder(tmp_path / "demo"), load_options(), title="Cohort report")
    html_path = write_reports(report, tmp_path / "out")["html"]
    seen = visit(browser, html_path)
    assert seen["requests"] == [html_path.as_uri()]  # nothing else is fetched
    assert "Capital group (fictional)" in seen["text"]
    assert seen["errors"] == []
