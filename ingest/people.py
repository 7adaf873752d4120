"""People named with their titles, the side they speak for and the level of their office.

A name counts as a person when the text gives it a title ("President Kassym-Jomart
Tokayev", "Ambassador of Kazakhstan to Armenia Bolat Imanbayev"), an appositive ("Hakan
Fidan, Minister of Foreign Affairs of the Republic of Türkiye"; "his Turkish counterpart,
Mevlüt Çavuşoğlu"), belongs to a list opened by a titled name, or is a well-known leader.
Later short mentions ("Minister Kosherbayev", "A. Turganbekov") resolve to the full name.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from relations import reference

from .countries import CITIES, HUB, Mention
from .records import PersonMention

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_UP = f"[{re.escape(_UPPER)}]"
_WORD = rf"{_UP}(?:[^\W\d_]|['’-](?=[^\W\d_]))+"
_INITIAL = rf"{_UP}\.\s?"
_PARTICLE = r"(?:bin|ibn|al|el|de|del|da|van|von|der|la)"
_NAME = re.compile(
    rf"(?<![\w.])(?:{_INITIAL})?{_WORD}(?:(?:\s+|\s+{_PARTICLE}\s+){_WORD}){{0,8}}(?:['’]s\b)?"
)

TITLE_WORDS = re.compile(
    r"\b(?:President|Presidents|Prime Minister|Premier|Ministers?|Ambassadors?|Chargé|Charge|"
    r"Consul|Secretary|Chairman|Chairwoman|Chairperson|Chair|Speaker|Deputy|Vice|Governor|Mayor|Akim|"
    r"King|Queen|Emir|Amir|Sultan|Prince|Sheikh|Emperor|Chancellor|Head|Director|CEO|Founder|"
    r"Coordinator|Senator|Envoy|Representative|Adviser|Advisor|Counsellor|Counselor|"
    r"Commissioner|Rector|Professor|expert|analyst|scientist|counterparts?|FM|"
    r"spokesperson|spokesman|Spokesperson|Manager|Member|MP|H\.E\.|Mr\.|Mrs\.|Ms\.|Dr\.)\b"
)
# Words that are never part of a person's name.
_STOP = {
    w.lower()
    for w in [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "Of",
        "For",
        "To",
        "By",
        "With",
        "From",
        "During",
        "Following",
        "After",
        "Before",
        "Ahead",
        "Since",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "Both",
        "Each",
        "All",
        "Also",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "Today",
        "Yesterday",
        "Currently",
        "Furthermore",
        "However",
        "Moreover",
        "President",
        "Presidents",
        "Prime",
        "Minister",
        "Ministers",
        "Ministry",
        "Ambassador",
        "Ambassadors",
        "Embassy",
        "Secretary",
        "General",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Speaker",
        "Deputy",
        "Vice",
        "Governor",
        "Mayor",
        "Akim",
        "King",
        "Queen",
        "Emir",
        "Amir",
        "Sultan",
        "Prince",
        "Sheikh",
        "Emperor",
        "Chancellor",
        "Head",
        "Heads",
        "Director",
        "CEO",
        "Founder",
        "Coordinator",
        "Senator",
        "Envoy",
        "Representative",
        "Representatives",
        "Adviser",
        "Advisor",
        "Professor",
        "Doctor",
        "Foreign",
        "Affairs",
        "Republic",
        "State",
        "States",
        "Kingdom",
        "Federation",
        "Government",
        "Parliament",
        "Senate",
        "Mazhilis",
        "Majilis",
        "Council",
        "Commission",
        "Committee",
        "Group",
        "Organization",
        "Organisation",
        "Union",
        "Assembly",
        "Agency",
        "Institute",
        "University",
        "Academy",
        "Association",
        "Center",
        "Centre",
        "Club",
        "Foundation",
        "Fund",
        "Bank",
        "Company",
        "Corporation",
        "Cluster",
        "Plc",
        "LLC",
        "JSC",
        "Holding",
        "Party",
        "Communist",
        "Revolutionary",
        "International",
        "National",
        "Joint",
        "Strategic",
        "Partnership",
        "Cooperation",
        "Planning",
        "Meeting",
        "Summit",
        "Forum",
        "Conference",
        "Congress",
        "Day",
        "World",
        "Family",
        "Languages",
        "Reform",
        "Reforms",
        "Development",
        "Economic",
        "Trade",
        "Investment",
        "Investments",
        "Energy",
        "Transport",
        "Route",
        "Corridor",
        "Office",
        "Department",
        "Service",
        "Press",
        "Photo",
        "Credit",
        "Declaration",
        "Agreement",
        "Memorandum",
        "Plan",
        "Programme",
        "Program",
        "Treaty",
        "Roadmap",
        "Statement",
        "Action",
        "Board",
        "Peace",
        "Security",
        "Resolution",
        "Nations",
        "Schools",
        "School",
        "Cultural",
        "Culture",
        "Special",
        "Experts",
        "Expert",
        "Parties",
        "Sides",
        "Side",
        "Delegation",
        "Leaders",
        "Leader",
        "North",
        "South",
        "East",
        "West",
        "Central",
        "Eastern",
        "Western",
        "Northern",
        "Southern",
        "Middle",
        "Asian",
        "European",
        "Turkic",
        "Islamic",
        "Olympic",
        "Olympics",
        "Games",
        "Festival",
        "Archives",
        "Film",
        "Heritage",
        "Vision",
        "Strategy",
        "Agenda",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Excellency",
        "H.E.",
        "Astana",
        "Almaty",
        "Qazinform",
        "Kazinform",
        "Akorda",
        "Minister's",
        "News",
        "Relations",
        "Political",
        "Scientists",
        "Transition",
        "Ecological",
        "Public",
        "Higher",
        "Supreme",
        "Court",
        "High",
        "Level",
        "High-Level",
        "Co-Chairmanship",
        "Hall",
        "Palace",
        "Charge",
        "Chargé",
        "d'Affaires",
        "Consulate",
        "Interior",
        "Defense",
        "Defence",
        "Finance",
        "Justice",
        "Education",
        "Health",
        "Agriculture",
        "Industry",
        "Digital",
        "Emergency",
        "Labour",
        "Labor",
        "Culture",
        "Sports",
        "Ecology",
        "Natural",
        "Resources",
        "Commerce",
        "Economy",
        "Integration",
        "Information",
        "Tourism",
        "Science",
        "Innovation",
        "Technology",
        "Technologies",
        "Chamber",
        "Fellowship",
        "Scholarship",
        "Scholarships",
        "Visa",
        "Manager",
        "General",
        "Politics",
        "Constitutional",
        "Parliamentarians",
        "Received",
        "Met",
        # Headline verbs and objects after a title: "Kazakh Foreign Minister Receives Copies
        # of Credentials", "Minister of Enterprises Adolfo Urso".
        "Receives",
        "Meets",
        "Holds",
        "Hosts",
        "Visits",
        "Discusses",
        "Signs",
        "Attends",
        "Presents",
        "Welcomes",
        "Congratulates",
        "Copies",
        "Credentials",
        "Enterprises",
        # The same verbs after two subjects: "Tokayev and Japarov Hold Talks".
        "Hold",
        "Meet",
        "Discuss",
        "Sign",
        "Talks",
        "Phone",
    ]
}
_ORG_AFTER = re.compile(
    r"^\s*(?:[A-Z][\w’'-]*\s+){0,3}(?:Institute|University|Center|Centre|Foundation|Fund|Bank|"
    r"Company|Corporation|Cluster|Group|Holding|Agency|Academy|Association|Club|School|Schools|"
    r"Mosque|Airport|Street|Avenue|Square|Park|Hotel|Plc|LLC|JSC|Ltd)\b"
)
_BOUNDARY = re.compile(
    r"\b(?:met|meets|meet|with|by|received|receives|held|holds|hold|between|said|says|told|"
    r"noted|stated|during|including|among|from|welcomed|thanked|discussed|visited|hosted|"
    r"invited|as well as|while|who|which|that|on behalf of)\b|[;:]|\.\s"
)
_SUFFIX = re.compile(
    r"^,\s+(?:(?:the|an?|his|her)\s+)?(?P<role>[^,;]{2,160}?)(?=,|;|\s+and\s+(?:H\.E\.|[A-Z])|"
    r"\s+(?:presided|met|held|said|noted|stated|took|was|were|has|have|had|will|is|are|"
    r"received|visited|signed|expressed|emphasized|highlighted|also|who)\b|\.\s|\.$|$)"
)
_OF_COUNTRY = re.compile(r"^\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})")

# Leaders and foreign ministers the press names without a country (world knowledge, not seeds).
KNOWN_PEOPLE = {
    "KAZ": "tokayev nazarbayev bektenov smailov kosherbayev nurtleu tleuberdi tileuberdi "
    "vassilenko ashikbayev koshanov ashimbayev zhumangarin skakov smadiyarov",
    "RUS": "putin mishustin lavrov medvedev",
    "CHN": "jinping qiang",
    "UZB": "mirziyoyev saidov aripov",
    "TUR": "erdogan fidan cavusoglu",
    "AZE": "aliyev bayramov",
    "KGZ": "japarov kulubaev kasymaliev",
    "TJK": "rahmon muhriddin",
    "TKM": "berdimuhamedov meredov",
    "BLR": "lukashenko ryzhenkov",
    "HUN": "orban szijjarto",
    "IND": "modi jaishankar",
    "USA": "biden trump blinken rubio",
    "DEU": "scholz merz steinmeier baerbock wadephul",
    "FRA": "macron",
    "JPN": "kishida ishiba takaichi",
    "PAK": "sharif zardari",
    "ARM": "pashinyan",
    "ITA": "meloni mattarella",
}
_KNOWN = {name: code for code, names in KNOWN_PEOPLE.items() for name in names.split()}


def _surname(name: str) -> str:
    parts = reference.fold(name).replace(".", " ").split()
    return parts[-1] if parts else ""


def level_of(role: str) -> str:
    """The relations.models.Level value a title describes."""
    text = role.lower()
    if re.search(
        r"foreign minister|minister of foreign affairs|minister for foreign affairs|"
        r"foreign affairs minister|\bfm\b|secretary of state|external affairs minister|"
        r"foreign secretary",
        text,
    ):
        return "foreign_minister"
    if re.search(
        r"(?<!deputy )(?<!vice )prime minister|\bpremier\b|chancellor|"
        r"chairman of the government",
        text,
    ):
        return "head_of_government"
    business = re.search(
        r"company|cluster|plc|llc|bank|association|institute|university|"
        r"corporation|fund|chamber|club|foundation|manager",
        text,
    )
    if (
        re.search(
            r"(?<!vice )(?<!vice-)president|\bking\b|\bemir\b|\bamir\b|\bsultan\b|"
            r"emperor|head of state|kazakh leader",
            text,
        )
        and not business
    ):
        return "head_of_state"
    if re.search(r"ambassador|chargé|charge d|consul|envoy", text):
        return "ambassador"
    if re.search(r"minister", text):
        return "minister"
    return "other"


@dataclass
class _Found:
    name: str
    start: int
    end: int
    role: str
    country: str | None


def _clean(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    return name


def _country_of(role: str, role_start: int, mentions: list[Mention]) -> str | None:
    for m in mentions:
        if m.kind in {"org", "capital"}:
            continue
        if role_start <= m.start < role_start + len(role):
            return m.code
    return None


@lru_cache(maxsize=65536)
def _is_stop(word: str) -> bool:
    """A word that is never part of a name: a title word, a country or a demonym."""
    pieces = [word, *word.split("-")] if "-" in word else [word]
    return any(
        p.lower() in _STOP or reference.fold(p) in reference.alias_table() or p in _PLACES
        for p in pieces
    )


_PLACES = {city for names in CITIES.values() for city in names.split(", ")}


# "General Secretary To Lam": a capitalized "To" between a title and a name is a given name;
# a headline's "President To Visit Hanoi" is not.
_HEADLINE_VERBS = frozenset(
    re.findall(
        r"\w+",
        "visit attend meet hold pay take sign discuss host travel participate make open launch "
        "deliver address receive strengthen expand boost develop be become chair lead head join "
        "help start begin continue deepen promote speak present arrive depart",
    )
)


def _given_name_to(tokens: list[str], i: int) -> bool:
    if tokens[i] != "To" or i == 0 or i + 1 >= len(tokens):
        return False
    after = re.sub(r"['’]s$|[,.;:]$", "", tokens[i + 1])
    return (
        bool(TITLE_WORDS.fullmatch(tokens[i - 1]))
        and after[:1].isupper()
        and after.lower() not in _HEADLINE_VERBS
        and not _is_stop(after)
    )


def _split_candidate(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Parts of a capitalized run that contain no stop word (a run may hold a title and a name)."""
    parts, cur = [], None
    words = list(re.finditer(r"\S+", text[start:end]))
    tokens = [w.group(0) for w in words]
    for i, word in enumerate(words):
        token = word.group(0)
        bare = re.sub(r"['’]s$", "", token)
        if _is_stop(bare) and not _given_name_to(tokens, i):
            if cur:
                parts.append(cur)
            cur = None
            continue
        a, b = start + word.start(), start + word.end()
        cur = (cur[0], b) if cur else (a, b)
    if cur:
        parts.append(cur)
    return parts


