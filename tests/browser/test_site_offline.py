"""The built book works offline (issue 8): where its charts and widgets are, and its search.

Every page's own load (no error, no other host), its charts, launch links and saved widgets
are checked in the browser by test_every_page.py, on the one visit each page gets; the static
checks here keep those honest (charts and widgets are where that module looks for them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chromium_browser import loopback_context  # tests/chromium_browser.py

from ogp_curriculum.site.pages import NOTICE_CLASS

from sitebrowse import (
    book_config,
    notebook_pages,
    open_page,
    toc_pages,
)

pytestmark = pytest.mark.browser

WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_TYPE = "application/vnd.jupyter.widget-view+json"


def pages_containing(built_site: Path, marker: str) -> list[str]:
    return [page for page in toc_pages() if marker in (built_site / page).read_text("utf-8")]


# test_every_page.py checks charts on every page it runs axe on, and widgets on notebook
# pages; these static checks keep that honest.
def test_charts_and_saved_widgets_are_on_several_pages(built_site: Path) -> None:
    charts = pages_containing(built_site, 'id="altair-viz-')
    saved = pages_containing(built_site, WIDGET_STATE_TYPE)
    assert len(charts) >= 3, f"charts expected on several pages, found on {charts}"
    assert len(saved) >= 3, f"saved widgets expected on several pages, found on {saved}"


def test_widgets_are_on_notebook_pages_only(built_site: Path) -> None:
    elsewhere = [page for page in pages_containing(built_site, WIDGET_VIEW_TYPE)
                 if page not in notebook_pages()]
    assert not elsewhere, f"widget views outside notebook pages: {elsewhere}"


def test_a_notice_stands_under_every_widget_and_nowhere_else(built_site: Path) -> None:
    """Static: the build puts one notice per saved widget view, on every page."""
    for page in toc_pages():
        html = (built_site / page).read_text("utf-8")
        assert html.count(f'class="{NOTICE_CLASS}') == html.count(WIDGET_VIEW_TYPE), page


# What the theme's search needs: Sphinx's scripts and the whole index (ogp_curriculum/site/
# templates/layout.html keeps them off every page but search.html).
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")


def test_only_the_search_page_loads_the_search_index(language_sites: dict[str, Path]) -> None:
    """On every page of every language's site (a translation is built with the same templates)."""
    for language, site in language_sites.items():
        loading = {page: [s for s in SEARCH_SCRIPTS if f'{s}"></script>' in
                          (site / page).read_text("utf-8")] for page in toc_pages()}
        assert loading.pop("search.html") == list(SEARCH_SCRIPTS), f"{language}/search.html"
        assert not {f"{language}/{page}": found for page, found in loading.items() if found}


def test_search_from_a_page_finds_a_known_word(browser: Any, site_url: str) -> None:
    """A reader on an ordinary page opens the header's search, types a word and presses Enter:
    search.html lists pages with it, offline."""
    word = book_config()["title"].split()[-1]  # "Government", from the book's own title
    visit = open_page(browser, f"{site_url}intro.html")
    try:
        page = visit.page
        page.locator(".search-button__button").first.click()
        field = page.locator("#pst-search-dialog input[name=q]")
        field.fill(word)
        visit.loading = True  # search.html's own load: its errors and failed requests count
        field.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15_000)
        assert results.count() > 0
        assert visit.console_errors == [] and visit.foreign_requests == []
    finally:
        visit.page.context.close()


# Not served: a host by name (.invalid never resolves anywhere) and one by address (TEST-NET-3).
ELSEWHERE = ("http://cdn.example.invalid/a.png", "http://203.0.113.7/b.png")
# How chromium reports a request it sent to ogp_curriculum.chromium.NO_OTHER_HOST. A machine
# without internet fails these requests anyway, but with another error (no such name, no
# route), so this is what shows that the browser itself stopped them.
STOPPED_BY_THE_BROWSER = "net::ERR_PROXY_CONNECTION_FAILED"


def test_the_browser_reaches_no_other_host(browser: Any, site_url: str) -> None:
    """Control for every "no other host" check in the suite: its chromium fails a request to
    another host, by name or by address, and lists it, while 127.0.0.1 loads as usual."""
    context, foreign = loopback_context(browser)
    failures: dict[str, str] = {}
    context.on("requestfailed", lambda request: failures.update({request.url: request.failure}))
    try:
        page = context.new_page()
        assert page.goto(f"{site_url}intro.html").status == 200
        page.goto("about:blank")  # no page policy of the site's in the way
        page.set_content("".join(f'<img src="{url}">' for url in ELSEWHERE))
        page.wait_for_function("[...document.images].every(img => img.complete)")
        loaded = page.evaluate("[...document.images].filter(img => img.naturalWidth > 0).length")
    finally:
        context.close()
    assert loaded == 0
    assert sorted(foreign) == sorted(ELSEWHERE)
    assert {url: failures.get(url) for url in ELSEWHERE} == dict.fromkeys(
        ELSEWHERE, STOPPED_BY_THE_BROWSER)
