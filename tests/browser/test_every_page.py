"""Every page of the built book, in every language: one first load, judged by every check.

Each (language, page) is loaded once at 1280 px in its language's tab (every request to a
host other than 127.0.0.1 fails in the browser and is recorded; the tab caches what the site
lets it, as a reader's browser does, and still weighs each page as a first load), and the
checks below read that one visit in the order they are written. A check that changes the
page says so, and a later check that cannot accept the change gets a new load.
Each page's checks are one unit of work (tests/conftest.py, ``ONE_UNIT_PER_PARAMETER``): they
run together on one worker, and the pages spread over all the workers.

- Every page: loads with no error, failed request or request to another host; in its own
  language; within the first-load budget; headings in order; last, narrowed to 375 px: no
  sideways scroll and no chart shrunk below its drawn size.
- English pages: axe-core (WCAG 2.1 AA) in light and dark mode, and a text alternative on
  every chart; visible keyboard focus; on notebook pages, launch buttons, and saved widgets
  with their notices, drawn on request.
- French and Spanish pages: no English UI string (tests/browser/uiwords.py); axe-core on two
  pages with the switcher, the review notice and ``lang`` tags (the chrome is the same on all).
  test_translated_sites.py loads two pages per language at a phone's width from the start.

Static checks of the built HTML (where charts and widgets are) and the search page are in
test_site_offline.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.site.pages import NOTICE_CLASS, NOTICE_TEXT

from sitebrowse import (
    BLOCKING,
    BOOK_ROOT,
    DESKTOP,
    HEADER_LAUNCH,
    PAGE_BUDGET_BYTES,
    Tab,
    Visit,
    axe_violations,
    book_config,
    describe,
    launch_hrefs,
    notebook_pages,
    toc_pages,
)
from uiwords import PAGE_WORDS, english_found, english_ui_strings

pytestmark = pytest.mark.browser

TRANSLATIONS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PHONE = {"width": 375, "height": 800}
# Vega's smallest default font (axis and legend labels) is 10 px; nothing may be shrunk.
MIN_SCALE = 0.99
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
# axe on the translated chrome: the language switcher and review notice are the same on every
# page, so a prose page and a notebook page with widgets stand for the rest.
TRANSLATED_AXE_PAGES = ("intro.html", "exercises/irm_explorer.html")


def pages(languages: list[str] | tuple[str, ...], only: list[str] | None = None) -> list[Any]:
    """(language, page) parameters; the id names the unit of work (tests/conftest.py)."""
    return [
        pytest.param(language, page, id=f"{language}/{page}")
        for language in languages
        for page in (only if only is not None else toc_pages())
    ]


ALL = pages(LANGUAGES)
ENGLISH = pages([SOURCE_LANGUAGE])
ENGLISH_NOTEBOOKS = pages([SOURCE_LANGUAGE], notebook_pages())
TRANSLATED = pages(TRANSLATIONS)
AXE_LIGHT = ENGLISH + pages(TRANSLATIONS, list(TRANSLATED_AXE_PAGES))


class Survey:
    """The module's visits: one desktop tab per language, which goes from page to page.

    The tab reuses the theme's files from its cache, as a reader's browser does, and weighs
    each page as a first load (``test_a_warm_tab_weighs_a_first_load`` holds it to that). A
    page is loaded again only for a check that cannot accept what an earlier check did to it
    (``changes``: widgets drawn, dark mode, a phone's width).
    """

    def __init__(self, browser: Any, site_url: str, request: pytest.FixtureRequest) -> None:
        self.browser, self.site_url, self.request = browser, site_url, request
        self.current: tuple[tuple[str, str], Visit] | None = None
        self.changes: set[str] = set()
        self.tabs: dict[str, Tab] = {}

    def root(self, language: str) -> str:
        """The URL of the ``language`` site: the English one, or its ``fr/`` or ``es/``."""
        if language == SOURCE_LANGUAGE:
            return self.site_url
        if language not in self.request.getfixturevalue("language_sites"):
            pytest.skip(f"the book under test ({BOOK_ROOT}) is built in English only")
        return f"{self.site_url}{language}/"

    def visit(self, language: str, page: str, accept: frozenset[str] = frozenset()) -> Visit:
        """The page as its first load left it, give or take the ``accept``-ed changes."""
        key = (language, page)
        if self.current is None or self.current[0] != key or not self.changes <= accept:
            self.current = (key, self.tab(language).goto(self.root(language) + page))
            self.changes = set()
        return self.current[1]

    def changed(self, what: str) -> None:
        """A check changed the current page (``what``); later checks say if they accept it."""
        self.changes.add(what)

    def tab(self, language: str) -> Tab:
        if language not in self.tabs:
            self.tabs[language] = Tab(self.browser)
        return self.tabs[language]

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.close()


@pytest.fixture(scope="module")
def survey(browser: Any, site_url: str, request: pytest.FixtureRequest) -> Iterator[Survey]:
    found = Survey(browser, site_url, request)
    yield found
    found.close()


def wait_for_charts(browser_page: Any) -> None:
    """Let every chart draw first: the checks judge what the learner sees."""
    for chart in browser_page.locator(".vega-embed").all():
        chart.locator(":is(canvas, svg).marks").first.wait_for(state="visible", timeout=30_000)


# --- every page, every language --------------------------------------------------------------


@pytest.mark.parametrize(("language", "page"), ALL)
def test_page_loads_without_errors_or_other_hosts(survey: Survey, language: str,
                                                   page: str) -> None:
    visit = survey.visit(language, page)
    assert visit.status == 200
    assert visit.page.evaluate("document.documentElement.lang") == language
    assert visit.foreign_requests == [], "requests to other hosts (blocked)"
    assert visit.failed_requests == []
    assert visit.console_errors == []


@pytest.mark.parametrize(("language", "page"), ALL)
def test_first_load_within_budget(survey: Survey, record_weight: Any, language: str,
                                  page: str) -> None:
    visit = survey.visit(language, page)
    name = page if language == SOURCE_LANGUAGE else f"{language}/{page}"
    record_weight(name, visit.first_load_bytes)
    assert visit.first_load_bytes <= PAGE_BUDGET_BYTES, (
        f"{name}: {visit.first_load_bytes / 1000:.0f} kB on first load"
    )


@pytest.mark.parametrize(("language", "page"), ALL)
def test_headings_are_in_order(survey: Survey, language: str, page: str) -> None:
    levels = survey.visit(language, page).page.locator(
        "main h1, main h2, main h3, main h4, main h5, main h6"
    )
    # The theme repeats the title in a print-only block; judge what is on screen.
    tags = levels.evaluate_all("hs => hs.filter(h => h.checkVisibility()).map(h => h.tagName)")
    numbers = [int(tag[1]) for tag in tags]
    assert numbers, f"{page} has no heading"
    assert numbers[0] == 1, f"{page} does not start with one h1: {numbers}"
    assert numbers.count(1) == 1, f"{page} has several h1: {numbers}"
    skips = [(a, b) for a, b in zip(numbers, numbers[1:], strict=False) if b > a + 1]
    assert not skips, f"{page} skips heading levels: {skips}"


# --- accessibility ---------------------------------------------------------------------------


# Vega puts the spec's `description` on the view's container as its aria-label.
CHART_PROBLEMS = """() => [...document.querySelectorAll('div[id^="altair-viz-"]')].flatMap(
  (chart, index) => {
    const view = chart.matches('[role="graphics-document"]')
      ? chart : chart.querySelector('[role="graphics-document"]');
    const problems = [];
    if (chart.querySelector('.error')) problems.push(`chart ${index}: ${chart.innerText}`);
    if (!(view && (view.getAttribute('aria-label') || '').trim()))
      problems.push(`chart ${index} has no text alternative`);
    return problems;
  })"""


@pytest.mark.parametrize(("language", "page"), AXE_LIGHT)
def test_no_serious_accessibility_violation(survey: Survey, language: str, page: str) -> None:
    """axe-core's WCAG 2.1 AA rules, and a text alternative on every chart (WCAG 1.1.1,
    which axe cannot judge on a Vega drawing), once every chart has drawn without error."""
    browser_page = survey.visit(language, page).page
    wait_for_charts(browser_page)
    charts = browser_page.evaluate(CHART_PROBLEMS)
    assert not charts, f"{language}/{page}: " + "; ".join(charts)
    blocking = [v for v in axe_violations(browser_page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


@pytest.mark.parametrize(("language", "page"), TRANSLATED)
def test_no_english_ui_string(survey: Survey, language: str, page: str) -> None:
    """English on purpose is marked ``lang="en"`` and code is left out (uiwords.PAGE_WORDS)."""
    words = survey.visit(language, page).page.evaluate(PAGE_WORDS)
    found = english_found(words, english_ui_strings(language))
    assert not found, f"{language}/{page} shows English UI strings: {found}"


# --- launch buttons and saved widgets (English notebook pages) -------------------------------


@pytest.mark.parametrize(("language", "page"), ENGLISH_NOTEBOOKS)
def test_launch_buttons_point_where_config_says(survey: Survey, language: str,
                                                page: str) -> None:
    config = book_config()
    repo_url = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    book_path = config["repository"].get("path_to_book", "").strip("/")
    launch = config["launch_buttons"]
    ui = "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree"
    org, repo = urlsplit(repo_url).path.strip("/").split("/")[:2]
    notebook = "/".join(part for part in (book_path, page.replace(".html", ".ipynb")) if part)

    browser_page = survey.visit(language, page).page
    hrefs = launch_hrefs(browser_page, HEADER_LAUNCH)
    binderhub = launch["binderhub_url"].rstrip("/")
    binder = f"{binderhub}/v2/gh/{org}/{repo}/{branch}?urlpath={ui}/{notebook}"
    assert binder in hrefs
    hub_url = (launch.get("jupyterhub_url") or "").rstrip("/")
    if not hub_url:  # no hub configured: no hub link anywhere on the page
        all_hrefs = browser_page.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert not [h for h in all_hrefs if "/hub/user-redirect/" in h]
        return
    hub = [h for h in hrefs if h.startswith(hub_url)]
    assert len(hub) == 1
    assert urlsplit(hub[0]).path == "/hub/user-redirect/git-pull"
    query = parse_qs(urlsplit(hub[0]).query)
    assert query["repo"] == [repo_url]
    assert query["branch"] == [branch]
    assert query["urlpath"] == [f"{ui}/{repo}/{notebook}"]


# --- keyboard focus, saved widgets, dark mode (each changes the page: last) ------------

# Every control Tab reaches, focused in turn after one real Tab press: once the keyboard has
# moved focus, focus moved by script matches :focus-visible too (the focus-visible heuristic),
# so each control is styled as a learner tabbing to it sees it. Element.focus() is a no-op on
# what Tab skips (hidden, disabled, inert, in a closed <details>), and the check skips those.
# Whether each shows its focus: an outline or a box shadow, on itself or on its box (the
# theme's search field rings its form), by name.
FOCUS_EVERY_CONTROL = """() => {
    const ring = node => {
        const s = getComputedStyle(node);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        return outline || (s.boxShadow && s.boxShadow !== 'none');
    };
    const reached = [];
    for (const el of document.querySelectorAll('*')) {
        if (el.tabIndex < 0) continue;
        if (el !== document.activeElement) el.focus({preventScroll: true});
        if (document.activeElement !== el) continue;
        const label = (el.getAttribute('aria-label') || el.textContent || el.tagName).trim();
        const shown = ring(el) || (el.parentElement && ring(el.parentElement));
        reached.push({shown: Boolean(shown), what: el.tagName + ' ' + label.slice(0, 40)});
    }
    document.activeElement?.blur();
    window.scrollTo(0, 0);
    return reached;
}"""


def unfocused_controls(browser_page: Any) -> list[str]:
    """The controls Tab reaches on the page that show no focus, by name (none reached fails)."""
    browser_page.keyboard.press("Tab")
    reached = browser_page.evaluate(FOCUS_EVERY_CONTROL)
    assert reached, "Tab reached no control"
    return sorted({state["what"] for state in reached if not state["shown"]})


@pytest.mark.parametrize(("language", "page"), ENGLISH)
def test_keyboard_focus_is_visible(survey: Survey, language: str, page: str) -> None:
    """WCAG 2.4.7 on every control Tab reaches. English pages: the French and Spanish ones
    have the same controls and CSS (their widths are checked on a phone above)."""
    hidden = unfocused_controls(survey.visit(language, page).page)
    assert not hidden, f"{language}/{page}: focus not visible on {hidden[:5]}"


# ogp-widgets.js names the manager's slider handles once they are drawn.
LABELLED = """() => Array.from(document.querySelectorAll('.jupyter-widgets [role="slider"]'))
  .every(handle => handle.hasAttribute("aria-label"))"""


@pytest.mark.parametrize(("language", "page"), ENGLISH_NOTEBOOKS)
def test_saved_widgets_have_notices_and_render_on_request(
    survey: Survey, built_site: Path, language: str, page: str
) -> None:
    """A visible notice with the page's launch links stands under every saved widget view; the
    show-widgets button is offered only with saved state, and a click draws every view from
    the site's own files, with no error and no serious axe violation. (Widgets appear on
    notebook pages only: test_site_offline.py checks that on the built HTML.)"""
    visit = survey.visit(language, page)
    browser_page = visit.page
    views = browser_page.locator(WIDGET_VIEW).count()
    notices = browser_page.locator(f".{NOTICE_CLASS}")
    assert notices.count() == views, f"{page}: {notices.count()} notices for {views} views"
    header = launch_hrefs(browser_page)
    for index in range(views):
        notice = notices.nth(index)
        assert notice.is_visible(), f"{page}: notice {index} hidden"
        assert NOTICE_TEXT in notice.inner_text()
        links = [a.get_attribute("href") for a in notice.locator("a").all()]
        assert links and set(links) == set(header), f"{page}: notice links differ"

    saved = WIDGET_STATE_TYPE in (built_site / page).read_text("utf-8")
    buttons = browser_page.locator(".ogp-show-widgets")
    assert (buttons.count() > 0) == saved, page
    if not saved:
        return
    visit.loading = True  # what the click loads counts as the page's own requests
    buttons.first.click()
    browser_page.wait_for_selector(".ogp-widgets-shown", timeout=30_000)
    visit.in_flight.settle(browser_page)
    visit.loading = False
    # The manager draws each view where its script is; nested boxes draw more than one.
    browser_page.wait_for_function(
        f"document.querySelectorAll('.cell_output .jupyter-widgets').length >= {views}"
    )
    with contextlib.suppress(PlaywrightTimeout):  # if never labelled, axe says so
        browser_page.wait_for_function(LABELLED, timeout=5_000)
    assert visit.foreign_requests == [], page
    assert visit.failed_requests == [], page
    assert visit.console_errors == [], page
    survey.changed("widgets")
    blocking = [v for v in axe_violations(browser_page) if v["impact"] in BLOCKING]
    assert not blocking, f"{page}: {describe(blocking)}"


# Each chart's drawing (<canvas> or <svg> with class "marks"): the width it is shown at over
# the width it was drawn for.
CHART_SCALES = """() => [...document.querySelectorAll(':is(canvas, svg).marks')].map(el => {
    const shown = el.getBoundingClientRect().width;
    const drawn = el.tagName === 'CANVAS' ? el.width / (window.devicePixelRatio || 1)
                                          : el.width.baseVal.value;
    return drawn > 0 ? shown / drawn : 1;
})"""


# The page's widths (the document's and each chart's, shown and drawn), once they are the same
# over two animation frames and 50 ms: the layout and Vega's redraw after a resize are done.
SETTLE_LAYOUT = """async () => {
    const read = () => JSON.stringify([document.documentElement.scrollWidth,
        ...[...document.querySelectorAll(':is(canvas, svg).marks')].map(el => [
            el.getBoundingClientRect().width,
            el.tagName === 'CANVAS' ? el.width : el.width.baseVal.value])]);
    const frames = () => new Promise(done => requestAnimationFrame(
        () => requestAnimationFrame(done)));
    let last = null;
    for (let round = 0; round < 100; round++) {
        await frames();
        const now = read();
        if (now === last) return true;
        last = now;
        await new Promise(done => setTimeout(done, 50));
    }
    return false;
}"""


def shrunk_charts(browser_page: Any, where: str) -> list[float]:
    """Once the layout has settled, each chart shown below ``MIN_SCALE`` of its drawn width."""
    assert browser_page.evaluate(SETTLE_LAYOUT), f"{where}: layout still moving"
    return [round(s, 2) for s in browser_page.evaluate(CHART_SCALES) if s < MIN_SCALE]


# What pydata-sphinx-theme's colour-mode button does: set the mode and theme on <html>.
DARK = "() => { const root = document.documentElement; root.dataset.mode = 'dark'; " \
    "root.dataset.theme = 'dark'; }"
# axe-core's WCAG 2.1 AA rules whose outcome depends on colours.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


@pytest.mark.parametrize(("language", "page"), ENGLISH)
def test_no_serious_accessibility_violation_in_dark_mode(survey: Survey, language: str,
                                                          page: str) -> None:
    """Readers can switch the theme to dark: only the rules that judge colour run (the mode
    changes colours, not structure, names or roles, which the light-mode check judges). On
    notebook pages the saved widgets are drawn, as a reader who asked for them sees them.
    The mode pads outputs, so every chart drawn as wide as its column must be drawn again at
    the narrower width, not shrunk with its text."""
    browser_page = survey.visit(language, page, accept=frozenset({"widgets"})).page
    survey.changed("dark")
    browser_page.evaluate(DARK)
    browser_page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
    # The theme fades colours: judge contrast once the transitions have finished.
    browser_page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000
    )
    blocking = [v for v in axe_violations(browser_page, COLOUR_RULES) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
    # Dark mode pads outputs: a chart as wide as its column must be drawn again, not shrunk.
    small = shrunk_charts(browser_page, f"{language}/{page} in dark mode")
    assert not small, f"{language}/{page}: dark mode shrinks charts to {small} of their size"


@pytest.mark.parametrize(("language", "page"), ALL)
def test_page_fits_a_phone(survey: Survey, language: str, page: str) -> None:
    """No page scrolls sideways at 375 px (French and Spanish words are longer), and no chart
    is drawn for a wider box and shrunk, which would scale its 10 px labels down.

    The page's tab is narrowed to a phone's width after the desktop checks, as a reader turns
    a tablet or narrows a window: media queries and the charts' container widths answer a
    resize as they answer a first load. On notebook pages the saved widgets are drawn, so
    they are judged too."""
    tab = survey.visit(language, page, accept=frozenset({"widgets", "dark"})).page
    survey.changed("phone")
    tab.set_viewport_size(PHONE)
    try:
        wait_for_charts(tab)
        small = shrunk_charts(tab, f"{language}/{page} at 375 px")
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    finally:
        tab.set_viewport_size(DESKTOP)  # the tab's next page loads at desktop width
    assert overflow <= 0, f"{language}/{page} scrolls sideways by {overflow} px at 375 px"
    assert not small, f"{language}/{page}: charts shrunk to {small} of their size (text < 10 px)"


# A warm tab's walk for the control below: module 1 uses the theme's icon font, the guide
# uses none (a font the tab has cached attaches to every later page that declares it: the
# server does not let fonts be kept), module 2 adds the chart libraries.
WARM_WALK = ("intro.html", "modules/01_welcome.html", "trainers/facilitator_guide.html",
             "modules/02_critical_juncture.html")


def test_a_warm_tab_weighs_a_first_load(browser: Any, site_url: str) -> None:
    """Control for the budget: each page's weight in a tab that has cached the theme from the
    pages before it is what a fresh browser transfers for it, though the tab fetched less."""
    warm = Tab(browser)
    try:
        walked = [warm.goto(site_url + page) for page in WARM_WALK]
        for page, visit in zip(WARM_WALK[1:], walked[1:], strict=True):
            fresh = Tab(browser)
            try:
                first = fresh.goto(site_url + page)
            finally:
                fresh.close()
            assert first.network_bytes == first.first_load_bytes > 100_000, (page, first)
            assert visit.first_load_bytes == first.first_load_bytes, (
                f"{page}: {visit.first_load_bytes} bytes weighed in a warm tab, "
                f"{first.first_load_bytes} on a first visit")
            # The tab took the theme's scripts and styles (over 100 kB) from its cache: the
            # control is not vacuous.
            assert visit.network_bytes < first.network_bytes - 100_000, (
                page, visit.network_bytes, first.network_bytes)
    finally:
        warm.close()


def test_the_colour_rules_catch_poor_contrast(browser: Any) -> None:
    """Control: the rule subset fails a page whose text barely differs from its background."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<html lang="en"><body style="background:#fff">'
                         '<main><p style="color:#ddd">faint</p></main></body></html>')
        found = {v["id"] for v in axe_violations(page, COLOUR_RULES)}
        assert found == {"color-contrast"}, found
    finally:
        context.close()


def test_the_focus_check_catches_a_hidden_focus_ring(browser: Any) -> None:
    """Control: a link styled without a ring fails the check; the default ring, a box shadow
    on a field's box, a hidden control and a disabled one do not count against the page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="en"><body><main>'
            '<a href="#a">first</a>'
            '<a href="#b" style="outline:none">no ring</a>'
            '<form style="box-shadow:0 0 0 2px blue"><input aria-label="ringed box"'
            ' style="outline:none"></form>'
            '<button style="display:none;outline:none">hidden</button>'
            '<button disabled style="outline:none">disabled</button>'
            '<div tabindex="0" style="outline:none">made focusable</div>'
            '</main></body></html>'
        )
        assert unfocused_controls(page) == ["A no ring", "DIV made focusable"]
    finally:
        context.close()
