"""The cohort code's only door to the IRM helpers.

Kept in one place so tests can swap in stand-ins and so the cohort code does not care how
countries are matched to the data.
"""

from __future__ import annotations

import pandas as pd

from ogp_curriculum import irm


def resolve_country(name_or_code: str) -> str | None:
    """ISO 3166 alpha-3 code of a real country, or None."""
    return irm.resolve_country(name_or_code)


def countries_in_data() -> frozenset[str]:
    """ISO3 codes of the countries that have 2016 IRM data."""
    return frozenset(irm.countries_in_data())


def country_profile(iso3: str) -> pd.DataFrame:
    """A small table describing one country's 2016 IRM record."""
    return irm.country_profile(iso3)
