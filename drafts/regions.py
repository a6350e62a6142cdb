"""Where a practice took place: ISO 3166-1 countries and the UN M49 regions that hold them.

The areas follow the UN's "Standard country or area codes for statistical use" (M49,
unstats.un.org/unsd/methodology/m49): five regions, their sub-regions and, in Africa and
the Americas, intermediate regions. The country lists are those of CLDR's
territoryContainment (supplementalData.xml), which records M49: every ISO 3166-1 country
but Antarctica (AQ), which lies in no M49 region and holds no city.
Names in each language come from CLDR too, through babel.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from babel import Locale

from drafts.errors import InvalidRequest

WORLD: Final = "001"

# Each M49 area below the world, with the area it is part of.
PARENTS: Final[dict[str, str]] = {
    # Regions
    "002": WORLD,  # Africa
    "009": WORLD,  # Oceania
    "019": WORLD,  # Americas
    "142": WORLD,  # Asia
    "150": WORLD,  # Europe
    # Sub-regions
    "015": "002",  # Northern Africa
    "202": "002",  # Sub-Saharan Africa
    "021": "019",  # Northern America
    "419": "019",  # Latin America and the Caribbean
    "030": "142",  # Eastern Asia
    "034": "142",  # Southern Asia
    "035": "142",  # South-eastern Asia
    "143": "142",  # Central Asia
    "145": "142",  # Western Asia
    "039": "150",  # Southern Europe
    "151": "150",  # Eastern Europe
    "154": "150",  # Northern Europe
    "155": "150",  # Western Europe
    "053": "009",  # Australia and New Zealand
    "054": "009",  # Melanesia
    "057": "009",  # Micronesia
    "061": "009",  # Polynesia
    # Intermediate regions
    "011": "202",  # Western Africa
    "014": "202",  # Eastern Africa
    "017": "202",  # Middle Africa
    "018": "202",  # Southern Africa
    "005": "419",  # South America
    "013": "419",  # Central America
    "029": "419",  # Caribbean
}

# The smallest M49 area of each country, as alpha-2 codes.
_COUNTRIES_OF: Final[dict[str, str]] = {
    "005": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
    "011": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "013": "BZ CR GT HN MX NI PA SV",
    "014": "BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW",
    "015": "DZ EG EH LY MA SD TN",
    "017": "AO CD CF CG CM GA GQ ST TD",
    "018": "BW LS NA SZ ZA",
    "021": "BM CA GL PM US",
    "029": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "030": "CN HK JP KP KR MN MO TW",
    "034": "AF BD BT IN IR LK MV NP PK",
    "035": "BN ID KH LA MM MY PH SG TH TL VN",
    "039": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA",
    "053": "AU CC CX HM NF NZ",
    "054": "FJ NC PG SB VU",
    "057": "FM GU KI MH MP NR PW UM",
    "061": "AS CK NU PF PN TK TO TV WF WS",
    "143": "KG KZ TJ TM UZ",
    "145": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "151": "BG BY CZ HU MD PL RO RU SK UA",
    "154": "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ",
    "155": "AT BE CH DE FR LI LU MC NL",
}

COUNTRY_AREA: Final[dict[str, str]] = {
    country: area for area, countries in _COUNTRIES_OF.items() for country in countries.split()
}
COUNTRIES: Final = frozenset(COUNTRY_AREA)
REGIONS: Final = frozenset(PARENTS)
TOP_REGIONS: Final = frozenset(code for code, parent in PARENTS.items() if parent == WORLD)


def check_country(code: str) -> str:
    """`code` upper-cased, if it is an ISO 3166-1 alpha-2 country code."""
    upper = code.strip().upper()
    if upper not in COUNTRIES:
        raise InvalidRequest(f"{code[:20]!r} is not an ISO 3166-1 alpha-2 country code")
    return upper


def check_region(code: str) -> str:
    """`code` if it names an M49 region, sub-region or intermediate region ("419")."""
    code = code.strip()
    if code not in REGIONS:
        raise InvalidRequest(
            f"{code[:20]!r} is not a UN M49 region code (such as 002 Africa, 419 Latin "
            "America and the Caribbean, 035 South-eastern Asia)"
        )
    return code


def ancestry(code: str) -> tuple[str, ...]:
    """The area and every region above it, smallest first, without the world:
    `ancestry("005")` is ("005", "419", "019")."""
    chain: list[str] = []
    while code in PARENTS:
        chain.append(code)
        code = PARENTS[code]
    return tuple(chain)


def top_region(code: str) -> str:
    """The M49 region (Africa, Americas, Asia, Europe, Oceania) that holds `code`."""
    chain = ancestry(code)
    return chain[-1] if chain else code


def contains(region: str, area: str) -> bool:
    """Whether `region` is `area` or one of the regions above it."""
    return region in ancestry(area)


def within(region: str) -> frozenset[str]:
    """`region` and every area inside it, for filtering by region."""
    return frozenset(code for code in REGIONS if contains(region, code))


def region_of(country: str) -> str | None:
    """The smallest M49 area of a country (None for a code that is none)."""
    return COUNTRY_AREA.get(country)


def place(country: str | None, region: str | None) -> tuple[str | None, str]:
    """The country and region a practice is placed in, checked and agreed.

    A country alone gives its smallest M49 area; a region given with a country must hold
    it (Colombia lies in 005, 419 and 019, not in 002)."""
    checked = check_country(country) if country else None
    if region:
        region = check_region(region)
        if checked is not None:
            area = region_of(checked)
            if area is None or not contains(region, area):
                raise InvalidRequest(f"country {checked} does not lie in region {region}")
        return checked, region
    if checked is None:
        raise InvalidRequest("a practice needs a country or an M49 region")
    area = region_of(checked)
    if area is None:
        raise InvalidRequest(f"country {checked} lies in no M49 region; name the region")
    return checked, area


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def territory_name(code: str, language: str) -> str:
    """The name of a country or M49 area in `language`, as CLDR writes it."""
    return str(_locale(language).territories.get(code, code))
