"""Real OGP / IRM data: tidy tables, validated loaders and the analyses the book uses.

Public interface (other parts of the book code against it):
``load_commitments``, ``load_action_plans``, ``load_open_parliament``, ``load_countries``,
``load_commitment_tags``, ``similar_commitments``, ``resolve_country``,
``countries_in_data``, ``country_profile`` and, in ``stars``, ``star_2014``/``star_2015``.
"""

from __future__ import annotations

from .analysis import (
    ambition_completion,
    available_tags,
    breakdown,
    cocreation_outcomes,
    countries_in_data,
    country_profile,
    headline_shares,
    implied_denominator,
    label,
    labelled,
    recompute_stars,
    similar_commitments,
    star_agreement,
    where_stalls,
)
from .countries import resolve_country
from .load import (
    load_action_plans,
    load_commitment_tags,
    load_commitments,
    load_countries,
    load_open_parliament,
)

__all__ = [
    "ambition_completion",
    "available_tags",
    "breakdown",
    "cocreation_outcomes",
    "countries_in_data",
    "country_profile",
    "headline_shares",
    "implied_denominator",
    "label",
    "labelled",
    "load_action_plans",
    "load_commitment_tags",
    "load_commitments",
    "load_countries",
    "load_open_parliament",
    "recompute_stars",
    "resolve_country",
    "similar_commitments",
    "star_agreement",
    "where_stalls",
]
