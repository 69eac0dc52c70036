"""Map the sources' raw spellings to canonical labels, keeping IRM status codes distinct.

Every mapping is explicit: a raw value that no mapping knows raises ``InputError`` naming
the file, column, row and value, so a changed source fails loudly instead of silently.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from . import schema

_PREFIX = re.compile(r"^[a-e]\.\s*")  # "b. medium": the letter orders the scale

# Raw status spellings (case-folded) -> canonical status code.
_STATUS_ALIASES: dict[str, str] = {
    "nd": "ND",
    "nr": "NR",
    "na": "NA",
    "not applicable": "NA",
    "unclear": "Unclear",
    "withdrawn": "Withdrawn",
    "no early results to report yet": "No early results yet",
}

# Raw level spellings (prefix removed, case-folded) -> canonical level, per scale.
_LEVEL_ALIASES: dict[tuple[str, ...], dict[str, str]] = {
    schema.SPECIFICITY: {"none": "None", "low": "Low", "medium": "Medium", "high": "High"},
    schema.POTENTIAL_IMPACT: {
        "none": "None",
        "minor": "Minor",
        "moderate": "Moderate",
        "transformative": "Transformative",
    },
    schema.COMPLETION: {
        "not started": "Not started",
        "limited": "Limited",
        "substantial": "Substantial",
        "complete": "Complete",
    },
    schema.DIOG: {
        "worsened": "Worsened",
        "worsens": "Worsened",
        "none": "Did not change",  # the 2016 file's "b. None"
        "did not change": "Did not change",
        "marginal": "Marginal",
        "major": "Major",
        "outstanding": "Outstanding",
    },
    schema.POTENTIAL_FOR_RESULTS: {
        "unclear": "Unclear",
        "modest": "Modest",
        "substantial": "Substantial",
    },
    schema.EARLY_RESULTS: {
        "no notable results": "No notable results",
        "moderate": "Moderate",
        "moderate results": "Moderate",
        "significant": "Significant",
        "significant results": "Significant",
    },
    schema.IAP2: {level.casefold(): level for level in schema.IAP2},
}

_YES_NO: dict[str, str] = {"1": "Yes", "yes": "Yes", "0": "No", "no": "No"}

_BINDING: dict[str, str] = {
    "spec": "Specificity",
    "rel": "Relevance",
    "potimp": "Potential impact",
    "cmpl": "Completion",
    "star": "Starred",
    "false": "Not computed",
    "nd": "ND",
    "nr": "NR",
}


class Where:
    """Where a raw value came from, for error messages."""

    def __init__(self, path: Path, column: str, row: int) -> None:
        self.path, self.column, self.row = path, column, row

    def fail(self, message: str, value: object) -> InputError:
        return InputError(message, path=self.path, field=self.column, row=self.row, value=value)


def _key(raw: str | None) -> str:
    return "" if raw is None else " ".join(str(raw).split()).casefold()


def rating(
    raw: str | None, scale: tuple[str, ...], allowed_status: tuple[str, ...], where: Where
) -> tuple[str, str]:
    """(level, status): level is '' unless status is 'Rated'."""
    key = _key(raw)
    levels = _LEVEL_ALIASES[scale]
    # A scale level wins over a status of the same spelling ("Unclear" in Potential for Results).
    level = levels.get(_PREFIX.sub("", key))
    if level is not None:
        return level, schema.RATED
    status = _STATUS_ALIASES.get(key)
    if status is not None and status in allowed_status:
        return "", status
    raise where.fail(f"unknown rating, expected one of {list(scale) + list(allowed_status)}",
                     raw)


def yes_no(raw: str | None, where: Where) -> str:
    key = _key(raw)
    if key in _YES_NO:
        return _YES_NO[key]
    status = _STATUS_ALIASES.get(key)
    if status in schema.YES_NO_STATUS:
        return status
    raise where.fail("expected 1/0, Yes/No or ND/NR/NA", raw)


def year(raw: str | None, allowed_status: tuple[str, ...], where: Where,
         known: str = "Published") -> tuple[str, str]:
    """(integer text, status)."""
    key = _key(raw)
    if key.isdigit():
        return str(int(key)), known
    status = _STATUS_ALIASES.get(key)
    if status is not None and status in allowed_status:
        return "", status
    raise where.fail("expected a whole number or a status code", raw)


def binding_constraint(raw: str | None, where: Where) -> str:
    key = _key(raw)
    if key in _BINDING:
        return _BINDING[key]
    raise where.fail("unknown binding constraint", raw)


def short_title(raw: str | None, limit: int = 160) -> str:
    """Collapse whitespace; trim long titles at a word boundary (no full texts shipped)."""
    text = " ".join(str(raw or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.-") + "…"
