"""Notebooks as a learner sees them in Voila, started the documented way (repository root).

One Voila server for the module (``live/voila.py`` is its configuration). Voila runs every
notebook it renders, so rendering all of them would run each notebook once more per suite:
chromium renders one notebook for each distinct set of package imports (each view, chart
and player), and a guard test keeps that set covering every notebook's imports. The
Markdown every notebook shows in Voila is checked for all of them without a browser
(tests/unit/test_live.py). No MyST role or directive is visible, no output is an error, the
page has the notebook's title, its kernel listens on a Unix socket (live/voila.py), every
relative link answers (no 403), nothing asks another host, and on a 375 px phone
the scenario player's indicator rows are not clipped and a learner plays it from the first scene
to the debrief (the page is already running: no server or kernel of its own). The server log
shows that idle kernels are culled.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from chromium_browser import loopback_context, require_chromium  # tests/chromium_browser.py
from liveserver import free_port, running
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.citations import bib_key_pattern
from ogp_curriculum.glued import glue_keys_used
from ogp_curriculum.live import notebook_title
from ogp_curriculum.paths import data_dir, repo_root
from ogp_curriculum.scenarios import ScenarioRun, load_scenario, walk_paths

pytestmark = pytest.mark.browser

ROOT = repo_root()
# What a raw role or directive leaves in rendered text: "{cite}" before its (code-styled) key,
# or a code block whose language is "{note}". The notebooks use braces for nothing else.
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}")
RAW_DIRECTIVE = "code[class*='language-{']"
# Every key of references.bib, as a whole word: what an unresolved citation shows.
BIB_KEY = bib_key_pattern()
TIMEOUT_MS = 180_000
PHONE = {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("voila-home")
    log_path = home / "voila.log"
    port = free_port()
    # Nothing a notebook saves lands in the real home folder.
    env = {**os.environ, "HOME": str(home)}
    env.pop("OGP_STATIC_CHARTS", None)
    command = [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--Voila.config_file_paths=live",
        ".",
    ]
    url = f"http://127.0.0.1:{port}/"
    with running(
        command, cwd=ROOT, env=env, log_path=log_path, probe=url + "voila/static/", name="voila"
    ):
        yield url, log_path


# One notebook per distinct live behaviour. Modules 01 and 03-07 show only the quiz that
# Module 2 shows (their imports are a subset of its); the three scenario notebooks run the same
# player (subnational is the one with the longest indicator labels, checked and played on a
# phone).
REPRESENTATIVE = [
    "modules/02_critical_juncture",
    "exercises/ambition_check",
    "exercises/everyday_political_analysis",
    "exercises/irm_explorer",
    "exercises/plenary_synthesis",
    "exercises/post2020_indicators",
    "exercises/reflection_form",
    "exercises/scenario_subnational_access_to_information",
    "exercises/stakeholder_power_map",
]
_IMPORT = re.compile(
    r"^\s*(?:from (ogp_curriculum[\w.]*) import ([\w, ()\n]+?)$|import (ogp_curriculum[\w.]*))",
    re.MULTILINE,
)


def package_imports(notebook: Path) -> set[str]:
    """The package names a notebook's code imports: what its live page exercises."""
    code = "\n".join(
        c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"
    )
    names: set[str] = set()
    for module, imported, plain in _IMPORT.findall(code):
        if plain:
            names.add(plain)
        for name in re.split(r"[,\s()]+", imported):
            if name:
                names.add(f"{module}.{name}")
    return names


def test_representatives_cover_every_notebooks_imports() -> None:
    covered = set().union(*(package_imports(ROOT / f"{n}.ipynb") for n in REPRESENTATIVE))
    for notebook in toc_notebooks():
        missing = package_imports(notebook) - covered
        assert not missing, f"{notebook.name} uses {sorted(missing)}: add it to REPRESENTATIVE"


