"""The French and Spanish sites in the browser: no English UI words, a usable switcher.

"English UI strings" are the words the site and its code put on pages, whatever the page's
text: every string the package marks for translation (``_()`` / ``ngettext()``, extracted from
the source with Babel, so a string missing from the catalogue still counts), the site's own
strings (:mod:`ogp_curriculum.site.languages`: switcher, review notice, widget notice) and the
themes' chrome (sphinx-book-theme and pydata-sphinx-theme catalogues, whose fr/es
translations we rely on, and the labels they hard-code in English, ``THEME_LABELS``). None
may show on a French or Spanish page, as text or as a label a screen reader reads
(aria-label, title, placeholder, alt).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.i18n.catalogues import package_catalogue
from ogp_curriculum.paths import repo_root
from ogp_curriculum.site import languages
from ogp_curriculum.site.serve import serve

from sitebrowse import BLOCKING, axe_violations, describe, is_loopback, toc_pages

pytestmark = pytest.mark.browser

TRANSLATIONS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
ROOT = repo_root()
PHONE = {"width": 360, "height": 740}

# Visible text (one entry per text node) and the labels assistive technology reads. Left out:
# text marked English on purpose (lang="en" inside a page in another language: a source's
# title, the glossary's English column) and code (a code cell's input, a literal block, inline
# code), which catalogues must keep as it is; a code cell's output is text like any other.
PAGE_WORDS = """() => {
  const page = document.documentElement.lang;
  const english = el => {
    const tagged = page === 'en' ? null : el.closest('[lang]');
    return !!tagged && tagged !== document.documentElement && /^en\\b/i.test(tagged.lang);
  };
  const listing = el => !!el.closest('.cell_input, div.highlight, code')
                         && !el.closest('.cell_output');
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, template, noscript, pre, code')) continue;
    if (english(parent)) continue;
    if (!parent.getClientRects().length) continue;  // not rendered
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) texts.push(text);
  }
  const labels = [];
  // Bootstrap moves a tooltip's title to data-bs-original-title once the page has loaded.
  const names = ['aria-label', 'title', 'placeholder', 'alt', 'data-bs-title',
                 'data-bs-original-title'];
  for (const el of document.querySelectorAll(names.map(name => `[${name}]`).join(', '))) {
    if (english(el)) continue;
    for (const name of names) {
      const value = el.getAttribute(name);
      if (value && value.trim()) labels.push(value.replace(/\\s+/g, ' ').trim());
    }
  }
  // innerText without the parts left out: hidden for the measure, then shown again.
  const hidden = [...document.body.querySelectorAll('[lang], .cell_input, div.highlight, code')]
    .filter(el => el.matches('[lang]') ? english(el) : listing(el));
  const before = hidden.map(el => el.style.getPropertyValue('display'));
  hidden.forEach(el => el.style.setProperty('display', 'none', 'important'));
  const whole = document.body.innerText.replace(/\\s+/g, ' ');
  hidden.forEach((el, i) => before[i] ? el.style.setProperty('display', before[i])
                                      : el.style.removeProperty('display'));
  return {texts, labels, whole};
}"""


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdr]|%[sdr]")


@cache
def _pattern(english: str) -> re.Pattern[str]:
    """A string with its placeholders ({name}, %(name)s, %s) matching anything."""
    parts = _PLACEHOLDER.split(english)
    # Bounded: an unbounded lazy gap per placeholder backtracks for minutes over a whole page.
    return re.compile(".{1,200}?".join(re.escape(part) for part in parts), re.DOTALL)


def _translations(po: Path) -> dict[str, str]:
    if not po.is_file():
        return {}
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    found = {}
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, strings, strict=False):
            if msgid:
                found[str(msgid)] = str(msgstr or "")
    return found


def _package_strings() -> set[str]:
    """Every string the package's code marks for translation (Babel's default keywords)."""
    found: set[str] = set()
    package = ROOT / "src" / "ogp_curriculum"
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(package), method_map=[("**.py", "python")]
    ):
        found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found


def _theme_catalogues(language: str) -> list[Path]:
    import pydata_sphinx_theme
    import sphinx_book_theme

    book = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static"
    pydata = Path(pydata_sphinx_theme.__file__).parent / "locale"
    return [
        book / "locales" / language / "LC_MESSAGES" / "booktheme.po",
        pydata / language / "LC_MESSAGES" / "sphinx.po",
    ]


@cache
def english_ui_strings(language: str) -> dict[str, str]:
    """English UI string -> where it comes from, for pages in ``language``.

    A string whose translation in that language is the same word (a name such as "Binder"),
    or that its own pattern would find in its translation ("Question {number}: {prompt}" in
    "Question {number} : {prompt}"), cannot be told apart from English and is left out; so are
    strings with no letters.
    """
    package_po = _translations(package_catalogue(ROOT, language))
    strings = {text: "package" for text in _package_strings()}
    for key, english in languages.STRINGS.items():
        for piece in re.split(r"<[^>]+>", english):
            if piece.strip(" .:"):
                strings[piece.strip(" .:")] = f"site ({key})"
    for english in languages.THEME_LABELS:
        strings[english] = "theme (hard-coded label)"
    same = {
        msgid for msgid, msgstr in package_po.items()
        if msgstr == msgid or (msgstr and _pattern(msgid).search(msgstr))
    }
    for po in _theme_catalogues(language):
        for msgid, msgstr in _translations(po).items():
            if msgstr and msgstr != msgid:
                strings.setdefault(msgid, f"theme ({po.name})")
    return {
        text: where
        for text, where in strings.items()
        if text not in same and re.search(r"[A-Za-z]{2}", _PLACEHOLDER.sub("", text))
    }


def _is_one_of(english: str, pattern: re.Pattern[str], candidates: set[str]) -> bool:
    """Whether a whole candidate is ``english`` (its placeholders matching anything)."""
    if _PLACEHOLDER.search(english) is None:
        return english in candidates
    return any(pattern.fullmatch(x) for x in candidates)


def _occurs_in(english: str, pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``english`` occurs in ``text``: a substring test first, the regex only when the
    longest fixed part is there."""
    parts = [part for part in _PLACEHOLDER.split(english) if part.strip()]
    if len(parts) == 1 and parts[0] == english:
        return english in text
    longest = max(parts, key=len, default="")
    return bool(longest) and longest in text and pattern.search(text) is not None


