"""Every notebook opened in JupyterLab, as a learner on Binder or a hub opens it.

One JupyterLab server for the module (the learner's requirements.txt: jupyterlab-myst renders
MyST). The app is loaded once in chromium and each notebook (English, French and Spanish) is
opened in it; no MyST role or directive may be visible in its rendered Markdown, no BibTeX key
(jupyterlab-myst cannot resolve a citation: it shows the key), and no request may leave 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from chromium_browser import loopback_context  # tests/chromium_browser.py
from liveserver import free_port, running

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.citations import (
    bib_key_pattern,
    citation_text,
    default_bibfile,
    glue_link_text,
    load_citations,
)
from ogp_curriculum.glued import glue_keys_used
from ogp_curriculum.i18n.notebooks import TRANSLATIONS_DIR
from ogp_curriculum.paths import repo_root

pytestmark = pytest.mark.browser

ROOT = repo_root()
# What a raw role or directive leaves in rendered text: "{cite}" before its (code-styled) key,
# or a code block whose language is "{note}". The notebooks use braces for nothing else.
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}")
RAW_DIRECTIVE = "code[class*='language-{']"
# Every key of references.bib, as a whole word: what an unresolved citation shows.
BIB_KEY = bib_key_pattern()
TIMEOUT_MS = 120_000
# Open without a kernel: rendering Markdown needs none, and 17 kernels would crowd the machine.
OPEN = """async path => {
    await window.jupyterapp.commands.execute(
        'docmanager:open', {path, kernelPreference: {shouldStart: false}});
}"""
# The open notebook's Markdown cells, each rendered (not showing its editor).
_CELLS = (
    "[...[...document.querySelectorAll('.jp-NotebookPanel')].pop()"
    ".querySelectorAll('.jp-MarkdownCell')]"
)
_RENDERED = "c => c.querySelector('.jp-RenderedMarkdown, .myst')"
ALL_RENDERED = (
    f"() => {{ const cells = {_CELLS}; return cells.length > 0 && cells.every({_RENDERED}); }}"
)
# The documents open in the main area, by title.
DOCUMENTS = "() => [...window.jupyterapp.shell.widgets('main')].map(w => w.title.label)"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    home = tmp_path_factory.mktemp("lab-home")
    # Every cell in the DOM (no windowing), so the whole notebook's Markdown can be read.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    token, port = secrets.token_hex(16), free_port()
    log_path = home / "lab.log"
    env = {**os.environ, "HOME": str(home)}
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        # Checkpoints outside the repository: a .ipynb_checkpoints folder in translations/
        # would read as a stray translated notebook.
        f"--FileCheckpoints.root_dir={home / 'checkpoints'}",
        "--LabApp.expose_app_in_browser=True",
        "--allow-root",
    ]
    url = f"http://127.0.0.1:{port}/"
    with running(command, cwd=home, env=env, log_path=log_path, name="jupyter lab",
                 probe=f"{url}api/status?token={token}", startup=90, http_error_means_up=False):
        yield url, token


@pytest.fixture(scope="module")
def lab_page(browser: Any, lab: tuple[str, str]) -> Iterator[tuple[Any, list[str]]]:
    url, token = lab
    context, foreign = loopback_context(browser)
    page = context.new_page()
    page.goto(f"{url}lab?token={token}", timeout=TIMEOUT_MS)
    page.wait_for_function("window.jupyterapp && window.jupyterapp.started", timeout=TIMEOUT_MS)
    page.evaluate("window.jupyterapp.started")
    yield page, foreign
    context.close()


# The book's notebooks and their French and Spanish copies (what learners in those languages open).
NOTEBOOKS = toc_notebooks() + sorted((ROOT / TRANSLATIONS_DIR).glob("*/*/*.ipynb"))


def _language(notebook: Path) -> str:
    parts = notebook.relative_to(ROOT).parts
    return parts[1] if parts[0] == TRANSLATIONS_DIR else "en"


def _in_language(notebook: Path) -> str:
    """The notebook's path within its language: the same for a page and its translations."""
    parts = notebook.relative_to(ROOT).parts
    return "/".join(parts[2:] if parts[0] == TRANSLATIONS_DIR else parts)


