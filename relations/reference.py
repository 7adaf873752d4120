"""Reference data: every ISO 3166-1 country with the names the press uses for it.

pycountry gives the ISO codes and formal names; it misses the names news actually use
("Turkey", "UAE", "Russia", "the United States", "South Korea") and all demonyms, so
this module keeps our own alias table on top of it. Plain data and pure functions: the
ingest pipeline resolves names from it without a database.
"""

import unicodedata
from dataclasses import dataclass, field
from functools import cache

import pycountry

HUB_CODE = "KAZ"

# Short names the press uses, where pycountry's name reads like a catalogue entry.
SHORT_NAMES = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "COD": "DR Congo",
    "CIV": "Côte d'Ivoire",
    "FSM": "Micronesia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VAT": "Vatican",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "GBR": "United Kingdom",
    "USA": "United States",
    "CZE": "Czechia",
    "TUR": "Türkiye",
    "ARE": "United Arab Emirates",
    "KGZ": "Kyrgyzstan",
    "MKD": "North Macedonia",
    "NLD": "Netherlands",
    "PHL": "Philippines",
    "SXM": "Sint Maarten",
    "MAF": "Saint Martin",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
    "SHN": "Saint Helena",
    "FLK": "Falkland Islands",
    "CPV": "Cabo Verde",
    "SWZ": "Eswatini",
}

