"""A cohort on a real JupyterHub, the way a workshop runs it.

Two learners log in through the hub's login page and open the exact nbgitpuller links that
``python -m ogp_curriculum cohort links`` prints, which pull a local ``file://`` clone of this
repository into their homes. Learner A runs a chart notebook in JupyterLab with every request to
another host blocked (charts must draw offline). Both run the reflection form and save a group
reflection into one shared folder; the trainer, a third user, runs the plenary synthesis over
that folder and gets the report. Then the trainer updates the repository, and learner A's own
edit survives the re-pull.

Needs jupyterhub, nbgitpuller, configurable-http-proxy (``make .venv/.test-installed``),
Playwright and Debian's chromium. Without them it skips locally and fails in CI.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import redirect_stdout, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from chromium_browser import loopback_context  # tests/chromium_browser.py
from live_hub import PASSWORD, LiveHub, missing_dependencies, running_hub

from ogp_curriculum import cli
from ogp_curriculum.paths import repo_root

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    PlaywrightError = Exception  # type: ignore[assignment,misc]

pytestmark = pytest.mark.browser

REPO = "learning-to-open-government"
CHART_PAGE = "exercises/post2020_indicators"
FORM_PAGE = "exercises/reflection_form"
PLENARY_PAGE = "exercises/plenary_synthesis"
LEARNERS = ("learner-a", "learner-b")
TRAINER = "trainer"


def _require(what: list[str]) -> None:
    if what:
        message = "the hub test needs: " + "; ".join(what)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _git(*args: str, cwd: Path) -> str:
    command = ["git", "-c", "user.name=Trainer", "-c", "user.email=trainer@example.org", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr[-1000:]}")
    return result.stdout


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trainer's repository: a local clone of this one's committed HEAD."""
    where = tmp_path_factory.mktemp("origin") / REPO
    _git("clone", "--quiet", "--no-hardlinks", str(repo_root()), str(where), cwd=repo_root())
    _git("checkout", "--quiet", "-B", "main", cwd=where)
    return where


def _cohort_links(tmp: Path, hub_url: str, origin: Path) -> dict[str, str]:
    """The links `cohort links` prints for a cohort on this hub, by page."""
    cohort = tmp / "hub-cohort.yml"
    cohort.write_text(
        "name: hub-cohort\n"
        'title: "Hub test cohort"\n'
        "countries: [Philippines]\n"
        "language: en\n"
        "include: [post2020_indicators, reflection_form, plenary_synthesis]\n"
        "agenda:\n  session_minutes: 120\n  start: '09:00'\n"
        "facilitator:\n  name: Test Trainer (fictional)\n  email: trainer@example.org\n"
        f"learner_access:\n  jupyterhub_url: {hub_url}\n"
        f"  repository_url: {origin.as_uri()}\n  branch: main\n",
        encoding="utf-8",
    )
    # The command's own entry point, in-process: the same code `python -m` runs, minus a
    # second interpreter start-up.
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert cli.main(["cohort", "links", str(cohort)]) == 0
    output = printed.getvalue()
    links = re.findall(r"<(http://[^>]+/hub/user-redirect/git-pull\?[^>]+)>", output)
    by_page = {}
    for link in links:
        page = re.search(rf"urlpath=lab/tree/{REPO}/(.+)\.ipynb", link)
        assert page, link
        by_page[page.group(1)] = link
    assert set(by_page) == {CHART_PAGE, FORM_PAGE, PLENARY_PAGE}, output
    return by_page


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    _require(missing_dependencies())
    with running_hub(tmp_path_factory.mktemp("hub")) as live:
        yield live


def _log_in(context: Any, hub: LiveHub, user: str) -> Any:
    """The hub's login page with the workshop password; the hub then starts the server."""
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login", timeout=30_000)
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return page


def _open(page: Any, user: str, link: str) -> Any:
    """The link the trainer sent, once the learner's server is up (it answers the landing URL).

    Navigations wait for the server's answer ("commit"), not for JupyterLab to boot: the landing
    page is left at once, and the chart test below waits for the notebook itself."""
    page.wait_for_url(re.compile(rf".*/user/{user}/.*"), timeout=90_000, wait_until="commit")
    page.goto(link, timeout=60_000, wait_until="commit")
    target = urlsplit(link).query.split("urlpath=")[1].split("&")[0]
    page.wait_for_url(
        re.compile(rf".*/user/{user}/{re.escape(target)}.*"), timeout=90_000, wait_until="commit"
    )
    return page


def _after_kernel_choice(page: Any, target: Any, *, timeout_ms: float) -> None:
    """Wait for ``target``; JupyterLab may first ask which kernel to use: the learner accepts
    its proposal (each time it asks) and the wait goes on."""
    select = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        left = max(1.0, (deadline - time.monotonic()) * 1000)
        target.or_(select).first.wait_for(state="attached", timeout=left)
        if target.count():
            return
        with suppress(PlaywrightError):  # the dialog may close on its own meanwhile
            select.first.click(timeout=5_000)
        select.first.wait_for(state="detached", timeout=15_000)


