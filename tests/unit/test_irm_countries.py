"""Country names, aliases and codes resolve to ISO3; regions are never guessed silently."""

from __future__ import annotations

import pytest

from ogp_curriculum.irm import load_countries, resolve_country
from ogp_curriculum.irm.countries import REGION_ASSIGNMENTS


@pytest.mark.parametrize("text,iso3", [
    ("Costa Rica", "CRI"), ("UK", "GBR"), ("United Kingdom", "GBR"), ("USA", "USA"),
    ("United States", "USA"), ("Macedonia", "MKD"), ("North Macedonia", "MKD"),
    ("South Korea", "KOR"), ("Republic of Korea", "KOR"), ("Slovak Republic", "SVK"),
    ("Tanzania", "TZA"), ("gb", "GBR"), ("PHL", "PHL"), ("ph", "PHL"), ("  philippines ", "PHL"),
    ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV")])
def test_resolves(text: str, iso3: str) -> None:
    assert resolve_country(text) == iso3


@pytest.mark.parametrize("text", ["", "Atlantis", "Scotland", "XX", "Jalisco", "123", "Open"])
def test_not_a_country(text: str) -> None:
    assert resolve_country(text) is None


def test_every_country_has_a_documented_region() -> None:
    countries = load_countries().set_index("iso3")
    assigned = countries[countries["region_source"] == "project assignment"]
    assert set(assigned.index) == set(REGION_ASSIGNMENTS)
    assert (assigned["region_note"] != "").all()
    assert countries.loc["MEX", "region_source"] == "2024 file, local member"
    assert countries.loc["CRI", "region"] == "Americas"
    assert countries.loc["GBR", "country"] == "United Kingdom"
