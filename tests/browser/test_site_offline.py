"""The built book works offline: every page, chart, widget, search and launch link (issue 8)."""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ogp_curriculum.site.pages import NOTICE_CLASS, NOTICE_TEXT

from sitebrowse import (
    BLOCKING,
    axe_violations,
    book_config,
    describe,
    notebook_pages,
    open_page,
    toc_pages,
)

pytestmark = pytest.mark.browser

CHART = 'div[id^="altair-viz-"]'
TEXT_ALTERNATIVE = """chart => {
  const view = chart.matches('[role="graphics-document"]')
    ? chart : chart.querySelector('[role="graphics-document"]');
  return view && view.getAttribute("aria-label");
}"""
HEADER_LAUNCH = ".dropdown-launch-buttons a"
# ogp-widgets.js names the manager's slider handles once they are drawn.
LABELLED = """() => Array.from(document.querySelectorAll('.jupyter-widgets [role="slider"]'))
  .every(handle => handle.hasAttribute("aria-label"))"""
WIDGET_STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'


@pytest.mark.parametrize("page", toc_pages())
def test_page_loads_without_errors_or_other_hosts(visit_page, page: str) -> None:
    visit = visit_page(page)
    assert visit.status == 200
    assert visit.foreign_requests == [], "requests to other hosts (blocked)"
    assert visit.failed_requests == []
    assert visit.console_errors == []


@pytest.mark.parametrize("page", toc_pages())
def test_every_chart_draws(visit_page, page: str) -> None:
    browser_page = visit_page(page).page
    charts = browser_page.locator(CHART)
    for index in range(charts.count()):
        chart = charts.nth(index)
        drawn = chart.locator("svg.marks, canvas.marks")
        drawn.first.wait_for(state="visible", timeout=15_000)
        assert chart.locator(".error").count() == 0, chart.inner_text()


@pytest.mark.parametrize("page", toc_pages())
def test_every_chart_has_a_text_alternative(visit_page, page: str) -> None:
    browser_page = visit_page(page).page
    charts = browser_page.locator(CHART)
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.locator("svg.marks, canvas.marks").first.wait_for(state="visible", timeout=15_000)
        # Vega puts the spec's `description` on the view's container as its aria-label.
        label = chart.evaluate(TEXT_ALTERNATIVE) or ""
        assert label.strip(), f"chart {index} on {page} has no text alternative"


@pytest.mark.parametrize("page", toc_pages())
def test_every_widget_shows_the_notice_with_launch_links(visit_page, page: str) -> None:
    browser_page = visit_page(page).page
    views = browser_page.locator(WIDGET_VIEW).count()
    notices = browser_page.locator(f".{NOTICE_CLASS}")
    assert notices.count() == views
    header = launch_hrefs(browser_page, HEADER_LAUNCH)
    for index in range(views):
        notice = notices.nth(index)
        assert notice.is_visible()
        assert NOTICE_TEXT in notice.inner_text()
        links = [a.get_attribute("href") for a in notice.locator("a").all()]
        if page in notebook_pages():
            assert links and set(links) == set(header), "notice links differ from the header's"


def widget_pages() -> list[str]:
    return [page for page in toc_pages() if page in notebook_pages()]


@pytest.mark.parametrize("page", widget_pages())
def test_saved_widget_state_renders_from_the_site_on_request(browser, site_url, page) -> None:
    visit = open_page(browser, site_url + page)
    try:
        buttons = visit.page.locator(".ogp-show-widgets")
        saved_state = visit.page.locator(WIDGET_STATE).count()
        # The button is offered exactly where the build saved widget state to show.
        assert (buttons.count() > 0) == (saved_state > 0)
        if not saved_state:
            return
        visit.loading = True  # what the click loads counts as the page's own requests
        buttons.first.click()
        visit.page.wait_for_selector(".ogp-widgets-shown", timeout=30_000)
        visit.page.wait_for_load_state("networkidle")
        views = visit.page.locator(WIDGET_VIEW).count()
        # The manager draws each view where its script is; nested boxes draw more than one.
        visit.page.wait_for_function(
            f"document.querySelectorAll('.cell_output .jupyter-widgets').length >= {views}"
        )
        with contextlib.suppress(PlaywrightTimeout):  # if never labelled, axe says so below
            visit.page.wait_for_function(LABELLED, timeout=5_000)
        assert visit.foreign_requests == []
        assert visit.failed_requests == []
        assert visit.console_errors == []
        blocking = [v for v in axe_violations(visit.page) if v["impact"] in BLOCKING]
        assert not blocking, describe(blocking)
    finally:
        visit.page.context.close()


def test_search_finds_a_known_word(visit_page, browser, site_url) -> None:
    word = book_config()["title"].split()[-1]  # "Government", from the book's own title
    visit = open_page(browser, f"{site_url}search.html?q={word}")
    try:
        results = visit.page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15_000)
        assert results.count() > 0
        assert visit.console_errors == [] and visit.foreign_requests == []
    finally:
        visit.page.context.close()


def launch_hrefs(browser_page, selector: str) -> list[str]:
    hrefs = browser_page.locator(selector).evaluate_all("as => as.map(a => a.href)")
    launch = book_config()["launch_buttons"]
    starts = tuple(
        launch[key].rstrip("/") for key in ("binderhub_url", "jupyterhub_url") if launch.get(key)
    )
    return sorted({href for href in hrefs if href.startswith(starts)})


@pytest.mark.parametrize("page", notebook_pages())
def test_launch_buttons_point_where_config_says(visit_page, page: str) -> None:
    config = book_config()
    repo_url = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    book_path = config["repository"].get("path_to_book", "").strip("/")
    launch = config["launch_buttons"]
    ui = "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree"
    org, repo = urlsplit(repo_url).path.strip("/").split("/")[:2]
    notebook = "/".join(part for part in (book_path, page.replace(".html", ".ipynb")) if part)

    hrefs = launch_hrefs(visit_page(page).page, HEADER_LAUNCH)
    binderhub = launch["binderhub_url"].rstrip("/")
    binder = f"{binderhub}/v2/gh/{org}/{repo}/{branch}?urlpath={ui}/{notebook}"
    assert binder in hrefs
    hub = [h for h in hrefs if h.startswith(launch["jupyterhub_url"].rstrip("/"))]
    assert len(hub) == 1
    assert urlsplit(hub[0]).path == "/hub/user-redirect/git-pull"
    query = parse_qs(urlsplit(hub[0]).query)
    assert query["repo"] == [repo_url]
    assert query["branch"] == [branch]
    assert query["urlpath"] == [f"{ui}/{repo}/{notebook}"]
