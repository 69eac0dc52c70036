"""The cohort code's only door to the IRM helpers.

Kept in one place so tests can swap in stand-ins and so the cohort code does not care how
countries are matched to the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The IRM helpers (pandas) are imported on first use: the book build loads the cohort
# definitions (via agendas and trainer_kit) without ever matching a country.
if TYPE_CHECKING:
    import pandas as pd


def resolve_country(name_or_code: str) -> str | None:
    """ISO 3166 alpha-3 code of a real country, or None."""
    from ogp_curriculum import irm

    return irm.resolve_country(name_or_code)


def countries_in_data() -> frozenset[str]:
    """ISO3 codes of the countries that have 2016 IRM data."""
    from ogp_curriculum import irm

    return frozenset(irm.countries_in_data())


def country_profile(iso3: str) -> pd.DataFrame:
    """A small table describing one country's 2016 IRM record."""
    from ogp_curriculum import irm

    return irm.country_profile(iso3)