# What the page shows, read in one round trip: its title and text, what MyST or a citation
# or glue link would leave, and the status of every relative link in its Markdown (fetched
# from the page, from the same loopback-only browser), notebook links apart.
SHOWN = f"""async render => {{
    const count = selector => document.querySelectorAll(selector).length;
    const hrefs = [...document.querySelectorAll('.jp-RenderedMarkdown a[href]')]
        .map(a => a.href.split('#')[0]).filter(h => h.startsWith(location.origin + '/'));
    const local = [...new Set(hrefs)];
    const notebooks = local.filter(h => h.startsWith(render) && h.endsWith('.ipynb'));
    const others = local.filter(h => !notebooks.includes(h));
    const statuses = await Promise.all(others.map(h => fetch(h).then(r => r.status)));
    return {{
        title: document.title,
        text: document.body.innerText,
        directives: count("{RAW_DIRECTIVE}"),
        cites: count("a[href*='#cite:']"),
        glues: count("a[href*='#glue:']"),
        // An error, a timed-out cell or a server fault: Voila shows each as stderr (warnings
        // it strips).
        errors: [...document.querySelectorAll(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        )].map(output => output.textContent.trim()),
        kernel: JSON.parse(document.getElementById("jupyter-config-data")?.textContent
                           ?? "{{}}").kernelId ?? null,
        notebooks,
        statuses: Object.fromEntries(others.map((h, i) => [h, statuses[i]])),
    }};
}}"""


# Every output as the learner sees it. Once the app has started, Voila replaces each output's
# JSON script with its renderer's node (outputs it has no renderer for, such as glued values,
# stay hidden scripts) and then attaches the cells to its shell as a widget; some renderers
# (Markdown, widgets) fill their node later. Until then the page shows only the Markdown cells,
# and a check on its text would pass whatever the outputs say.
OUTPUTS_DRAWN = """() => document.querySelector('#rendered_cells.lm-Widget') !== null
    && [...document.querySelectorAll('#rendered_cells .jp-OutputArea-output')]
        .every(output => output.childElementCount > 0 || output.textContent.trim() !== '')"""


class Pages:
    """Each representative's page in a tab of its own, requested one test ahead.

    Voila streams a page while its kernel runs the notebook: while one test reads its page,
    the next page's kernel is already running (two at a time, not all at once). The tabs share
    one browser profile per screen size, as a learner's tabs do: Voila's scripts, cached by the
    first page, are not fetched and compiled again for each notebook."""

    def __init__(self, browser: Any, url: str, log: Path, order: list[str]) -> None:
        self.browser, self.url, self.log, self.order = browser, url, log, order
        self.started: dict[str, Any] = {}
        self.profiles: dict[str, tuple[Any, list[str]]] = {}

    def _profile(self, name: str) -> tuple[Any, list[str]]:
        screen = "phone" if Path(name).name.startswith("scenario_") else "desktop"
        if screen not in self.profiles:
            viewport = PHONE if screen == "phone" else None  # None: the desktop screen
            self.profiles[screen] = loopback_context(self.browser, viewport)
        return self.profiles[screen]

    def _start(self, name: str) -> None:
        context, _ = self._profile(name)
        page = context.new_page()
        page.goto(f"{self.url}voila/render/{name}.ipynb", timeout=TIMEOUT_MS,
                  wait_until="commit")
        self.started[name] = page

    def take(self, name: str) -> tuple[Any, list[str]]:
        """``name``'s page (fully loaded), and the requests its profile has sent to other
        hosts so far. The caller closes the page."""
        if name not in self.started:
            self._start(name)
        if name in self.order and self.order.index(name) + 1 < len(self.order):
            upcoming = self.order[self.order.index(name) + 1]
            if upcoming not in self.started:
                self._start(upcoming)
        page = self.started.pop(name)
        try:
            # "load" comes once the kernel has run the whole notebook; Voila's app then draws
            # each output from its JSON script, some of them asynchronously (Markdown, widgets).
            page.wait_for_load_state("load", timeout=TIMEOUT_MS)
            page.wait_for_function(OUTPUTS_DRAWN, timeout=TIMEOUT_MS)
        except PlaywrightTimeout:
            page.close()
        else:
            return page, self._profile(name)[1]
        # A page that never ends says nothing itself: Voila's log says why.
        pytest.fail(f"{name}: Voila did not finish the page in {TIMEOUT_MS // 1000} s; "
                    f"its log ends:\n{self.log.read_text(errors='replace')[-4000:]}")

    def close(self) -> None:
        for context, _ in self.profiles.values():
            context.close()