def _run_all_and_see_a_chart(page: Any, evidence: Path) -> None:
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=60_000
    )
    # Run All only once the notebook's kernel is up and idle (the status bar says so); before
    # that JupyterLab may ask which kernel to use, and each answer starts another kernel.
    idle = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Idle"))
    _after_kernel_choice(page, idle, timeout_ms=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # vega-embed draws each chart's marks into an <svg> or <canvas> with the class "marks".
    chart = page.locator(".jp-OutputArea :is(svg, canvas).marks")
    try:
        _after_kernel_choice(page, chart, timeout_ms=90_000)
    except PlaywrightError:
        page.screenshot(path=str(evidence), full_page=True)
        errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']").all_inner_texts()
        raise AssertionError(
            f"no chart drawn (screenshot {evidence}); cell errors: {errors[:2]}; "
            f"console: {console[-15:]}"
        ) from None


def _group_reflection(hub: LiveHub, user: str, group: str, shared: Path) -> None:
    """Run the reflection form notebook, its folder set to the shared one, and answer as a group."""
    notebook = f"{REPO}/{FORM_PAGE}.ipynb"
    kernel, _ = hub.run_notebook(user, notebook, {"save_folder": str(shared)})
    hub.execute(
        user,
        kernel,
        f"form.set_group({group!r})\n"
        "form.set_countries('Philippines')\n"
        "form.set_prompt('resonance', 'Our ministry saw the same juncture.')\n"
        "assert form.state == 'saved', form.message\n",
    )


def test_a_cohort_on_a_real_hub(hub: LiveHub, browser: Any, origin: Path, tmp_path: Path) -> None:
    links = _cohort_links(tmp_path, hub.url, origin)
    shared = tmp_path / "shared" / "reflections"
    shared.mkdir(parents=True)
    # Each learner's own browser profile, on a training room's network (127.0.0.1 only).
    opened = [loopback_context(browser) for _ in LEARNERS]
    contexts = [context for context, _ in opened]
    try:
        # Both learners log in at once (the hub spawns their servers side by side), and the
        # trainer's server starts meanwhile.
        pages = [_log_in(c, hub, u) for c, u in zip(contexts, LEARNERS, strict=True)]
        hub.request_spawn(TRAINER)
        # Learner A: the chart notebook, run in JupyterLab with no internet.
        _open(pages[0], LEARNERS[0], links[CHART_PAGE])
        # Learner B: the reflection form's link lands on the form in JupyterLab. B runs it
        # below through the kernel API, so B's JupyterLab is closed before it starts a kernel.
        _open(pages[1], LEARNERS[1], links[FORM_PAGE])
        contexts[1].close()
        _run_all_and_see_a_chart(pages[0], tmp_path / "no-chart.png")
        foreign = [url for _, requests in opened for url in requests]
        assert foreign == [], f"requests to other hosts: {foreign[:5]}"
    finally:
        for context in contexts:
            context.close()

    for learner in LEARNERS:
        pulled = hub.root / "home" / learner / REPO
        assert (pulled / f"{FORM_PAGE}.ipynb").is_file(), f"nbgitpuller did not pull for {learner}"
    for learner, group in zip(LEARNERS, ("Grupo Norte", "Group South"), strict=True):
        _group_reflection(hub, learner, group, shared)
    assert sorted(p.name for p in shared.glob("*.json")) == ["group-south.json", "grupo-norte.json"]

    # The trainer runs the plenary synthesis over the shared folder and gets the report.
    hub.wait_ready(TRAINER)
    _git("clone", "--quiet", origin.as_uri(), str(hub.root / "home" / TRAINER / REPO), cwd=origin)
    report_dir = hub.root / "home" / TRAINER / "report"
    _, outputs = hub.run_notebook(
        TRAINER,
        f"{REPO}/{PLENARY_PAGE}.ipynb",
        {"reflections_dir": str(shared), "export_dir": str(report_dir), "cohort_name": "Hub"},
    )
    text = "".join(o.get("text", "") for o in outputs)
    assert "Hand-ins read: 2; files skipped: 0" in text
    report = (report_dir / "reflections_report.md").read_text(encoding="utf-8")
    assert "Grupo Norte" in report and "Group South" in report

    # The trainer updates the repository; learner A's own edit survives the re-pull.
    learner = LEARNERS[0]
    mine = hub.root / "home" / learner / REPO / f"{CHART_PAGE}.ipynb"
    notebook = json.loads(mine.read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "My own note."})
    hub.user_api(
        learner,
        "PUT",
        f"contents/{REPO}/{CHART_PAGE}.ipynb",
        {"type": "notebook", "format": "json", "content": notebook},
    )
    (origin / "trainers" / "day-two.md").write_text("# Day two\n", encoding="utf-8")
    _git("add", "trainers/day-two.md", cwd=origin)
    _git("commit", "--quiet", "-m", "Day two notes", cwd=origin)
    query = urlsplit(links[CHART_PAGE]).query
    # nbgitpuller's API streams the pull as server-sent events and ends with its outcome.
    events = hub.request_text("GET", f"/user/{learner}/git-pull/api?{query}", timeout=60)
    assert '"phase": "finished"' in events, events[-2000:]
    assert (hub.root / "home" / learner / REPO / "trainers" / "day-two.md").is_file()
    assert "My own note." in mine.read_text(encoding="utf-8")