_HONORIFICS = {"Prince", "Sheikh", "H.E.", "Mr.", "Mrs.", "Ms.", "Dr."}
_ROLE_LINKS = {"of", "the", "and", "for", "on", "to", "in", "at", "de", "du", "la", "des", "d'"}


def _title_phrase(prefix: str) -> tuple[str, int]:
    """The title right before a name ("Hungarian Prime Minister", "Ambassador of Georgia")."""
    trimmed = prefix.rstrip(" ,")
    segment_start = trimmed.rfind(",") + 1
    segment = trimmed[segment_start:]
    titles = list(TITLE_WORDS.finditer(segment))
    if not titles:
        return "", 0
    last = titles[-1]
    if (
        len(titles) > 1
        and last.group(0) in _HONORIFICS
        and not segment[last.end() :].strip()
        and titles[-2].group(0) not in _HONORIFICS
    ):
        # "Minister of Foreign Affairs of Saudi Arabia Prince Faisal": the office, not the
        # honorific, is the title.
        last = titles[-2]
    start = last.start()
    # Take in the capitalized words that qualify the title: "Kazakh Foreign Minister".
    while True:
        head = re.search(r"([A-Z][\w’'.-]*)\s+$", segment[:start])
        if not head:
            break
        start = head.start(1)
    tail = segment[last.end() :]
    if any(w not in _ROLE_LINKS for w in re.findall(r"(?<![\w'’])[a-z][\w'’-]*", tail)):
        return "", 0
    role = segment[start:].strip()
    return role, segment_start + start


