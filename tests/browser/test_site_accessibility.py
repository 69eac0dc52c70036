"""axe-core on every page: no serious or critical WCAG 2.1 AA violation (issue 8)."""

from __future__ import annotations

import pytest

from sitebrowse import BLOCKING, axe_violations, describe, toc_pages

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("page", toc_pages())
def test_no_serious_accessibility_violation(visit_page, page: str) -> None:
    browser_page = visit_page(page).page
    # Let charts draw first: axe should judge what the learner sees.
    for chart in browser_page.locator('div[id^="altair-viz-"]').all():
        chart.locator("svg.marks, canvas.marks").first.wait_for(state="visible", timeout=15_000)
    blocking = [v for v in axe_violations(browser_page) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)


@pytest.mark.parametrize("page", toc_pages())
def test_headings_are_in_order(visit_page, page: str) -> None:
    levels = visit_page(page).page.locator("main h1, main h2, main h3, main h4, main h5, main h6")
    # The theme repeats the title in a print-only block; judge what is on screen.
    tags = levels.evaluate_all("hs => hs.filter(h => h.checkVisibility()).map(h => h.tagName)")
    numbers = [int(tag[1]) for tag in tags]
    assert numbers, f"{page} has no heading"
    assert numbers[0] == 1, f"{page} does not start with one h1: {numbers}"
    assert numbers.count(1) == 1, f"{page} has several h1: {numbers}"
    skips = [(a, b) for a, b in zip(numbers, numbers[1:], strict=False) if b > a + 1]
    assert not skips, f"{page} skips heading levels: {skips}"
