"""Every page of the built book, in every language, on a 375 px phone and tabbed through with
a keyboard.

- No page scrolls sideways: the document is no wider than the screen (French and Spanish
  words are longer: "gouvernement", "implementación").
- Every chart keeps its text readable: a chart drawn for a wider box and shrunk to fit would
  scale its 10-11 px labels down, so each chart must be drawn at (at least) the size it is shown.
- Every control that takes keyboard focus shows it (WCAG 2.4.7): an outline or a box shadow.
  Checked on the English pages only: the fr and es pages have the same controls and CSS, only
  their words differ, and words change widths (checked above in every language), not focus.

The English site is the suite's ``built_site``; the French and Spanish ones are its ``fr/`` and
``es/`` folders (the suite's one build per language, ``built_translations``). Each language
gets one browser tab per viewport for the whole module, which goes from page to page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE

from sitebrowse import BOOK_ROOT, LOAD_TIMEOUT_MS, REPO_ROOT, is_loopback, toc_pages

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


DESKTOP = {"width": 1280, "height": 900}
PAGES = [
    pytest.param(language, page, id=f"{language}/{page}")
    for language in LANGUAGES
    for page in toc_pages()
]


def _site_root(request: pytest.FixtureRequest, built_site: Path, site_url: str,
               language: str) -> str:
    """The URL of the ``language`` site: the English one, or its ``fr/`` or ``es/`` folder."""
    if language == SOURCE_LANGUAGE:
        return site_url
    if not os.environ.get("OGP_SITE_HTML"):
        if BOOK_ROOT != REPO_ROOT:
            pytest.skip(f"the book under test ({BOOK_ROOT}) is built in English only")
        request.getfixturevalue("built_translations")  # the suite's one build per language
    if not (built_site / language / "index.html").is_file():
        pytest.fail(f"no {language} site in {built_site} (make book builds every language)")
    return f"{site_url}{language}/"


@pytest.fixture(scope="module")
def tab(browser: Any, built_site: Path, site_url: str,
        request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """``tab(language, page_name, viewport)``: the page loaded in the module's one tab for that
    language and viewport (a context each, so no state crosses languages or sizes)."""
    tabs: dict[tuple[str, int, int], Any] = {}
    roots: dict[str, str] = {}

    def load(language: str, page_name: str, viewport: dict[str, int]) -> Any:
        if language not in roots:
            roots[language] = _site_root(request, built_site, site_url, language)
        key = (language, viewport["width"], viewport["height"])
        if key not in tabs:
            context = browser.new_context(viewport=viewport)
            context.route(lambda u: not is_loopback(u),
                          lambda route: route.abort("blockedbyclient"))
            tabs[key] = context.new_page()
        page = tabs[key]
        page.goto(roots[language] + page_name, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
        return page

    yield load
    for page in tabs.values():
        page.context.close()


@pytest.mark.parametrize(("language", "page_name"), PAGES)
def test_page_fits_a_phone(tab: Callable[..., Any], language: str, page_name: str) -> None:
    page = tab(language, page_name, PHONE)
    where = f"{language}/{page_name}"
    for chart in page.locator(".vega-embed").all():
        chart.locator(":is(canvas, svg).marks").first.wait_for(state="attached", timeout=30_000)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} scrolls sideways by {overflow} px at 375 px"
    small = [round(s, 2) for s in page.evaluate(CHART_SCALES) if s < MIN_SCALE]
    assert not small, f"{where}: charts shrunk to {small} of their size (text < 10 px)"


@pytest.mark.parametrize(
    ("language", "page_name"),
    [param for param in PAGES if param.values[0] == SOURCE_LANGUAGE],
)
def test_keyboard_focus_is_visible(tab: Callable[..., Any], language: str,
                                   page_name: str) -> None:
    page = tab(language, page_name, DESKTOP)
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
    assert not hidden, f"{language}/{page_name}: focus not visible on {hidden[:5]}"
