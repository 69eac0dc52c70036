"""Tables as a reader sees them: headers and IRM rating levels in the page's language.

The data keep their English column names and values (code and CSV exports use them); only the
copy a notebook displays is relabelled. A column without a known header keeps its name.
"""

from __future__ import annotations

import pandas as pd

from ogp_curriculum.i18n import (
    N_,
    RATING_SCALES,
    SOURCE_LANGUAGE,
    Translator,
    active_language,
    rating_label,
)

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
    # IRM analysis tables (module 2, post-2020 exercise)
    "commitments": N_("Commitments"),
    "measure": N_("Measure"),
    "count": N_("Count"),
    "denominator": N_("Denominator"),
    "denominator_is": N_("Denominator is"),
    "share_pct": N_("Share (%)"),
    "action_plans": N_("Action plans"),
    "impact_rated": N_("Impact rated"),
    "transformative": N_("Transformative"),
    "completion_rated": N_("Completion rated"),
    "substantial_or_complete": N_("Substantial or complete"),
    "transformative_and_done": N_("Transformative and substantial or complete"),
    "transformative_pct": N_("Transformative (%)"),
    "done_pct": N_("Substantial or complete (%)"),
    "rule": N_("Rule"),
    "rated_rows": N_("Rated rows"),
    "starred_in_column": N_("Starred in the column"),
    "starred_by_rule": N_("Starred by the rule"),
    "agree": N_("Agree"),
    "agree_pct": N_("Agree (%)"),
    "starred_2015_only": N_("Starred (2015 rule only)"),
    "iap2_development": N_("IAP2 level of the plan's development"),
    "regular_forum": N_("Regular multi-stakeholder forum"),
    "verifiable": N_("Verifiable"),
    "potential_for_results": N_("Potential for results"),
    "early_results": N_("Early results"),
    "diog_overall": N_("Did it open government? (overall)"),
    "binding_constraint": N_("Binding constraint"),
    "test_order": N_("Test order"),
    "count in this file": N_("count in this file"),
    "published share (%)": N_("published share (%)"),
    "implied number of commitments": N_("implied number of commitments"),
}
# Values that code writes into tables in English (irm.headline_shares, country_profile,
# post2020's binding constraint), shown in the page's language: column or index name -> values.
BINDING_CONSTRAINTS: dict[str, str] = {
    "Specificity": N_("Specificity"),
    "Relevance": N_("Relevance"),
    "Potential impact": N_("Potential impact"),
    "Completion": N_("Completion"),
    "Starred": N_("Starred"),
    "Not computed": N_("Not computed"),
}
PROFILE_MEASURES: dict[str, str] = {
    "potential impact": N_("potential impact"),
    "completion": N_("completion"),
    "specificity": N_("specificity"),
}
# A country profile's "level" column holds levels of the scale its "measure" names.
_PROFILE_SCALES = {"potential impact": "potential_impact", "completion": "completion",
                   "specificity": "specificity"}
# Columns or index levels whose names are rating levels ("Not started %" too).
_LEVEL_SCALES = ("potential_impact", "completion", "specificity")
# Columns whose values are IRM rating levels, and the scale each belongs to.
RATING_COLUMNS = {"specificity": "specificity", "potential_impact": "potential_impact",
                  "completion_progress": "completion", "completion_end_of_term": "completion"}


def shown(frame: pd.DataFrame, *, language: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` to display: translated headers and rating levels.

    English is the source: the frame comes back as it is, so its headers are the names code
    uses. In French or Spanish a header that code would type (``share_pct``) keeps that name
    in brackets after its label, so a learner can still find the column in an exercise.
    """
    language = language or active_language()
    if language == SOURCE_LANGUAGE:
        return frame
    words = Translator(language)
    out = frame.copy()
    for column, scale in RATING_COLUMNS.items():
        if column in out.columns:
            out[column] = [value if pd.isna(value) else
                           rating_label(scale, str(value), language=language)
                           for value in out[column]]
    _translate_values(out, words, language)
    # An index of rating levels (potential_impact: None, Minor...) reads as the labels.
    index_scale = RATING_COLUMNS.get(str(out.index.name)) or (
        str(out.index.name) if out.index.name in ("verifiable", "potential_for_results")
        else None)
    if index_scale is not None:
        out.index = pd.Index([rating_label(index_scale, str(v), language=language)
                              for v in out.index],
                             name=out.index.name)
    out = out.rename(columns={c: _header(c, words, language) for c in out.columns
                              if isinstance(c, str)})
    if isinstance(out.index.name, str):
        out.index.name = _header(out.index.name, words, language)
    if isinstance(out.columns.name, str):
        out.columns.name = _header(out.columns.name, words, language)
    return out


def _header(column: str, words: Translator, language: str) -> str:
    if column in HEADERS:
        label = words(HEADERS[column])
        return f"{label} ({column})" if "_" in column else label
    # A column named after a level ("Not started", "Not started %") shows the level's label.
    level, percent = (column[:-2], " %") if column.endswith(" %") else (column, "")
    for scale in _LEVEL_SCALES:
        if level in RATING_SCALES[scale]:
            return rating_label(scale, level, language=language) + percent
    return column


def _value_messages() -> dict[str, dict[str, str]]:
    from ogp_curriculum.irm.analysis import DENOMINATORS, MEASURES

    return {"measure": {**MEASURES, **PROFILE_MEASURES},
            "denominator_is": {text: text for text in DENOMINATORS.values()},
            "binding_constraint": BINDING_CONSTRAINTS}


def _translate_values(out: pd.DataFrame, words: Translator, language: str) -> None:
    """Known English values of ``out`` (columns and index) in ``language``, in place."""
    messages = _value_messages()
    if "level" in out.columns and "measure" in out.columns:
        out["level"] = [
            rating_label(_PROFILE_SCALES[str(m)], str(v), language=language)
            if m in _PROFILE_SCALES and not pd.isna(v) else v
            for m, v in zip(out["measure"], out["level"], strict=True)]
    for column, known in messages.items():
        if column in out.columns:
            out[column] = [words(known[v]) if isinstance(v, str) and v in known else v
                           for v in out[column]]
    known = messages.get(str(out.index.name), {})
    if known:
        out.index = pd.Index([words(known[v]) if isinstance(v, str) and v in known else v
                              for v in out.index], name=out.index.name)