@pytest.fixture(scope="module")
def voila_pages(
    browser: Any, voila: tuple[str, Path], request: pytest.FixtureRequest
) -> Iterator[Pages]:
    # The pages this run will read, in run order (a -k run prefetches none it will not read).
    order = [
        item.callspec.params["name"]
        for item in request.session.items
        if item.path == request.path and getattr(item, "originalname", "") == NOTEBOOK_TEST
    ]
    pages = Pages(browser, voila[0], voila[1], order)
    yield pages
    pages.close()


NOTEBOOK_TEST = "test_notebook_in_voila"
# live/voila.py: kernels on Unix sockets (TCP on Windows, where this suite does not run).
LOCAL_SOCKETS = "ipc"


def kernel_transport(log: Path, kernel: str | None) -> str:
    """How Voila reaches the page's kernel, from its connection file (the folder is in the log)."""
    folder = re.search(r"Storing connection files in (.+)\.$", log.read_text(errors="replace"),
                       re.MULTILINE)
    assert folder and kernel, "no connection folder in Voila's log, or no kernel on the page"
    info = json.loads((Path(folder[1]) / f"kernel-{kernel}.json").read_text(encoding="utf-8"))
    return str(info["transport"])


@pytest.mark.parametrize("name", REPRESENTATIVE)
def test_notebook_in_voila(voila_pages: Pages, voila: tuple[str, Path], name: str) -> None:
    url, log = voila
    notebook = ROOT / f"{name}.ipynb"
    scenario = notebook.stem.startswith("scenario_")
    page, foreign = voila_pages.take(name)
    try:
        shown = page.evaluate(SHOWN, f"{url}voila/render/")
        assert shown["title"] == notebook_title(nbformat.read(notebook, as_version=4))
        assert shown["errors"] == [], f"the page shows an error: {shown['errors'][:2]}"
        assert kernel_transport(log, shown["kernel"]) == LOCAL_SOCKETS
        text = shown["text"]
        raw = RAW_MYST.search(text)
        assert raw is None, f"raw MyST visible: {text[max(0, raw.start() - 80) : raw.end() + 80]}"
        assert shown["directives"] == 0
        key = BIB_KEY.search(text)
        assert key is None, f"BibTeX key visible: {text[max(0, key.start() - 80) : key.end() + 80]}"
        assert shown["cites"] == 0, "a citation shown as a link"
        # A glued figure reads as the live link's text ("figure from the data"), never its key.
        assert shown["glues"] == 0, "a glued figure shown as a link"
        keys = [k for k in glue_keys_used(notebook) if re.search(rf"\b{re.escape(k)}\b", text)]
        assert keys == [], f"glue keys visible: {keys[:5]}"
        # Fetching a notebook link would make Voila run that notebook too (minutes on two busy
        # cores): the notebook must exist, and Voila renders it (this test).
        for href in shown["notebooks"]:
            assert (ROOT / href[len(f"{url}voila/render/"):]).is_file(), f"{href}: no such notebook"
        for href, status in shown["statuses"].items():
            assert status < 400, f"{href} answers {status}"

        if scenario:
            page.locator(".ogp-indicator").first.wait_for(timeout=TIMEOUT_MS)
            clipped = page.locator(".ogp-indicator").evaluate_all(
                "rows => rows.filter(r => r.scrollWidth > r.clientWidth + 1).length"
            )
            assert clipped == 0, "indicator rows are clipped at 375 px"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"
            _play_to_the_debrief(page, SCENARIOS[notebook.stem])
        assert foreign == [], f"requests to other hosts: {foreign[:3]}"
    finally:
        page.close()


