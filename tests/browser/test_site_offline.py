"""The built book works offline: its charts, widgets and search (issue 8).

Every page's own load (no error, no other host), launch links and show-widgets button are
checked in test_site_pages.py, on the one visit each page gets.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ogp_curriculum.site.pages import NOTICE_CLASS, NOTICE_TEXT

from sitebrowse import (
    BLOCKING,
    axe_violations,
    book_config,
    describe,
    launch_hrefs,
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
# ogp-widgets.js names the manager's slider handles once they are drawn.
LABELLED = """() => Array.from(document.querySelectorAll('.jupyter-widgets [role="slider"]'))
  .every(handle => handle.hasAttribute("aria-label"))"""
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_VIEW = f'script[type="{WIDGET_VIEW_TYPE}"]'


# Charts and widgets are checked on the pages that have them (found in the built HTML), in
# one test each, rather than once per page: most pages have neither.
def pages_containing(built_site: Path, marker: str) -> list[str]:
    return [page for page in toc_pages() if marker in (built_site / page).read_text("utf-8")]


def test_every_chart_draws_with_a_text_alternative(visit_page, built_site: Path) -> None:
    pages = pages_containing(built_site, 'id="altair-viz-')
    assert len(pages) >= 3, f"charts expected on several pages, found on {pages}"
    problems = []
    for page in pages:
        charts = visit_page(page).page.locator(CHART)
        for index in range(charts.count()):
            chart = charts.nth(index)
            try:
                chart.locator("svg.marks, canvas.marks").first.wait_for(
                    state="visible", timeout=15_000
                )
            except PlaywrightTimeout:
                problems.append(f"{page}: chart {index} never drew")
                continue
            if chart.locator(".error").count():
                problems.append(f"{page}: chart {index}: {chart.inner_text()}")
            # Vega puts the spec's `description` on the view's container as its aria-label.
            if not (chart.evaluate(TEXT_ALTERNATIVE) or "").strip():
                problems.append(f"{page}: chart {index} has no text alternative")
    assert not problems, "\n".join(problems)


def test_a_notice_stands_under_every_widget_and_nowhere_else(built_site: Path) -> None:
    """Static: the build puts one notice per saved widget view, on every page."""
    for page in toc_pages():
        html = (built_site / page).read_text("utf-8")
        assert html.count(f'class="{NOTICE_CLASS}') == html.count(WIDGET_VIEW_TYPE), page


def test_every_widget_notice_is_visible_with_launch_links(visit_page, built_site: Path) -> None:
    pages = pages_containing(built_site, WIDGET_VIEW_TYPE)
    assert len(pages) >= 3, f"widgets expected on several pages, found on {pages}"
    for page in pages:
        browser_page = visit_page(page).page
        views = browser_page.locator(WIDGET_VIEW).count()
        notices = browser_page.locator(f".{NOTICE_CLASS}")
        assert views and notices.count() == views, page
        header = launch_hrefs(browser_page)
        for index in range(views):
            notice = notices.nth(index)
            assert notice.is_visible(), f"{page}: notice {index} hidden"
            assert NOTICE_TEXT in notice.inner_text()
            links = [a.get_attribute("href") for a in notice.locator("a").all()]
            if page in notebook_pages():
                assert links and set(links) == set(header), f"{page}: notice links differ"


def test_saved_widget_state_renders_from_the_site_on_request(browser, site_url, built_site) -> None:
    pages = pages_containing(built_site, WIDGET_STATE_TYPE)
    assert pages, "no page saved widget state to show"
    for page in pages:
        visit = open_page(browser, site_url + page)
        try:
            visit.loading = True  # what the click loads counts as the page's own requests
            visit.page.locator(".ogp-show-widgets").first.click()
            visit.page.wait_for_selector(".ogp-widgets-shown", timeout=30_000)
            visit.page.wait_for_load_state("networkidle")
            views = visit.page.locator(WIDGET_VIEW).count()
            # The manager draws each view where its script is; nested boxes draw more than one.
            visit.page.wait_for_function(
                f"document.querySelectorAll('.cell_output .jupyter-widgets').length >= {views}"
            )
            with contextlib.suppress(PlaywrightTimeout):  # if never labelled, axe says so
                visit.page.wait_for_function(LABELLED, timeout=5_000)
            assert visit.foreign_requests == [], page
            assert visit.failed_requests == [], page
            assert visit.console_errors == [], page
            blocking = [v for v in axe_violations(visit.page) if v["impact"] in BLOCKING]
            assert not blocking, f"{page}: {describe(blocking)}"
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
