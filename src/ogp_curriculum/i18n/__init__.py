"""The learner's language: English (the source), French or Spanish (OGP's three languages).

The language comes from, in order: :func:`set_language` (notebooks call it with their papermill
parameter ``language``), the ``OGP_LANG`` environment variable (set by the per-language book
builds and cohort packs), else English.
"""

from __future__ import annotations

import os

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
SOURCE_LANGUAGE = "en"
LANG_ENV = "OGP_LANG"

_chosen: str | None = None


class UnknownLanguage(ValueError):
    """A language code outside :data:`LANGUAGES`; the message lists the ones we have."""


def check_language(code: str, *, where: str = "language") -> str:
    """``code`` normalised (``"FR"`` -> ``"fr"``), or :class:`UnknownLanguage` naming ``where``."""
    normal = code.strip().lower()
    if normal not in LANGUAGES:
        raise UnknownLanguage(
            f"{where}: {code!r} is not one of the book's languages ({', '.join(LANGUAGES)})"
        )
    return normal


def set_language(code: str | None) -> str:
    """Choose the language for this process; ``None`` falls back to ``OGP_LANG``."""
    global _chosen
    _chosen = None if code is None else check_language(code)
    return current_language()


def current_language() -> str:
    """The language chosen by :func:`set_language`, else ``OGP_LANG``, else English."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(LANG_ENV, "").strip()
    return check_language(env, where=LANG_ENV) if env else SOURCE_LANGUAGE