# Aliases beyond pycountry's names: older names, abbreviations, official forms the press
# writes differently. Matching is case- and accent-insensitive.
ALIASES = {
    "TUR": ["Turkey", "Turkiye", "Republic of Turkey", "Republic of Türkiye"],
    "RUS": ["Russia", "Russian Federation", "the Russian Federation"],
    "USA": [
        "United States",
        "the United States",
        "United States of America",
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
    ],
    "GBR": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E.", "the Emirates", "Emirates"],
    "KOR": ["South Korea", "Republic of Korea", "the Republic of Korea", "Korea", "ROK"],
    "PRK": ["North Korea", "DPRK"],
    "KGZ": ["Kyrgyz Republic", "the Kyrgyz Republic", "Kyrgyzstan", "Kirghizia"],
    "CHN": ["China", "People's Republic of China", "PRC"],
    "IRN": ["Iran", "Islamic Republic of Iran"],
    "CZE": ["Czech Republic", "Czechia"],
    "MDA": ["Moldova"],
    "SYR": ["Syria"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos", "Lao PDR"],
    "NLD": ["Netherlands", "the Netherlands", "Holland", "Kingdom of the Netherlands"],
    "DEU": ["Germany", "Federal Republic of Germany", "FRG"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "MMR": ["Myanmar", "Burma"],
    "SWZ": ["Eswatini", "Swaziland"],
    "MKD": ["North Macedonia", "Macedonia"],
    "TWN": ["Taiwan"],
    "PSE": ["Palestine", "State of Palestine"],
    "VAT": ["Vatican", "Holy See", "Vatican City"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
    "TZA": ["Tanzania"],
    "BRN": ["Brunei"],
    "FSM": ["Micronesia"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste"],
    "SAU": ["Saudi Arabia", "KSA", "Kingdom of Saudi Arabia"],
    "AZE": ["Azerbaijan", "Republic of Azerbaijan"],
    "UZB": ["Uzbekistan", "Republic of Uzbekistan"],
    "TJK": ["Tajikistan", "Republic of Tajikistan"],
    "TKM": ["Turkmenistan"],
    "KAZ": ["Kazakhstan", "Republic of Kazakhstan", "the Republic of Kazakhstan", "Qazaqstan"],
    "BLR": ["Belarus", "Republic of Belarus"],
    "HUN": ["Hungary"],
    "IND": ["India", "Republic of India"],
    "PAK": ["Pakistan", "Islamic Republic of Pakistan"],
    "JPN": ["Japan"],
}

# Demonyms and adjectives ("the Turkish side", "Kazakh-Turkish relations").
DEMONYMS = {
    "AFG": ["Afghan"],
    "ALB": ["Albanian"],
    "DZA": ["Algerian"],
    "AGO": ["Angolan"],
    "ARG": ["Argentine", "Argentinian"],
    "ARM": ["Armenian"],
    "AUS": ["Australian"],
    "AUT": ["Austrian"],
    "AZE": ["Azerbaijani", "Azeri"],
    "BHR": ["Bahraini"],
    "BGD": ["Bangladeshi"],
    "BLR": ["Belarusian", "Belarussian"],
    "BEL": ["Belgian"],
    "BTN": ["Bhutanese"],
    "BOL": ["Bolivian"],
    "BIH": ["Bosnian"],
    "BRA": ["Brazilian"],
    "BRN": ["Bruneian"],
    "BGR": ["Bulgarian"],
    "KHM": ["Cambodian"],
    "CMR": ["Cameroonian"],
    "CAN": ["Canadian"],
    "CHL": ["Chilean"],
    "CHN": ["Chinese"],
    "COL": ["Colombian"],
    "HRV": ["Croatian"],
    "CUB": ["Cuban"],
    "CYP": ["Cypriot"],
    "CZE": ["Czech"],
    "DNK": ["Danish"],
    "ECU": ["Ecuadorian"],
    "EGY": ["Egyptian"],
    "EST": ["Estonian"],
    "ETH": ["Ethiopian"],
    "FIN": ["Finnish"],
    "FRA": ["French"],
    "GEO": ["Georgian"],
    "DEU": ["German"],
    "GHA": ["Ghanaian"],
    "GRC": ["Greek"],
    "HUN": ["Hungarian"],
    "ISL": ["Icelandic"],
    "IND": ["Indian"],
    "IDN": ["Indonesian"],
    "IRN": ["Iranian"],
    "IRQ": ["Iraqi"],
    "IRL": ["Irish"],
    "ISR": ["Israeli"],
    "ITA": ["Italian"],
    "JPN": ["Japanese"],
    "JOR": ["Jordanian"],
    "KAZ": ["Kazakh", "Kazakhstani", "Qazaq"],
    "KEN": ["Kenyan"],
    "KOR": ["South Korean", "Korean"],
    "PRK": ["North Korean"],
    "KWT": ["Kuwaiti"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "LAO": ["Lao", "Laotian"],
    "LVA": ["Latvian"],
    "LBN": ["Lebanese"],
    "LBY": ["Libyan"],
    "LTU": ["Lithuanian"],
    "LUX": ["Luxembourgish"],
    "MYS": ["Malaysian"],
    "MDV": ["Maldivian"],
    "MLT": ["Maltese"],
    "MEX": ["Mexican"],
    "MDA": ["Moldovan"],
    "MNG": ["Mongolian"],
    "MNE": ["Montenegrin"],
    "MAR": ["Moroccan"],
    "MMR": ["Myanmar", "Burmese"],
    "NPL": ["Nepalese", "Nepali"],
    "NLD": ["Dutch"],
    "NZL": ["New Zealand"],
    "NGA": ["Nigerian"],
    "MKD": ["Macedonian"],
    "NOR": ["Norwegian"],
    "OMN": ["Omani"],
    "PAK": ["Pakistani"],
    "PSE": ["Palestinian"],
    "PAN": ["Panamanian"],
    "PER": ["Peruvian"],
    "PHL": ["Philippine", "Filipino"],
    "POL": ["Polish"],
    "PRT": ["Portuguese"],
    "QAT": ["Qatari"],
    "ROU": ["Romanian"],
    "RUS": ["Russian"],
    "SAU": ["Saudi"],
    "SEN": ["Senegalese"],
    "SRB": ["Serbian"],
    "SGP": ["Singaporean"],
    "SVK": ["Slovak", "Slovakian"],
    "SVN": ["Slovenian", "Slovene"],
    "ZAF": ["South African"],
    "ESP": ["Spanish"],
    "LKA": ["Sri Lankan"],
    "SDN": ["Sudanese"],
    "SWE": ["Swedish"],
    "CHE": ["Swiss"],
    "SYR": ["Syrian"],
    "TJK": ["Tajik", "Tajikistani"],
    "TZA": ["Tanzanian"],
    "THA": ["Thai"],
    "TUN": ["Tunisian"],
    "TUR": ["Turkish"],
    "TKM": ["Turkmen"],
    "UGA": ["Ugandan"],
    "UKR": ["Ukrainian"],
    "ARE": ["Emirati"],
    "GBR": ["British"],
    "USA": ["American", "US"],
    "URY": ["Uruguayan"],
    "UZB": ["Uzbek", "Uzbekistani"],
    "VEN": ["Venezuelan"],
    "VNM": ["Vietnamese"],
    "YEM": ["Yemeni"],
    "ZMB": ["Zambian"],
    "ZWE": ["Zimbabwean"],
    "RWA": ["Rwandan"],
    "TWN": ["Taiwanese"],
}

# Capitals used as metonyms for governments ("Astana and Ankara agreed...").
CAPITALS = {
    "TUR": "Ankara",
    "RUS": "Moscow",
    "CHN": "Beijing",
    "USA": "Washington",
    "UZB": "Tashkent",
    "KGZ": "Bishkek",
    "TJK": "Dushanbe",
    "TKM": "Ashgabat",
    "AZE": "Baku",
    "HUN": "Budapest",
    "DEU": "Berlin",
    "FRA": "Paris",
    "GBR": "London",
    "JPN": "Tokyo",
    "KOR": "Seoul",
    "IND": "New Delhi",
    "PAK": "Islamabad",
    "ARE": "Abu Dhabi",
    "SAU": "Riyadh",
    "QAT": "Doha",
    "IRN": "Tehran",
    "BLR": "Minsk",
    "GEO": "Tbilisi",
    "ARM": "Yerevan",
    "ITA": "Rome",
    "ESP": "Madrid",
    "POL": "Warsaw",
    "KAZ": "Astana",
    "MNG": "Ulaanbaatar",
    "EGY": "Cairo",
    "ISR": "Jerusalem",
}

# UN M49-style regions, enough for grouping partners on the dashboard.
_REGION_CODES = {
    "Central Asia": "KAZ KGZ TJK TKM UZB",
    "Eastern Europe": "BLR BGR CZE HUN MDA POL ROU RUS SVK UKR",
    "Northern Europe": "ALA DNK EST FIN FRO GBR GGY IMN IRL ISL JEY LTU LVA NOR SJM SWE",
    "Southern Europe": "ALB AND BIH ESP GIB GRC HRV ITA MKD MLT MNE PRT SMR SRB SVN VAT XKX",
    "Western Europe": "AUT BEL CHE DEU FRA LIE LUX MCO NLD",
    "Western Asia": "ARE ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR YEM",
    "Southern Asia": "AFG BGD BTN IND IRN LKA MDV NPL PAK",
    "Eastern Asia": "CHN HKG JPN KOR MAC MNG PRK TWN",
    "South-eastern Asia": "BRN IDN KHM LAO MMR MYS PHL SGP THA TLS VNM",
    "Northern Africa": "DZA EGY ESH LBY MAR SDN TUN",
    "Sub-Saharan Africa": (
        "AGO BDI BEN BFA BWA CAF CIV CMR COD COG COM CPV DJI ERI ETH GAB GHA GIN GMB GNB "
        "GNQ IOT KEN LBR LSO MDG MLI MOZ MRT MUS MWI MYT NAM NER NGA REU RWA SEN SHN SLE SOM "
        "SSD STP SWZ SYC TCD TGO TZA UGA ZAF ZMB ZWE ATF"
    ),
    "Northern America": "BMU CAN GRL SPM USA",
    "Latin America and the Caribbean": (
        "ABW AIA ARG ATG BES BHS BLM BLZ BOL BRA BRB CHL COL CRI CUB CUW CYM DMA DOM ECU FLK "
        "GLP GRD GTM GUF GUY HND HTI JAM KNA LCA MAF MEX MSR MTQ NIC PAN PER PRI PRY SGS SLV "
        "SUR SXM TCA TTO URY VCT VEN VGB VIR BVT"
    ),
    "Oceania": (
        "ASM AUS COK FJI FSM GUM HMD KIR MHL MNP NCL NFK NIU NRU NZL PCN PLW PNG PYF SLB TKL "
        "TON TUV UMI VUT WLF WSM CXR CCK"
    ),
    "Antarctica": "ATA",
}
REGIONS = {code: region for region, codes in _REGION_CODES.items() for code in codes.split()}

ORGANIZATIONS = [
    ("OTS", "Organization of Turkic States", ["Turkic Council", "Organisation of Turkic States"]),
    ("CICA", "Conference on Interaction and Confidence-Building Measures in Asia", []),
    ("SCO", "Shanghai Cooperation Organisation", ["Shanghai Cooperation Organization"]),
    ("EAEU", "Eurasian Economic Union", ["EEU", "Eurasian Union"]),
    ("CIS", "Commonwealth of Independent States", []),
    ("CSTO", "Collective Security Treaty Organization", []),
    ("UN", "United Nations", ["UN", "U.N."]),
    ("OSCE", "Organization for Security and Co-operation in Europe", []),
    ("OIC", "Organisation of Islamic Cooperation", ["Organization of Islamic Cooperation"]),
    ("ECO", "Economic Cooperation Organization", []),
    ("EU", "European Union", []),
    ("NATO", "North Atlantic Treaty Organization", []),
    ("BRICS", "BRICS", []),
    ("ASEAN", "Association of Southeast Asian Nations", []),
    ("C5+1", "C5+1 diplomatic platform", ["C5+1"]),
    ("IFAS", "International Fund for Saving the Aral Sea", []),
    ("WTO", "World Trade Organization", []),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization", []),
]


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a name, for matching."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


@dataclass(frozen=True)
class CountryRecord:
    """One country with its names, as plain data."""

    code: str
    alpha2: str
    name: str
    official_name: str
    region: str
    aliases: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (alias, kind)


@cache
def countries() -> tuple[CountryRecord, ...]:
    """All ISO 3166-1 countries with short names, official names and aliases."""
    records = []
    taken: set[str] = set()
    # Aliases we chose win over names pycountry generates, so resolve ours first.
    for entry in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        code = entry.alpha_3
        name = SHORT_NAMES.get(code) or getattr(entry, "common_name", None) or entry.name
        official = getattr(entry, "official_name", None) or ""
        pairs: list[tuple[str, str]] = []
        pairs.append((name, "name"))
        pairs.append((entry.name, "name"))
        if official:
            pairs.append((official, "official"))
        if getattr(entry, "common_name", None):
            pairs.append((entry.common_name, "common"))
        pairs += [(alias, "common") for alias in ALIASES.get(code, [])]
        pairs += [(alias, "demonym") for alias in DEMONYMS.get(code, [])]
        if code in CAPITALS:
            pairs.append((CAPITALS[code], "capital"))
        records.append((entry, code, name, official, pairs))
    # Explicit aliases claim their folded form first so that generated names never steal them.
    explicit = {fold(a): code for code, names in ALIASES.items() for a in names}
    explicit.update({fold(a): code for code, names in DEMONYMS.items() for a in names})
    result = []
    for entry, code, name, official, pairs in records:
        kept = []
        for alias, kind in pairs:
            key = fold(alias)
            if not key or key in taken or explicit.get(key, code) != code:
                continue
            taken.add(key)
            kept.append((alias, kind))
        result.append(
            CountryRecord(
                code=code,
                alpha2=entry.alpha_2,
                name=name,
                official_name=official,
                region=REGIONS.get(code, ""),
                aliases=tuple(kept),
            )
        )
    return tuple(result)


@cache
def alias_table() -> dict[str, str]:
    """Folded name -> ISO alpha-3 code, for every alias of every country."""
    return {fold(alias): rec.code for rec in countries() for alias, _ in rec.aliases}


def resolve_country(name: str) -> str | None:
    """The ISO alpha-3 code a name, official name, alias or demonym stands for, if any."""
    return alias_table().get(fold(name))
