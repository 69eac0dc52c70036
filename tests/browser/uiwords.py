"""Test helper: the English UI strings a French or Spanish page must not show, and how a
page's words are read in chromium (tests/browser/test_every_page.py judges every page with it;
tests/browser/test_translated_sites.py holds its controls).

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
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_dir

from ogp_curriculum.i18n.catalogues import optional_catalogue, package_catalogue
from ogp_curriculum.paths import repo_root
from ogp_curriculum.site import languages

ROOT = repo_root()

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
    catalogue = optional_catalogue(po)
    if catalogue is None:
        return {}
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
