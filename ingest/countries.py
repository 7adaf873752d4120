"""Country and organization mentions: a gazetteer from relations.reference, matched on tokens."""

from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from relations import reference

from .nlp import nlp

HUB = reference.HUB_CODE

# Words before a match that make it something else ("Latin America", "South Caucasus").
_BLOCKED_BEFORE = {"latin", "central", "north", "south", "new", "papua", "equatorial"}
_BLOCKED_ALIASES = {"america"}  # only blocked after the words above


# Cities that host summits and visits, beyond capitals: they place an event in a country.
# Kind "capital" covers them (a place standing for its country). UN seats such as New York
# and Geneva are left out: a meeting there is not a meeting with the host.
CITIES = {
    "KAZ": "Almaty, Shymkent, Turkistan, Turkestan, Aktau, Atyrau, Karaganda, Kostanay, "
    "Pavlodar, Oskemen, Ust-Kamenogorsk, Aktobe, Semey, Taraz, Kyzylorda, Burabay, Akorda, "
    "Nur-Sultan",
    "UZB": "Samarkand, Bukhara, Khiva",
    "CHN": "Shanghai, Xi'an, Tianjin, Urumqi, Qingdao, Guangzhou",
    "RUS": "St. Petersburg, Saint Petersburg, Kazan, Sochi, Novosibirsk, Omsk, Orenburg",
    "TUR": "Istanbul, Antalya, Izmir",
    "ARE": "Dubai",
    "AZE": "Gabala, Shusha",
    "KGZ": "Cholpon-Ata, Osh",
    "DEU": "Frankfurt, Munich, Hamburg",
    "JPN": "Osaka",
    "KOR": "Busan",
    "IND": "Mumbai",
    "SAU": "Jeddah",
    "TKM": "Awaza, Turkmenbashi",
    # Capitals the reference table leaves out (seats of organizations such as Brussels, Vienna,
    # Geneva and Addis Ababa stay out; so do names that are also common words or first names).
    "VNM": "Hanoi, Ho Chi Minh City",
    "IDN": "Jakarta",
    "MYS": "Kuala Lumpur, Putrajaya",
    "THA": "Bangkok",
    "PHL": "Manila",
    "KHM": "Phnom Penh",
    "LAO": "Vientiane",
    "BGD": "Dhaka",
    "LKA": "Colombo",
    "NPL": "Kathmandu",
    "AFG": "Kabul",
    "IRQ": "Baghdad",
    "SYR": "Damascus",
    "JOR": "Amman",
    "LBN": "Beirut",
    "OMN": "Muscat",
    "KWT": "Kuwait City",
    "BHR": "Manama",
    "ISR": "Tel Aviv",
    "CZE": "Prague",
    "SVK": "Bratislava",
    "LTU": "Vilnius",
    "LVA": "Riga",
    "EST": "Tallinn",
    "FIN": "Helsinki",
    "SWE": "Stockholm",
    "NOR": "Oslo",
    "DNK": "Copenhagen",
    "NLD": "Amsterdam, The Hague, Rotterdam",
    "PRT": "Lisbon",
    "GRC": "Athens",
    "ROU": "Bucharest",
    "SRB": "Belgrade",
    "HRV": "Zagreb",
    "SVN": "Ljubljana",
    "UKR": "Kyiv, Kiev",
    "MDA": "Chisinau",
    "IRL": "Dublin",
    "CAN": "Ottawa",
    "AUS": "Canberra",
    "MEX": "Mexico City",
    "BRA": "Brasilia, Brasília",
    "ARG": "Buenos Aires",
    "CHL": "Santiago",
    "PER": "Lima",
    "COL": "Bogota, Bogotá",
    "CUB": "Havana",
    "KEN": "Nairobi, Mombasa",
    "NGA": "Abuja, Lagos",
    "ZAF": "Pretoria",
    "MAR": "Rabat",
    "DZA": "Algiers",
    "TUN": "Tunis",
    "SEN": "Dakar",
    "GHA": "Accra",
    "RWA": "Kigali",
}


# Institutions that speak for an organization: a meeting with them is not with a country.
ORG_ALIASES = {
    "EU": [
        "European Commission",
        "European Commissioner",
        "European Council",
        "European Parliament",
        "European External Action Service",
    ],
    "UN": ["UN Secretary-General", "United Nations Secretary-General"],
}


# Formats named after the one partner that meets the five Central Asian states: an event of
# the format is an event with that partner even when the sentence names no country.
FORMAT_PARTNERS = {"C5+1": "USA"}