# Each page with its translations, opened side by side in one go: the server reads one file
# while the browser renders another, instead of one round trip after the other.
FAMILIES: dict[str, list[Path]] = {}
for _notebook in NOTEBOOKS:
    FAMILIES.setdefault(_in_language(_notebook), []).append(_notebook)

# The rendered text of a cell, text node by text node with a space between: blocks never run
# together (a key at the end of one paragraph stays a word), and no layout is needed, so a
# panel is read where it stands, without being brought to the front and laid out.
TEXT_OF = """el => {
    const parts = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) parts.push(walk.currentNode.nodeValue);
    return parts.join(' ');
}"""
# One round trip per family: open the notebooks side by side, wait until each one's Markdown
# cells are all rendered (not showing their editors), then read each. Under load every round
# trip waits on four processes (pytest, Playwright's driver, chromium, the server).
READ_ALL = f"""async ([paths, timeout]) => {{
    const app = window.jupyterapp;
    const widgets = await Promise.all(paths.map(path => app.commands.execute(
        'docmanager:open', {{path, kernelPreference: {{shouldStart: false}}}})));
    const deadline = Date.now() + timeout;
    const cells = w => [...w.node.querySelectorAll('.jp-MarkdownCell')];
    const rendered = w => cells(w).length > 0 && cells(w).every({_RENDERED});
    const textOf = {TEXT_OF};
    const panels = [];
    for (const w of widgets) {{
        while (!rendered(w)) {{
            if (Date.now() > deadline) {{
                panels.push({{timeout: true}});
                return panels;
            }}
            await new Promise(r => setTimeout(r, 20));
        }}
        panels.push({{
            text: cells(w).map(c => textOf(({_RENDERED})(c))).join('\\n'),
            directives: w.node.querySelectorAll("{RAW_DIRECTIVE}").length,
            glue: [...w.node.querySelectorAll('a[href^="#glue:"]')].map(a => a.textContent),
        }});
    }}
    return panels;
}}"""


def read_panels(page: Any, notebooks: list[Path]) -> list[dict[str, Any]]:
    """Each notebook as JupyterLab shows it: its Markdown's text, its raw directive blocks and
    its glue links' texts (the caller closes them: application:close-all)."""
    paths = [n.relative_to(ROOT).as_posix() for n in notebooks]
    panels: list[dict[str, Any]] = page.evaluate(READ_ALL, [paths, TIMEOUT_MS])
    for notebook, panel in zip(notebooks, panels, strict=False):
        assert "timeout" not in panel, f"{notebook.name} not rendered in {TIMEOUT_MS} ms"
    return panels


def _visible(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text)
    return None if found is None else text[max(0, found.start() - 80) : found.end() + 80]


# jupyterlab-myst 2.7 has no MyST-NB glue: a {glue:text} role would render as its bare key (for
# example "m02_published_t" in module 2's objectives), and the values exist only once the
# notebook has run. The notebooks carry glue as live links (ogp_curriculum.citations) that read
# "figure from the data" in the notebook's language.
def _check_panel(panel: dict[str, Any], notebook: Path) -> None:
    name = notebook.relative_to(ROOT).as_posix()
    text = panel["text"]
    assert (raw := _visible(RAW_MYST, text)) is None, f"{name}: raw MyST visible: {raw}"
    assert panel["directives"] == 0, f"{name}: raw directive"
    # A directive jupyterlab-myst does not know renders as an error box with this title.
    unknown = _visible(re.compile("Unknown Directive"), text)
    assert unknown is None, f"{name}: a directive jupyterlab-myst cannot render: {unknown}"
    assert (key := _visible(BIB_KEY, text)) is None, f"{name}: BibTeX key visible: {key}"
    glued = glue_keys_used(notebook)
    shown = sorted(k for k in glued if re.search(rf"\b{re.escape(k)}\b", text))
    assert shown == [], f"{name}: glue keys visible: {shown[:5]}"
    links = panel["glue"]
    written = notebook.read_text(encoding="utf-8").count("](#glue:")
    assert len(links) == written, f"{name}: {len(links)} glue links shown, {written} written"
    assert set(links) <= {glue_link_text(_language(notebook))}, f"{name}: glue links shown {links}"
    assert not glued or written > 0, f"{name}: glue keys used but no live glue link"


