"""The learner's language: English (the source), French or Spanish (OGP's three languages).

The language comes from, in order: :func:`set_language` (notebooks call it with their papermill
parameter ``language``), the ``OGP_LANG`` environment variable (set by the per-language book
builds and cohort packs), else English.

Strings made by code go through :func:`_` / :func:`ngettext`; their catalogues are
``locales/<lang>/LC_MESSAGES/ogp_curriculum.po`` in this package, extracted with
``pybabel extract`` (see ``babel.cfg``) and read from the ``.po`` at runtime, so no compiled
``.mo`` file can drift from its source. Numbers, percentages and dates go through Babel.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import io
import os
import sys
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
SOURCE_LANGUAGE = "en"
LANG_ENV = "OGP_LANG"
DOMAIN = "ogp_curriculum"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"

_chosen: str | None = None
_warned: set[str] = set()


class UnknownLanguage(ValueError):
    """A language code outside :data:`LANGUAGES`; the message lists the ones we have."""


def check_language(code: str, *, where: str = "language") -> str:
    """``code`` normalised (``"FR"`` -> ``"fr"``), or :class:`UnknownLanguage` naming ``where``."""
    normal = code.strip().lower()
    if normal not in LANGUAGES:
        # repr() of a hostile value is one line: control characters come out escaped.
        raise UnknownLanguage(
            f"{where}: {code[:40]!r} is not one of the book's languages ({', '.join(LANGUAGES)})"
        )
    return normal


def _warn_once(message: str) -> None:
    # One plain line on stderr (a notebook shows it as such), not a warning with a code excerpt.
    if message not in _warned:
        _warned.add(message)
        print(f"warning: {message}; using English", file=sys.stderr)


def set_language(code: str | None) -> str:
    """Choose the language for this process; ``None`` falls back to ``OGP_LANG``.

    An explicit unknown code raises :class:`UnknownLanguage`. An unknown ``OGP_LANG`` (the
    environment is not the learner's to fix in a notebook) prints one warning line and gives
    English.
    """
    global _chosen
    if code is not None:
        _chosen = check_language(code)
        return _chosen
    _chosen = None
    try:
        return current_language()
    except UnknownLanguage as error:
        # Pinned, so every later reader in this kernel (YAML loaders too) agrees on English.
        _warn_once(str(error))
        _chosen = SOURCE_LANGUAGE
        return _chosen


def current_language() -> str:
    """The language chosen by :func:`set_language`, else ``OGP_LANG``, else English.

    Strict: an unknown ``OGP_LANG`` raises :class:`UnknownLanguage` (the CLI turns it into one
    line and exit code 2).
    """
    if _chosen is not None:
        return _chosen
    env = os.environ.get(LANG_ENV, "").strip()
    return check_language(env, where=LANG_ENV) if env else SOURCE_LANGUAGE


def active_language() -> str:
    """:func:`current_language`, but an unknown ``OGP_LANG`` warns once and gives English."""
    try:
        return current_language()
    except UnknownLanguage as error:
        _warn_once(str(error))
        return SOURCE_LANGUAGE


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translation(language: str) -> _gettext.NullTranslations:
    """The gettext translations for ``language`` (read once from its ``.po``, then cached).

    English is the source: its messages are the msgids. Fuzzy entries are not used.
    """
    language = check_language(language)
    path = catalogue_path(language)
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    from ogp_curriculum.i18n.catalogues import optional_catalogue

    catalog = optional_catalogue(path, locale=language, domain=DOMAIN)
    if catalog is None:
        return _gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str, *, language: str | None = None) -> str:
    """``message`` in ``language`` (default: the active language)."""
    return translation(language or active_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, *, language: str | None = None) -> str:
    """The singular or plural form for ``n``, in ``language``'s plural rules."""
    return translation(language or active_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str, *, language: str | None = None) -> str:
    """``message`` in ``context`` (one English word, two meanings: "None" impact, specificity)."""
    return translation(language or active_language()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (module-level constants)."""
    return message


def NP_(context: str, message: str) -> str:
    """:func:`N_` with a context (extracted with ``-k NP_:1c,2``)."""
    return message


# IRM rating levels as displayed. The data keep the English values; only labels translate.
RATING_SCALES: dict[str, tuple[str, ...]] = {
    "potential_impact": (NP_("potential_impact", "None"), NP_("potential_impact", "Minor"),
                         NP_("potential_impact", "Moderate"),
                         NP_("potential_impact", "Transformative")),
    "completion": (NP_("completion", "Not started"), NP_("completion", "Limited"),
                   NP_("completion", "Substantial"), NP_("completion", "Complete")),
    "specificity": (NP_("specificity", "None"), NP_("specificity", "Low"),
                    NP_("specificity", "Medium"), NP_("specificity", "High")),
    "verifiable": (NP_("verifiable", "Yes"), NP_("verifiable", "No")),
    "lens": (NP_("lens", "Yes"), NP_("lens", "No")),
    "potential_for_results": (NP_("potential_for_results", "Unclear"),
                              NP_("potential_for_results", "Modest"),
                              NP_("potential_for_results", "Substantial")),
}


def rating_label(scale: str, value: str, *, language: str | None = None) -> str:
    """How a rating value (``"Transformative"``) reads on screen: ``"transformateur"``.

    A value outside the scale (a future IRM level) is shown as it is, never dropped.
    """
    if value not in RATING_SCALES.get(scale, ()):
        return value
    return pgettext(scale, value, language=language)


class Translator:
    """Messages in one explicit language (the Sphinx extension renders in the page's language)."""

    def __init__(self, language: str) -> None:
        self.language = check_language(language)

    def gettext(self, message: str) -> str:
        return gettext(message, language=self.language)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n, language=self.language)

    __call__ = gettext


def translator(language: str | None = None) -> Translator:
    return Translator(language or active_language())


# --- numbers, percentages and dates (Babel, CLDR) --------------------------------------------
def format_number(value: float, *, digits: int | None = None, language: str | None = None) -> str:
    """``1,927`` in English, ``1 927`` in French, ``1.927`` in Spanish."""
    from babel.numbers import format_decimal

    locale = language or active_language()
    if digits is None:
        return format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


def format_percent(ratio: float, *, digits: int = 0, language: str | None = None) -> str:
    """``ratio`` (0.147) as a percentage with ``digits`` decimals: ``14.7%``, ``14,7 %``."""
    from babel.core import Locale
    from babel.numbers import format_percent as _format_percent

    locale = Locale.parse(language or active_language())
    # The locale's own pattern (spacing, sign position: "#,##0 %") with our number of decimals.
    pattern = str(locale.percent_formats[None].pattern)
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return _format_percent(ratio, format=pattern, locale=locale)


def format_date(value: _dt.date, *, style: str = "long", language: str | None = None) -> str:
    """``1 December 2026``, ``1 décembre 2026``, ``1 de diciembre de 2026``."""
    from babel.dates import format_date as _format_date

    return _format_date(value, format=style, locale=language or active_language())


def language_for(tag: str | None) -> str:
    """The book's language for a BCP 47 or POSIX tag (``fr-CI``, ``fr_CA`` -> ``fr``).

    A language the book lacks (``pt-BR``) reads English; ``None`` is the current language.
    """
    if tag is None:
        return current_language()
    base = tag.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else SOURCE_LANGUAGE
