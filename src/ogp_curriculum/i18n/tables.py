"""Tables as a reader sees them: headers and IRM rating levels in the page's language.

The data keep their English column names and values (code and CSV exports use them); only the
copy a notebook displays is relabelled. A column without a known header keeps its name.
"""

from __future__ import annotations

import pandas as pd

from ogp_curriculum.i18n import N_, Translator, active_language, rating_label

HEADERS: dict[str, str] = {
    # IRM commitments (explorer, ambition check)
    "id": N_("ID"),
    "country": N_("Country"),
    "region": N_("Region"),
    "action_plan_id": N_("Action plan"),
    "year_submitted": N_("Year submitted"),
    "short_title": N_("Commitment"),
    "specificity": N_("Specificity"),
    "potential_impact": N_("Potential impact"),
    "completion_progress": N_("Completion (progress report)"),
    "completion_end_of_term": N_("Completion (end of term)"),
    "starred_current_progress": N_("Starred (progress report)"),
    # plenary synthesis
    "hand-in": N_("Hand-in"),
    "file": N_("File"),
    "level": N_("Level"),
    "countries": N_("Countries"),
    "flagged": N_("Flagged"),
    "reason": N_("Reason"),
    "detail": N_("Detail"),
    "rank": N_("Rank"),
    "suggestion": N_("Suggestion"),
    "votes": N_("Votes"),
    "groups": N_("Groups"),
    "hand_ins": N_("Hand-ins"),
    "group": N_("Group"),
    "question": N_("Question"),
    "answer": N_("Answer"),
}
# Columns whose values are IRM rating levels, and the scale each belongs to.
RATING_COLUMNS = {"specificity": "specificity", "potential_impact": "potential_impact",
                  "completion_progress": "completion", "completion_end_of_term": "completion"}


def shown(frame: pd.DataFrame, *, language: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` to display: translated headers and rating levels."""
    language = language or active_language()
    words = Translator(language)
    out = frame.copy()
    for column, scale in RATING_COLUMNS.items():
        if column in out.columns:
            out[column] = [value if pd.isna(value) else
                           rating_label(scale, str(value), language=language)
                           for value in out[column]]
    out = out.rename(columns={c: words(HEADERS[c]) for c in out.columns
                              if isinstance(c, str) and c in HEADERS})
    if isinstance(out.index.name, str) and out.index.name in HEADERS:
        out.index.name = words(HEADERS[out.index.name])
    return out