def test_the_page_reader_sees_links_and_markup(browser: Any, voila: tuple[str, Path]) -> None:
    """Control for SHOWN: a broken link is fetched and fails, a notebook link is set apart, an
    external link is left alone, citation and glue links are counted, and an error output is
    read (Voila draws an error, a timed-out cell and a server fault alike). No kernel needed."""
    url, _ = voila
    context, _foreign = loopback_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{url}voila/static/", timeout=TIMEOUT_MS)  # any page on Voila's origin
        page.evaluate(
            """html => { const d = document.createElement('div');
                         d.className = 'jp-RenderedMarkdown'; d.innerHTML = html;
                         document.body.append(d); }""",
            '<a href="/voila/render/modules/01_welcome.ipynb#top">n</a>'
            '<a href="/voila/files/no-such-page.md#part">p</a>'
            '<a href="https://example.org/">e</a><a href="#cite:k">c</a><a href="#glue:k">g</a>'
            '<div class="jp-OutputArea-output" data-mime-type="text/plain">fine</div>'
            '<div class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr">'
            " There was an error when executing cell [2]. </div>",
        )
        shown = page.evaluate(SHOWN, f"{url}voila/render/")
    finally:
        context.close()
    assert shown["notebooks"] == [f"{url}voila/render/modules/01_welcome.ipynb"]
    # The in-page anchors (#cite:, #glue:) point at the page itself, which is fetched too.
    broken = f"{url}voila/files/no-such-page.md"
    assert set(shown["statuses"]) == {broken, f"{url}voila/static/"}
    assert shown["statuses"][broken] >= 400
    assert shown["cites"] == 1 and shown["glues"] == 1
    assert shown["errors"] == ["There was an error when executing cell [2]."]
    assert shown["kernel"] is None  # no notebook, no kernel


SCENARIOS = {
    "scenario_subnational_access_to_information":
        data_dir() / "scenarios" / "subnational_access_to_information.yml",
}


def _play_to_the_debrief(page: Any, scenario_file: Path) -> None:
    """Click the longest path (the most buttons) and read each choice's feedback and the
    debrief, as the engine computes them for the same choices."""
    from playwright.sync_api import expect

    scenario = load_scenario(scenario_file)
    run = ScenarioRun(scenario)
    for index in max(walk_paths(scenario), key=len):
        button = page.get_by_role("button", name=run.choices[index].label, exact=True)
        expect(button).to_be_visible(timeout=TIMEOUT_MS)
        button.click()
        step = run.choose(index)
        # The feedback for this very choice appears in the player's status region.
        expect(page.get_by_role("status")).to_contain_text(
            " ".join(step.feedback.split()), timeout=TIMEOUT_MS
        )
    assert run.finished
    debrief = page.locator("div.ogp-debrief")
    expect(debrief.get_by_role("heading", name="Debrief")).to_be_visible(timeout=TIMEOUT_MS)
    expect(debrief).to_contain_text(scenario.scene(run.current).title)
    expect(debrief).to_contain_text("Final indicators")
    for step in run.history:  # the path taken, with its TWP idea
        expect(debrief).to_contain_text(step.label)
    expect(page.get_by_text(scenario.reflection_questions[0], exact=True)).to_be_visible()


def test_every_scenario_played_has_a_representative() -> None:
    assert {f"exercises/{stem}" for stem in SCENARIOS} <= set(REPRESENTATIVE)


def test_idle_kernels_are_culled(voila: tuple[str, Path]) -> None:
    # Last in the module: the culler starts with the first kernel, which the pages above have
    # already started; run alone, render the shortest notebook once.
    url, log = voila
    if "Kernel started" not in log.read_text(errors="replace"):
        with urllib.request.urlopen(f"{url}voila/render/modules/01_welcome.ipynb", timeout=180):
            pass
    text = log.read_text(errors="replace")
    assert re.search(r"[Cc]ulling kernels with idle durations > 600 seconds", text), text[-2000:]


def test_missing_chromium_fails_under_ci_and_skips_locally(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OGP_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception):
        require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_chromium()