@pytest.mark.parametrize("family", FAMILIES)
def test_no_raw_myst_citation_key_or_glue_key_in_jupyterlab(
    lab_page: tuple[Any, list[str]], family: str
) -> None:
    page, foreign = lab_page
    notebooks = FAMILIES[family]
    try:
        for panel, notebook in zip(read_panels(page, notebooks), notebooks, strict=True):
            _check_panel(panel, notebook)
        assert foreign == [], f"requests to other hosts: {foreign[:3]}"
    finally:
        page.evaluate("window.jupyterapp.commands.execute('application:close-all')")


def test_a_citation_reads_as_author_year_and_goes_nowhere(
    lab_page: tuple[Any, list[str]],
) -> None:
    """A live citation (ogp_curriculum.citations) shows its text; a click opens nothing."""
    page, foreign = lab_page
    page.evaluate(OPEN, "modules/01_welcome.ipynb")
    page.wait_for_function(ALL_RENDERED, timeout=TIMEOUT_MS)
    links = page.locator(".jp-NotebookPanel .jp-MarkdownCell a[href^='#cite:']")
    assert links.count() > 0
    link = links.first
    keys = link.get_attribute("href").split(":")[-1].split(",")
    assert link.inner_text() == citation_text("", keys, load_citations(default_bibfile()))
    assert link.get_attribute("target") != "_blank"
    opened = len(page.context.pages)
    documents = page.evaluate(DOCUMENTS)
    link.click()
    page.wait_for_timeout(1000)
    assert len(page.context.pages) == opened, "a citation opened a tab"
    assert page.evaluate(DOCUMENTS) == documents, "a citation opened or closed a document"
    assert foreign == [], f"requests to other hosts: {foreign[:3]}"
    page.evaluate("window.jupyterapp.commands.execute('application:close-all')")


# Controls: one small notebook per defect, each opened like the book's and each failing the
# panel check with its own message, so every check above can fail. (RAW_DIRECTIVE has none:
# jupyterlab-myst turns every fence into a directive or "language-text" code; a "language-{"
# block shows only if it is not rendering at all.)
CONTROLS = {
    "raw MyST visible": "A role with a stray space is no role: {term} `IRM`.",
    "directive jupyterlab-myst cannot render": "```{unknowndirective}\nA box.\n```",
    "BibTeX key visible": "As ogp_irm_data_2016 shows.",
    "glue keys visible": "[figure from the data](#glue:ctrl_rows) of ctrl_rows rows.",
    "glue links shown": "[the wrong words](#glue:ctrl_rows) rows.",
}


@pytest.fixture(scope="module")
def control_notebooks() -> Iterator[dict[str, Path]]:
    # Under the server's root (the repository), in the ignored _build folder.
    folder = ROOT / "_build" / f"lab-controls-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    notebooks = {}
    for index, (defect, markdown) in enumerate(CONTROLS.items()):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_markdown_cell(f"# Control\n\n{markdown}")]
        notebooks[defect] = folder / f"control_{index}.ipynb"
        nbformat.write(notebook, notebooks[defect])
    try:
        yield notebooks
    finally:
        shutil.rmtree(folder)


def test_each_check_fails_on_its_defect(
    lab_page: tuple[Any, list[str]], control_notebooks: dict[str, Path]
) -> None:
    page, _ = lab_page
    notebooks = list(control_notebooks.values())
    try:
        panels = read_panels(page, notebooks)
        for panel, (defect, notebook) in zip(panels, control_notebooks.items(), strict=True):
            with pytest.raises(AssertionError, match=defect):
                _check_panel(panel, notebook)
    finally:
        page.evaluate("window.jupyterapp.commands.execute('application:close-all')")