# "Minister-President of Bavaria Markus Söder", "for Economic Diplomacy Hamid Ghanbari": the
# capitalized run after an office's "of"/"for" starts with the office's object.
_OFFICE_OBJECT = re.compile(r"\b(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,3}$")


def _after_office_object(
    text: str, a: int, name: str, words: list[str], mentions: list[Mention], offset: int
) -> tuple[int, str, list[str]]:
    """Drop the office's object from the front of a name, keeping the last two words."""
    before = text[max(0, a - 80) : a]
    tail = _OFFICE_OBJECT.search(before)
    if not tail or not TITLE_WORDS.search(before[: tail.start()]):
        return a, name, words
    start = offset + a - (len(before) - tail.start())
    if any(m.kind != "org" and start <= m.start < offset + a for m in mentions):
        return a, name, words  # "of the UAE Thani bin Ahmed Al Zeyoudi": a country, no object
    keep = name.split()[-2:]
    if re.fullmatch(_PARTICLE, keep[0], re.IGNORECASE):
        return a, name, words
    shift = name.rfind(keep[0])
    return a + shift, name[shift:], name[shift:].replace(".", ". ").split()


def find_people(
    text: str, mentions: list[Mention], offset: int = 0, seen: set[str] | None = None
) -> list[_Found]:
    """Titled names in one sentence; ``offset`` places the sentence inside the article text.

    ``seen`` holds surnames already named in full, so that "Minister Kosherbayev" resolves.
    """
    seen = seen if seen is not None else set()
    found: list[_Found] = []
    consumed = 0
    list_open = False
    for match in _NAME.finditer(text):
        for a, b in _split_candidate(text, match.start(), match.end()):
            for m in mentions:
                if m.kind != "org" and m.start <= offset + a < m.end < offset + b:
                    # "Minister of Investment of Saudi Arabia Khalid Al-Falih": the name starts
                    # after a country whose last word is no stop word.
                    a = (
                        m.end
                        - offset
                        + len(text[m.end - offset : b])
                        - len(text[m.end - offset : b].lstrip())
                    )
            name = _clean(text[a:b])
            words = name.replace(".", ". ").split()
            if len(words) >= 3 and a >= consumed:
                a, name, words = _after_office_object(text, a, name, words, mentions, offset)
            if a < consumed or any(
                m.start < offset + b and offset + a < m.end and m.kind != "org" for m in mentions
            ):
                continue
            before = text[consumed:a]
            cuts = list(_BOUNDARY.finditer(before))
            prefix = before[cuts[-1].end() :] if cuts else before
            role, role_start = _title_phrase(prefix)
            if role:
                role_start += a - len(prefix)
            after = text[b:]
            suffix = _SUFFIX.match(after)
            suffix_role = suffix.group("role").strip() if suffix else ""
            if suffix_role and not TITLE_WORDS.search(suffix_role):
                suffix_role = ""
            if _ORG_AFTER.match(after) or re.fullmatch(r"[A-Z]{2,}", words[0]):
                continue
            known = _surname(name) in _KNOWN
            in_list = list_open and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[consumed:a] or "")
            single_ok = _surname(name) in seen
            if len(words) < 2 and not (known or single_ok):
                continue
            if not (role or suffix_role or known or in_list or single_ok):
                continue
            country = None
            if role:
                country = _country_of(role, offset + role_start, mentions)
            if suffix_role and not role:
                role = suffix_role
                role_start = b + suffix.start("role")
                country = _country_of(role, offset + role_start, mentions)
            of_country = _OF_COUNTRY.match(after)
            if country is None and of_country:
                country = reference.resolve_country(of_country.group("country"))
            if country is None and known:
                country = _KNOWN[_surname(name)]
            found.append(_Found(name, offset + a, offset + b, role, country))
            consumed = b + (suffix.end() if suffix and suffix_role == role and role else 0)
            list_open = True
    _share_plural_roles(text, found, offset, mentions)
    return found