# Regular summits of a fixed membership: a planned one the sentence names by format alone
# ("the upcoming Consultative Meeting of the Heads of State of Central Asia", "the next SCO
# summit") is a meeting with the members other than Kazakhstan.
FORMAT_MEMBERS = [
    (
        r"Consultative Meeting of (?:the )?Heads of State of Central Asia|"
        r"Central Asian? (?:leaders'? |heads of state )?Consultative Meeting",
        ["UZB", "KGZ", "TJK", "TKM"],
    ),
    (
        r"(?:SCO|Shanghai Cooperation Organi[sz]ation) (?:summit|Heads of State Council)|"
        r"(?:summit|Council of (?:the )?Heads of State) of the (?:SCO|Shanghai Cooperation "
        r"Organi[sz]ation)",
        ["CHN", "RUS", "IND", "PAK", "IRN", "KGZ", "TJK", "UZB", "BLR"],
    ),
    (
        r"(?:OTS|Organi[sz]ation of Turkic States) (?:summit|Council)|"
        r"summit of (?:the )?(?:Heads of State of the )?(?:OTS|Organi[sz]ation of Turkic States)",
        ["AZE", "KGZ", "TUR", "UZB"],
    ),
    (
        r"CSTO (?:summit|Collective Security Council)|"
        r"(?:summit|session) of the (?:CSTO|Collective Security Council)",
        ["RUS", "BLR", "ARM", "KGZ", "TJK"],
    ),
    (
        r"Supreme Eurasian Economic Council|EAEU summit|summit of the EAEU",
        ["RUS", "BLR", "ARM", "KGZ"],
    ),
]


@dataclass(frozen=True)
class Mention:
    """A country or organization named in the text, with its character span."""

    code: str
    start: int
    end: int
    text: str
    kind: str  # name | official | common | demonym | capital | org


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 8


@cache
def _matchers() -> tuple[PhraseMatcher, PhraseMatcher, dict[int, tuple[str, str]]]:
    pipeline = nlp()
    lower = PhraseMatcher(pipeline.vocab, attr="LOWER")
    exact = PhraseMatcher(pipeline.vocab, attr="ORTH")
    labels: dict[int, tuple[str, str]] = {}

    def add(alias: str, code: str, kind: str) -> None:
        key = f"{code}|{kind}"
        label = pipeline.vocab.strings.add(key)
        labels[label] = (code, kind)
        forms = {alias}
        folded = reference.fold(alias)
        if not _is_acronym(alias) and folded:
            forms.add(folded)
        docs = [pipeline.make_doc(form) for form in forms]
        (exact if _is_acronym(alias) else lower).add(key, docs)

    for record in reference.countries():
        for alias, kind in record.aliases:
            add(alias, record.code, kind)
        add(record.name, record.code, "name")
    for code, names in CITIES.items():
        for city in names.split(", "):
            add(city, code, "capital")
    for abbreviation, name, aliases in reference.ORGANIZATIONS:
        for alias in {abbreviation, name, *aliases, *ORG_ALIASES.get(abbreviation, [])}:
            add(alias, abbreviation, "org")
    return lower, exact, labels


_CURRENCY_WORDS = {"dollar", "dollars", "cents"}


def _currency_follows(doc: Doc, end: int, acronym: bool) -> bool:
    """Whether the tokens after a match make it a currency ("US dollars", "US $", "US-dollar")."""
    # Index the tokens: slicing a Doc builds a Span, which costs more than the check itself.
    for i in range(end, min(end + 2, len(doc))):
        text = doc[i].text
        if text[:1] == "$" and (acronym or not doc[i - 1].whitespace_):
            # "US $2 billion" is a currency; "trade with Uzbekistan $4.4 billion" is a country
            # and its figure.
            return True
        if text.lower() in _CURRENCY_WORDS:
            return True
        if text not in {"-", "–"}:
            return False
    return False


def find_mentions(doc: Doc) -> list[Mention]:
    """Every country and organization named in a parsed text, longest match first, in order."""
    lower, exact, labels = _matchers()
    spans = []
    for matcher in (lower, exact):
        for label, start, end in matcher(doc):
            span = doc[start:end]
            span.label = label
            spans.append(span)
    result = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start):
        code, kind = labels[span.label]
        blocked = span.start > 0 and doc[span.start - 1].lower_ in _BLOCKED_BEFORE
        if span.text.lower() in _BLOCKED_ALIASES and blocked:
            continue
        if _currency_follows(doc, span.end, _is_acronym(span.text)):
            # "US dollars", "US$ 2 billion", "US-dollar loans" name a currency, not the country.
            continue
        result.append(Mention(code, span.start_char, span.end_char, span.text, kind))
    return result


def countries_in(mentions: list[Mention], start: int = 0, end: int | None = None) -> list[str]:
    """Country codes (no organizations) mentioned between two offsets, in order, without repeats."""
    seen: list[str] = []
    for m in mentions:
        if m.kind == "org" or m.start < start or (end is not None and m.end > end):
            continue
        if m.code not in seen:
            seen.append(m.code)
    return seen
