"""Country names, ISO 3166 alpha-3 codes and OGP regions.

The three source files spell countries differently ("UK", "United Kingdom"; "Macedonia",
"North Macedonia"; "South Korea", "Republic of Korea"). Everything is keyed on ISO 3166
alpha-3 codes from ``pycountry``; the aliases below cover names pycountry does not know.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# Names used by OGP files (or by learners) that pycountry's lookup does not resolve.
ALIASES: dict[str, str] = {
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "england": "GBR",
    "usa": "USA",
    "us": "USA",
    "u.s.": "USA",
    "u.s.a.": "USA",
    "america": "USA",
    "united states of america": "USA",
    "macedonia": "MKD",
    "fyr macedonia": "MKD",
    "south korea": "KOR",
    "korea": "KOR",
    "republic of korea": "KOR",
    "slovak republic": "SVK",
    "kyrgyz republic": "KGZ",
    "kyrgyzstan": "KGZ",
    "tanzania": "TZA",
    "moldova": "MDA",
    "cote d'ivoire": "CIV",
    "côte d'ivoire": "CIV",
    "ivory coast": "CIV",
    "cabo verde": "CPV",
    "cape verde": "CPV",
    "czechia": "CZE",
    "czech republic": "CZE",
    "turkey": "TUR",
    "türkiye": "TUR",
    "turkiye": "TUR",
    "russia": "RUS",
    "vietnam": "VNM",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "iran": "IRN",
    "syria": "SYR",
    "laos": "LAO",
}

# OGP regions for countries with 2016 IRM data but no national row in the 2024 file.
# The 2024 file is the only regional grouping in the sources; these assignments are the
# project's own, made by analogy with that file and documented in reference/about_data.md.
REGION_ASSIGNMENTS: dict[str, tuple[str, str]] = {
    "AZE": ("Asia and the Pacific", "as Armenia and Georgia in the 2024 file"),
    "SLV": ("Americas", "as the other Central American members in the 2024 file"),
    "HUN": ("Europe", "as the other EU members in the 2024 file"),
    "MLT": ("Europe", "as the other EU members in the 2024 file"),
    "TUR": ("Europe", "as Europe's other candidate countries (Albania, Serbia) in the 2024 file"),
    "ZAF": ("Africa and the Middle East", "as the other African members in the 2024 file"),
    "TZA": ("Africa and the Middle East", "as the other African members in the 2024 file"),
    "TTO": ("Americas", "as Jamaica in the 2024 file"),
}

REGIONS: tuple[str, ...] = (
    "Africa and the Middle East",
    "Americas",
    "Asia and the Pacific",
    "Europe",
)

_CODE = re.compile(r"^[A-Za-z]{2,3}$")


def _normalise(text: str) -> str:
    # NFC first: macOS types "Côte" decomposed (o + combining circumflex).
    return " ".join(unicodedata.normalize("NFC", text).replace("’", "'").split()).casefold()


@lru_cache(maxsize=1024)
def resolve_country(name_or_code: str) -> str | None:
    """ISO 3166 alpha-3 code for a country name, alias ("UK") or ISO2/ISO3 code; else None."""
    if not isinstance(name_or_code, str):
        return None
    key = _normalise(name_or_code)
    if not key:
        return None
    if key in ALIASES:
        return ALIASES[key]
    if _CODE.match(key):
        found = (
            pycountry.countries.get(alpha_2=key.upper())
            if len(key) == 2
            else pycountry.countries.get(alpha_3=key.upper())
        )
        return found.alpha_3 if found else None
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        return None


def iso2_for(iso3: str) -> str:
    """ISO 3166 alpha-2 code for an alpha-3 code."""
    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        raise KeyError(iso3)
    return found.alpha_2
