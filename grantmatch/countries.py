"""Country facts the partner rules rely on: EU member states, EEA and Norway Grants
beneficiary states, the Nordic and Baltic countries, and country names in nb/en.

Plain data, no imports from the rest of the package. Each set says when and against what
it was last checked; update the date when you check it again.
"""

from __future__ import annotations

HOME_COUNTRY = "NO"  # Fredrikstad kommune

# The 27 EU member states (no accession or exit since the United Kingdom left on 31 January 2020).
EU_MEMBER_STATES: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
EU_MEMBER_STATES_CHECKED = "2026-11-30"
EU_MEMBER_STATES_SOURCE = "https://european-union.europa.eu/principles-countries-history/eu-countries_en"

# EEA and Norway Grants 2021–2028: the 15 beneficiary states (catalogue-facts section 17).
EEA_BENEFICIARY_STATES: frozenset[str] = frozenset(
    "BG CY CZ EE GR HR HU LT LV MT PL PT RO SI SK".split())
EEA_BENEFICIARY_STATES_CHECKED = "2026-11-30"
EEA_BENEFICIARY_STATES_SOURCE = "https://eeagrants.org/countries"
# Named first when a partner in a beneficiary state is missing (the largest programmes).
EEA_EXAMPLES = ("PL", "RO")

NORDIC_COUNTRIES: frozenset[str] = frozenset("DK FI IS NO SE FO GL AX".split())
BALTIC_COUNTRIES: frozenset[str] = frozenset("EE LV LT".split())
NORDIC_BALTIC_COUNTRIES: frozenset[str] = NORDIC_COUNTRIES | BALTIC_COUNTRIES

COUNTRY_NAMES: dict[str, tuple[str, str]] = {  # code: (nb, en)
    "AT": ("Østerrike", "Austria"), "BE": ("Belgia", "Belgium"), "BG": ("Bulgaria", "Bulgaria"),
    "CY": ("Kypros", "Cyprus"), "CZ": ("Tsjekkia", "Czechia"), "DE": ("Tyskland", "Germany"),
    "DK": ("Danmark", "Denmark"), "EE": ("Estland", "Estonia"), "ES": ("Spania", "Spain"),
    "FI": ("Finland", "Finland"), "FR": ("Frankrike", "France"), "GR": ("Hellas", "Greece"),
    "HR": ("Kroatia", "Croatia"), "HU": ("Ungarn", "Hungary"), "IE": ("Irland", "Ireland"),
    "IT": ("Italia", "Italy"), "LT": ("Litauen", "Lithuania"), "LU": ("Luxembourg", "Luxembourg"),
    "LV": ("Latvia", "Latvia"), "MT": ("Malta", "Malta"), "NL": ("Nederland", "Netherlands"),
    "PL": ("Polen", "Poland"), "PT": ("Portugal", "Portugal"), "RO": ("Romania", "Romania"),
    "SE": ("Sverige", "Sweden"), "SI": ("Slovenia", "Slovenia"), "SK": ("Slovakia", "Slovakia"),
    "NO": ("Norge", "Norway"), "IS": ("Island", "Iceland"), "LI": ("Liechtenstein", "Liechtenstein"),
    "FO": ("Færøyene", "Faroe Islands"), "GL": ("Grønland", "Greenland"), "AX": ("Åland", "Åland"),
    "CH": ("Sveits", "Switzerland"), "GB": ("Storbritannia", "United Kingdom"),
    "UA": ("Ukraina", "Ukraine"), "GT": ("Guatemala", "Guatemala"), "MK": ("Nord-Makedonia", "North Macedonia"),
    "RS": ("Serbia", "Serbia"), "TR": ("Tyrkia", "Türkiye"), "MW": ("Malawi", "Malawi"),
    "MZ": ("Mosambik", "Mozambique"), "KE": ("Kenya", "Kenya"), "CN": ("Kina", "China"),
}


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` (nb or en); the code itself when unknown."""
    names = COUNTRY_NAMES.get(code)
    if names is None:
        return code
    return names[1] if lang == "en" else names[0]
