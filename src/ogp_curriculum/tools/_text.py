"""Helpers for learner free text: display it escaped, export it safely."""

from __future__ import annotations

import html

# A spreadsheet treats a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escaped(text: str) -> str:
    """Text safe to put inside HTML: markup shows as characters, never runs."""
    return html.escape(text, quote=True)


def csv_safe(text: str) -> str:
    """Text that a spreadsheet will show as text, not evaluate as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def clean_line(text: object, *, field: str, limit: int = 200) -> str:
    """One line of learner text, trimmed; raises ValueError naming the field when unusable."""
    if not isinstance(text, str):
        raise ValueError(f"{field} must be text")
    value = " ".join(text.split())
    if len(value) > limit:
        raise ValueError(f"{field} is longer than {limit} characters")
    return value
