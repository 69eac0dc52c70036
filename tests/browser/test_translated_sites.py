"""The French and Spanish sites in the browser: a usable language switcher, and controls
for the English-words check (tests/browser/uiwords.py) that test_every_page.py runs on every
French and Spanish page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium_browser import loopback_context  # tests/chromium_browser.py

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.site import languages
from ogp_curriculum.site.serve import serve

from uiwords import PAGE_WORDS, english_found, english_ui_strings

pytestmark = pytest.mark.browser

TRANSLATIONS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PHONE = {"width": 360, "height": 740}


def test_english_strings_are_recognised() -> None:
    """The check itself: it finds the site's and the theme's English words when they show."""
    strings = english_ui_strings("fr")
    words = {
        "texts": ["Langue", "Language", "Contents"],
        "labels": ["Launch on Binder"],
        "whole": "Note This page is a static copy: the control's Python code needs a running "
        "kernel, so run this notebook to interact.",
    }
    found = " ".join(english_found(words, strings))
    assert "'Language'" in found and "'Contents'" in found and "Launch on" in found
    assert "static copy" in found and "run this notebook" in found
    assert not english_found({"texts": ["Langue", "Sommaire"], "labels": [], "whole": ""},
                             strings)


@pytest.fixture(scope="module")
def all_sites_url(built_book: Path, built_translations: dict[str, Path]) -> Iterator[str]:
    """The whole published folder (English at the root, fr/ and es/ inside) on loopback."""
    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="module")
def pages_in(browser: Any, all_sites_url: str) -> Iterator[Any]:
    context, _ = loopback_context(browser)
    page = context.new_page()
    yield page
    context.close()


def test_the_check_sees_english_chrome_on_an_english_page(pages_in: Any,
                                                          all_sites_url: str) -> None:
    """Control: the same check over an English page finds the chrome's English words."""
    pages_in.goto(f"{all_sites_url}exercises/irm_explorer.html", wait_until="load")
    found = " ".join(english_found(pages_in.evaluate(PAGE_WORDS), english_ui_strings("fr")))
    for expected in ("'Language'", "'Contents'", "'Toggle primary sidebar'", "'Launch on'",
                     "'run this notebook to interact'"):
        assert expected in found, f"{expected} not seen on the English page: {found}"


# English package strings, placed in each kind of element the check reads or leaves out.
_EXEMPTION_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body>
<p><strong>Save progress</strong></p>
<p>Appuyez sur Save table as CSV pour garder le tableau.</p>
<p lang="en"><strong>Save answers</strong> and Check my commitment</p>
<p><a href="#x" title="Replace if it exists">lien</a>
   <a href="#y" lang="en" title="Add to the folder">Hudson, 2016</a></p>
<div class="cell_input"><div class="highlight"><pre>show(label="Use this folder")</pre></div></div>
<div class="highlight-yaml"><div class="highlight"><pre>title: Your path so far</pre></div></div>
<p>La commande affiche <code>error: build failed, no pack written: x</code> puis s'arrête.</p>
<div class="cell_output"><div class="highlight"><pre>Resume from file</pre></div></div>
</body></html>"""


def test_the_check_skips_only_english_on_purpose_and_code(browser: Any) -> None:
    """Control for what the check leaves out: text and labels inside lang="en", and code
    (a code cell's input, a literal block, inline code). The same strings anywhere else on a
    French page, a code cell's printed output included, are still caught."""
    strings = english_ui_strings("fr")
    caught = ("Save progress", "Save table as CSV", "Replace if it exists", "Resume from file")
    skipped = ("Save answers", "Check my commitment", "Add to the folder", "Use this folder",
               "Your path so far", "error: build failed, no pack written: {error}")
    assert all(s in strings for s in caught + skipped)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(_EXEMPTION_PAGE)
        found = " ".join(english_found(page.evaluate(PAGE_WORDS), strings))
        # The page is left as it was: nothing stays hidden after the measure.
        assert page.evaluate("document.querySelectorAll('[style*=display]').length") == 0
    finally:
        context.close()
    for english in caught:
        assert repr(english) in found, f"{english!r} not caught: {found}"
    for english in skipped:
        assert repr(english) not in found, f"{english!r} caught: {found}"


# fr/intro and es/modules/02 used to scroll sideways (a long title word glued to its "#" link);
# test_every_page.py checks every page of every language at 375 px.
@pytest.mark.parametrize(
    ("language", "page_name"),
    [(language, page) for page in ["intro.html", "modules/02_critical_juncture.html"]
     for language in LANGUAGES],
)
def test_switcher_on_a_phone_by_keyboard(browser: Any, all_sites_url: str, language: str,
                                        page_name: str) -> None:
    """At 360 px the switcher is on screen, the page does not scroll sideways, and Tab
    reaches its links, which open the same page in the other language."""
    folder = "" if language == SOURCE_LANGUAGE else f"{language}/"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{all_sites_url}{folder}{page_name}", wait_until="load", timeout=30_000)
        nav = page.locator(f"nav.{languages.SWITCHER_CLASS}")
        assert nav.count() == 1
        assert nav.get_attribute("aria-label") == languages.text("language", language)
        box = nav.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{folder}{page_name} scrolls sideways by {overflow} px"
        links = nav.locator("a")
        assert links.count() == len(LANGUAGES) - 1
        reached = None
        for _ in range(40):
            page.keyboard.press("Tab")
            reached = page.evaluate(
                f"document.activeElement.closest('nav.{languages.SWITCHER_CLASS}') ? "
                "document.activeElement.getAttribute('hreflang') : null"
            )
            if reached:
                break
        assert reached, "Tab never reaches the language switcher"
        with page.expect_navigation(wait_until="load", timeout=30_000):
            page.keyboard.press("Enter")
        target = "" if reached == SOURCE_LANGUAGE else f"{reached}/"
        assert page.url == f"{all_sites_url}{target}{page_name}"
        assert page.evaluate("document.documentElement.lang") == reached
    finally:
        context.close()
