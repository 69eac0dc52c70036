"""Cleaning one line of learner text. Escaping lives in :mod:`ogp_curriculum.outputs`."""

from __future__ import annotations


def clean_line(text: object, *, field: str, limit: int = 200) -> str:
    """One line of learner text, trimmed; raises ValueError naming the field when unusable."""
    if not isinstance(text, str):
        raise ValueError(f"{field} must be text")
    value = " ".join(text.split())
    if len(value) > limit:
        raise ValueError(f"{field} is longer than {limit} characters")
    return value
