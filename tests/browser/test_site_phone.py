"""Every page of the built book on a 375 px phone, and tabbed through with a keyboard.

- No page scrolls sideways: the document is no wider than the screen.
- Every chart keeps its text readable: a chart drawn for a wider box and shrunk to fit would
  scale its 10-11 px labels down, so each chart must be drawn at (at least) the size it is shown.
- Every control that takes keyboard focus shows it (WCAG 2.4.7): an outline or a box shadow.
"""

from __future__ import annotations

from typing import Any

import pytest

from sitebrowse import LOAD_TIMEOUT_MS, is_loopback, toc_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
# Vega's smallest default font (axis and legend labels) is 10 px; nothing may be shrunk.
MIN_SCALE = 0.99
TABS = 60

# Each chart's drawing (<canvas> or <svg> with class "marks"): the width it is shown at over
# the width it was drawn for.
CHART_SCALES = """() => [...document.querySelectorAll(':is(canvas, svg).marks')].map(el => {
    const shown = el.getBoundingClientRect().width;
    const drawn = el.tagName === 'CANVAS' ? el.width / (window.devicePixelRatio || 1)
                                          : el.width.baseVal.value;
    return drawn > 0 ? shown / drawn : 1;
})"""

FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // A ring on the control itself, or on its box (the theme's search field rings its form).
    const ring = node => {
        const s = getComputedStyle(node);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        return outline || (s.boxShadow && s.boxShadow !== 'none');
    };
    const label = (el.getAttribute('aria-label') || el.textContent || el.tagName).trim();
    const shown = ring(el) || (el.parentElement && ring(el.parentElement));
    return {shown: Boolean(shown), what: el.tagName + ' ' + label.slice(0, 40)};
}"""


def _open(browser: Any, url: str, viewport: dict[str, int]) -> tuple[Any, Any]:
    context = browser.new_context(viewport=viewport)
    context.route(lambda u: not is_loopback(u), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    return context, page


@pytest.mark.parametrize("page_name", toc_pages())
def test_page_fits_a_phone(browser: Any, site_url: str, page_name: str) -> None:
    context, page = _open(browser, site_url + page_name, PHONE)
    try:
        for chart in page.locator(".vega-embed").all():
            chart.locator(":is(canvas, svg).marks").first.wait_for(state="attached", timeout=30_000)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page_name} scrolls sideways by {overflow} px at 375 px"
        small = [round(s, 2) for s in page.evaluate(CHART_SCALES) if s < MIN_SCALE]
        assert not small, f"{page_name}: charts shrunk to {small} of their size (text < 10 px)"
    finally:
        context.close()


@pytest.mark.parametrize("page_name", toc_pages())
def test_keyboard_focus_is_visible(browser: Any, site_url: str, page_name: str) -> None:
    context, page = _open(browser, site_url + page_name, {"width": 1280, "height": 900})
    try:
        hidden: list[str] = []
        seen: set[str] = set()
        for _ in range(TABS):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_SHOWN)
            if state is None or state["what"] in seen:
                continue
            seen.add(state["what"])
            if not state["shown"]:
                hidden.append(state["what"])
        assert not hidden, f"{page_name}: focus not visible on {hidden[:5]}"
    finally:
        context.close()
