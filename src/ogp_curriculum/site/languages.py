"""The site's own words in each language, the language switcher and the review notice.

Pure functions of a page name and a language, kept apart from Sphinx so they are unit-tested.
The English site is the root of the published folder; each translation is a ``<lang>/``
folder inside it (``ogp_curriculum.book.site_dir``), with the same page names.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from babel.numbers import format_percent

from ogp_curriculum.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Translator
from ogp_curriculum.i18n.catalogues import Coverage

# Each language names itself, so a reader finds their own language whatever the page's.
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "fr": "Français", "es": "Español"}

SWITCHER_CLASS = "ogp-language-switcher"
REVIEW_NOTICE_CLASS = "ogp-review-notice"

# The site's own words, translated through the package catalogue (ogp_curriculum.i18n) like every
# string made by code. English ones must never show on a French or Spanish page
# (tests/browser/test_every_page.py).
STRINGS: Mapping[str, str] = {
    "language": N_("Language"),
    "translation": N_("Translation"),
    "unreviewed": N_(
        "This page is a machine-assisted translation that no native speaker has reviewed yet."
    ),
    "untranslated": N_("Part of its text ({share}) is not translated yet and shows in English."),
    "original": N_("Read the English original"),
    # sphinx-book-theme's fr/es catalogues lack "Launch on" (its launch-button tooltips).
    "launch_on": N_("Launch on"),
}

# Labels the themes write in English whatever the language: hard-coded in their templates or
# missing from their fr/es catalogues. Translated in the built pages' attributes.
THEME_LABELS: tuple[str, ...] = (
    N_("Main"),
    N_("Page"),
    N_("Toggle primary sidebar"),
    N_("Toggle secondary sidebar"),
    # Jupyter Book's default search_bar_text.
    N_("Search this book..."),
    N_("Launch interactive content"),
    N_("Source repositories"),
)
_LABEL_ATTRIBUTES = ("aria-label", "title", "placeholder", "data-bs-title")


def translate_theme_labels(page: str, language: str) -> str:
    """A built page with the themes' English-only labels (:data:`THEME_LABELS`) translated."""
    if language == SOURCE_LANGUAGE:
        return page
    words = Translator(language)
    for english in THEME_LABELS:
        local = html.escape(words(english))
        for attribute in _LABEL_ATTRIBUTES:
            page = page.replace(f'{attribute}="{html.escape(english)}"', f'{attribute}="{local}"')
    return page


def text(key: str, language: str) -> str:
    """One of the site's own strings in ``language`` (the package catalogue)."""
    return Translator(language)(STRINGS[key])


def site_root(pagename: str, language: str) -> str:
    """The relative URL, from the page, of the whole site's root (the English site)."""
    up = "../" * pagename.count("/")
    return up if language == SOURCE_LANGUAGE else up + "../"


def page_url(pagename: str, language: str, target: str) -> str:
    """The relative URL, from ``pagename`` in ``language``, of the same page in ``target``."""
    folder = "" if target == SOURCE_LANGUAGE else f"{target}/"
    return f"{site_root(pagename, language)}{folder}{pagename}.html"


def switcher(pagename: str, language: str) -> str:
    """A nav, labelled in the page's language, linking the same page in every language."""
    items = []
    for code in LANGUAGES:
        name = LANGUAGE_NAMES[code]
        short = f'<span aria-hidden="true">{code.upper()}</span>'
        full = f'<span class="visually-hidden">{html.escape(name)}</span>'
        if code == language:
            items.append(
                f'<li><span class="ogp-lang-current" lang="{code}" aria-current="page" '
                f'title="{html.escape(name)}">{short}{full}</span></li>'
            )
        else:
            href = html.escape(page_url(pagename, language, code))
            items.append(
                f'<li><a href="{href}" hreflang="{code}" lang="{code}" '
                f'title="{html.escape(name)}">{short}{full}</a></li>'
            )
    label = html.escape(text("language", language))
    return f'<nav class="{SWITCHER_CLASS}" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'


def alternate_links(pagename: str, language: str) -> str:
    """``<link rel="alternate" hreflang>`` for the head: search engines find each version."""
    return "\n".join(
        f'<link rel="alternate" hreflang="{code}" '
        f'href="{html.escape(page_url(pagename, language, code))}" />'
        for code in LANGUAGES
        if code != language
    )


def review_notice(pagename: str, language: str, status: Coverage | None) -> str:
    """The notice on a translated page not yet fully reviewed; "" when none is due.

    ``status`` is the page's catalogue coverage; ``None`` means the page has no catalogue yet
    (everything shows in English).
    """
    if language == SOURCE_LANGUAGE:
        return ""
    status = status if status is not None else Coverage(1, 0, 0)
    if status.total and status.reviewed >= status.total:
        return ""
    parts = [html.escape(text("unreviewed", language))]
    if status.translated < status.total:
        missing = 1 - status.share
        share = format_percent(missing, locale=language)
        parts.append(html.escape(text("untranslated", language).format(share=share)))
    original = html.escape(page_url(pagename, language, SOURCE_LANGUAGE))
    return (
        f'<div class="{REVIEW_NOTICE_CLASS} admonition note" role="note">'
        f'<p class="admonition-title">{html.escape(text("translation", language))}</p>'
        f"<p>{' '.join(parts)} "
        f'<a href="{original}" hreflang="en">'
        f"{html.escape(text('original', language))}</a></p></div>"
    )