def _share_plural_roles(text: str, found: list[_Found], offset: int, mentions) -> None:
    """ "Ambassadors of Türkiye and Azerbaijan, A and B": give each name its country in order."""
    for i, person in enumerate(found):
        if not re.match(
            r"(?:Ambassadors|Ministers|Presidents|Prime Ministers|Heads)\b", person.role
        ):
            continue
        role_start = text.find(person.role) + offset
        codes = [
            m.code
            for m in mentions
            if m.kind not in {"org", "capital"}
            and role_start <= m.start < role_start + len(person.role)
        ]
        group = [person]
        for other in found[i + 1 :]:
            if other.role:
                break
            group.append(other)
        if len(group) == len(codes) > 1:
            for member, code in zip(group, codes, strict=True):
                member.country = code
                member.role = person.role


HEADED_BY = re.compile(
    r"\b(?P<who>[A-Z][\w’'-]+) delegation,?\s+(?:(?:was|is|were)\s+)?(?:(?:headed|led)\s+)?by\b"
)


def people_in_article(
    sentences: list, mentions: list[Mention]
) -> tuple[list[PersonMention], dict[int, list[PersonMention]]]:
    """People of an article, deduplicated by surname, and the people each sentence names."""
    by_surname: dict[str, PersonMention] = {}
    per_sentence: dict[int, list[PersonMention]] = {}
    ordered: list[PersonMention] = []
    for index, sentence in enumerate(sentences):
        local = [m for m in mentions if sentence.start <= m.start < sentence.end]
        names = []
        for f in find_people(sentence.text, local, sentence.start, set(by_surname)):
            key = _surname(f.name)
            person = by_surname.get(key)
            if person is None:
                person = PersonMention(name=f.name, side="other", country=f.country, role=f.role)
                by_surname[key] = person
                ordered.append(person)
            else:
                if len(f.name.split()) > len(person.name.split()) and "." not in f.name:
                    person.name = f.name
                if person.country is None and f.country:
                    person.country = f.country
                if not person.role and f.role:
                    person.role = f.role
            if person not in names:
                names.append(person)
        per_sentence[index] = names
    for index, sentence in enumerate(sentences):
        # "The Kazakh delegation was headed by A, and the Latvian delegation by B": the side of
        # each head is the delegation's.
        for lead in HEADED_BY.finditer(sentence.text):
            code = reference.resolve_country(lead.group("who"))
            after = sentence.text[lead.end() :]
            head = next(
                (
                    p
                    for p in sorted(
                        per_sentence[index],
                        key=lambda p: (after.find(p.name.split()[-1]) + 1) or 10**6,
                    )
                    if p.name.split()[-1] in after
                ),
                None,
            )
            if code and head is not None and head.country is None:
                head.country = code
    # Short mentions seen before the full name ("Fidan" in a list) resolve by surname above;
    # bare surnames never seen in full stay as the text wrote them.
    for person in ordered:
        person.level = level_of(person.role)
        if person.country == HUB:
            person.side = "kz"
        elif person.country:
            person.side = "partner"
    return ordered, per_sentence