def english_found(words: dict[str, Any], strings: dict[str, str]) -> list[str]:
    """The English strings present. In the text: a whole text node for one or two words
    (shorter ones occur inside untranslated prose), anywhere for three words or more (they may
    span links and emphasis). In labels: anywhere for two words or more ("Launch on Binder")."""
    found = []
    # A string without placeholders matches a whole text only by being equal to it: a set
    # lookup, not a regex per text node (pages have thousands; the catalogues, ~2,000 strings).
    texts, labels = set(words["texts"]), set(words["labels"])
    for english, where in strings.items():
        pattern = _pattern(english)
        size = len(english.split())
        in_text = (_occurs_in(english, pattern, words["whole"]) if size >= 3
                   else _is_one_of(english, pattern, texts))
        in_labels = (any(pattern.search(x) for x in labels) if size >= 2
                     else _is_one_of(english, pattern, labels))
        hit = in_text or in_labels
        if hit:
            found.append(f"{english!r} ({where})")
    return found


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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(lambda u: not is_loopback(u), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    yield page
    context.close()


# Every fr and es page: English on purpose is marked lang="en" (see PAGE_WORDS).
@pytest.mark.parametrize(
    ("language", "page_name"),
    [(language, page) for language in TRANSLATIONS for page in toc_pages()],
)
def test_no_english_ui_string(pages_in: Any, all_sites_url: str, language: str,
                              page_name: str) -> None:
    pages_in.goto(f"{all_sites_url}{language}/{page_name}", wait_until="load", timeout=30_000)
    pages_in.wait_for_load_state("networkidle", timeout=30_000)
    assert pages_in.evaluate("document.documentElement.lang") == language
    found = english_found(pages_in.evaluate(PAGE_WORDS), english_ui_strings(language))
    assert not found, f"{language}/{page_name} shows English UI strings: {found}"


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
    context.route(lambda u: not is_loopback(u), lambda route: route.abort("blockedbyclient"))
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
# test_site_phone.py checks every page of every language at 375 px.
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
    context.route(lambda u: not is_loopback(u), lambda route: route.abort("blockedbyclient"))
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


@pytest.mark.parametrize("page_name", ["intro.html", "exercises/irm_explorer.html"])
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translated_page_chrome_is_accessible(pages_in: Any, all_sites_url: str, language: str,
                                              page_name: str) -> None:
    """axe (WCAG 2.1 AA) on translated pages: the switcher, the review notice, the lang tags."""
    pages_in.goto(f"{all_sites_url}{language}/{page_name}", wait_until="load", timeout=30_000)
    pages_in.wait_for_load_state("networkidle", timeout=30_000)
    blocking = [v for v in axe_violations(pages_in) if v["impact"] in BLOCKING]
    assert not blocking, describe(blocking)
