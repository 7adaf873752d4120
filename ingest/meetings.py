"""Meetings: encounters between Kazakh officials and partner countries, held or planned.

Every sentence (and clause) with an event word becomes a candidate with its own status,
format, date, partners and people. Candidates that describe the same encounter (a visit and
the talks during it, "the meeting" mentioned again, a headline and the lead) then merge, so
an article reports each encounter once.
"""

import dataclasses
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from .context import ArticleContext
from .countries import FORMAT_MEMBERS, FORMAT_PARTNERS, HUB
from .dates import best_date
from .people import HEADED_BY
from .records import DateValue, MeetingRecord, PersonMention, Span

_FORMATS = [
    (
        "call",
        r"(?:tele)?phone (?:conversation|call|talks?)|video ?(?:call|conference)|"
        r"(?:meeting|talks|conversation) (?:via|by|through) video(?:[- ]?link| format)?|"
        r"in (?:a )?video format|"
        r"videoconference|online (?:meeting|talks|conversation)|spoke (?:by|over the) "
        r"(?:tele)?phone|conversation",
    ),
    ("state_visit", r"state visit"),
    ("summit", r"summits?"),
    ("consultations", r"consultations"),
    ("roundtable", r"round[- ]?tables?(?: discussion)?"),
    (
        "talks",
        r"met|meets?|meetings?|talks|negotiations|received|co-chaired|presided over|"
        # "the next round of the Strategic Dialogue will be held in Astana": a named dialogue.
        r"(?:next )?rounds? of (?:the )?(?:[\w’'–-]+ ){0,6}?[Dd]ialogue|next round|"
        r"sessions?|sitting|(?:copies of )?(?:(?:his|her|their)\s)?credentials",
    ),
    (
        "visit",
        r"visit(?:s|ed|ing)?|arrived in|trip to|tour of|departed for|"
        # "During that trip": a trip already told.
        r"(?<=the )trip|(?<=this )trip|(?<=that )trip|(?<=his )trip|(?<=her )trip",
    ),
    ("forum", r"forums?"),
    (
        "other",
        r"events?|ceremony|celebrations?|inauguration|festivities|parade|"
        # "took part in the 31st OSCE Ministerial Council": a gathering named by its body.
        r"(?:took part|participated|attended)\s+(?:in\s+)?(?:the\s+)?(?:[\w+–-]+\s+){0,7}?"
        r"(?:Council|Conference|Congress|Assembly|Dialogue|Week|Expo|EXPO|Games|Festival)",
    ),
]
_TRIGGER = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{pattern})\b)" for name, pattern in _FORMATS), re.IGNORECASE
)
_PLANNED_BEFORE = re.compile(
    r"\b(?:will|shall|to be|is to|are to|is set to|are set to|expected to|plans? to|planned|"
    r"scheduled|upcoming|forthcoming|next|(?-i:future)|preparations? for|prepar(?:e|es|ed|ing)|"
    r"(?:we|they|I) (?:expect|await|look forward to)|"
    r"intends? to|going to|to attend|to hold|to pay|to depart|to visit|invited|invitation|"
    r"to organi[sz]e|to convene|to arrange|to take part|to participate|to join|"
    r"(?:possibility|prospects?|feasibility) (?:of|for) (?:holding|organi[sz]ing|convening)|"
    r"would like to|preparation of|calendar of|schedule of|agreed to hold|agreed to meet|"
    r"for (?:signing|signature|adoption) (?:during|at)|confirmed (?:his|her|their|the) "
    r"(?:participation|attendance)|"
    # Reported speech: "said President X would pay a visit to Kazakhstan later this year".
    r"would (?:pay|make|visit|travel|come|attend|hold|take part|arrive))\b[^.;]{0,80}$|"
    r"\b(?:to|would)\s+$",
    re.IGNORECASE,
)
_PLANNED_AFTER = re.compile(
    r"^\s+(?:will|would|is expected|are expected|is scheduled|is to|is set)\b|"
    # "confirmed that the summit would be held in Tokyo in December": reported speech.
    r"^[^.;]{0,60}?\bwould\s+(?=be held|take place|be organi[sz]ed|convene)|"
    r"^[^.;]{0,250}?\b(?:to be held|will be held|scheduled|is expected|are expected|will take "
    r"place|is planned|are planned|to take place|will|is set to|are set to|is to|are to|"
    r"plans? to|intends? to)\b",
    re.IGNORECASE,
)
_HELD_CUE = re.compile(
    r"\b(?:held|met|took part|participated|attended|was received|were received|visited|"
    r"discussed|presided|co-chaired|was organized|took place|arrived|(?:was|were) hosted|"
    r"hosted (?:a|an|the)|addressed|"
    r"spoke at|delivered)\b",
    re.IGNORECASE,
)
# Proposals and wishes are not planned meetings ("an initiative to organize a roundtable").
_PROPOSAL = re.compile(
    r"\b(?:propos\w*|suggest\w*|initiative to|consider(?:ing)? visiting|"
    r"agreed to continue|continue (?:working )?meetings|hopes? to|would be|could)\b",
    re.IGNORECASE,
)
# Definite references back to an event already reported ("During the meeting", "the summit").
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|their|such|its)\s+(?:course of their\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:meeting|talks|visit|event|summit|conversation|negotiations|discussions?|forum|"
    r"session|consultations|roundtable)\b",
    re.IGNORECASE,
)
_PARTICIPATION = re.compile(
    r"\b(?:took part|participat\w+|attended|bring together|brought together|hosted by|"
    r"member states|joined)\b",
    re.IGNORECASE,
)
_NAMED_BODY = re.compile(
    r"\b(?:meeting|session|sitting|round)\s+of\s+the\s+(?P<body>[^,.;]{0,80}?"
    r"(?:[Cc]ommission|[Cc]ouncil|[Gg]roup|[Cc]ommittee|[Ff]orum|[Dd]ialogue|[Bb]oard))\b"
)


def _named_body(text: str) -> str:
    match = _NAMED_BODY.search(text)
    return " ".join(match.group("body").lower().split()[-3:]) if match else ""


# "met with representatives of the Chamber of Commerce", "met with the head of the
# parliamentary friendship group": an institution's people, unnamed, met apart from the talks.
_INSTITUTION = re.compile(
    r"\b(?:met|meeting|meetings|talks)\s+with\s+(?:the\s+)?(?:representatives|members|"
    r"leadership|management|heads?|chair(?:man|woman|person)?)\s+of\s+(?:the\s+)?"
    r"(?!(?:Ministry|Ministries|Government|Cabinet|Foreign|Kazakh)\w*\b)[A-Z]"
)
_PART_OF = re.compile(r"\b(?:as part of|within the framework of|during) the visit\b", re.I)
_ALSO = re.compile(r"\balso (?:met|held (?:talks|a meeting)|received|had a meeting)\b", re.I)
# "held bilateral meetings with the foreign ministers of Slovakia, Croatia and Brazil": three.
# "paid official visits to France and Italy": plural events someone actually held.
_DID_PLURAL = re.compile(r"\b(?:paid|made|held|conducted|will pay|to pay)\s+(?:\w+\s+){0,2}$", re.I)
_SEPARATE = re.compile(
    r"\b(?:(?:held|hold|holds|had|conducted)\s+(?:a\s+series\s+of\s+)?(?:separate\s+)?"
    r"bilateral (?:meetings|talks)|series of (?:bilateral )?meetings|met separately)\b",
    re.IGNORECASE,
)
_TRAVELLERS = re.compile(r"\b(?:tourists?|travell?ers|visitors|passengers|pilgrims)\b", re.I)
_SAME_DAY = re.compile(
    r"\b(?:the same (?:day|evening|morning)|(?:later|earlier) (?:that|in the) day|"
    # "On the sidelines of the forum, X met Y": the day of the forum just reported.
    r"on the (?:sidelines|margins) of (?:the|this) (?:forum|summit|session|meeting|conference)|"
    r"that (?:evening|afternoon))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Dated:
    value: DateValue


_HOSTS = re.compile(
    r"\bheld\s+in\s+(?P<a>[A-Z][\w’'-]+)(?:\s*\((?P<city>[A-Z][\w’'-]+)\))?\s+and\s+"
    r"(?P<b>[A-Z][\w’'-]+)"
)
_BETWEEN = re.compile(
    r"\bbetween\s+(?:the\s+)?(?:[\w’'-]+\s+){0,6}?and\s+(?:the\s+)?[\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
)
_REACTION = re.compile(r"\b(?:welcom\w*|congratulat\w*|condemn\w*|hail\w*)\b", re.I)
_RECEIVED_PERSON = re.compile(
    r"\s+(?:(?:the|a|an|his|her)\s+)?(?:[\w’'-]+\s+){0,4}?(?:President|Prime|Minister|"
    r"Ambassador|Secretary|Chairman|Speaker|King|Emir|Crown|Governor|delegation|Deputy|Head|"
    r"Vice|Director|CEO|Special|Envoy|participants|members|representatives|heads|[A-Z][a-z]+\s+"
    r"[A-Z])"
)
_NEW_PHRASE = re.compile(
    r"(?:,?\s+and|,?\s+as well as)\s+(?:the|a|an|his|her|their)\s+(?P<mods>(?:[\w’'-]+\s+){0,2})$"
)
_BOTH = re.compile(
    r",\s+(?:both|each|all)\s+(?:of which\s+)?(?:are\s+|is\s+)?(?:expected|scheduled|planned|due|"
    r"set|to be held|slated)\b"
)
_INVITED = re.compile(r"\binvit(?:ed|es|ing|ation)\b[^.;]{0,80}\bvisit", re.IGNORECASE)
_COORDINATION = re.compile(r"\band\b|\bas well as\b|;")
_JOINT = re.compile(r",|;|\band\b|\bas well as\b|\bwhile\b")
_SIDELINES = re.compile(
    r"\b(?:on the sidelines|on the margins|bilateral (?:talks|meeting))\b", re.I
)
_CLAUSE_SPLIT = re.compile(
    r",\s+(?:as well as|while|whereas)\s+|;\s+|,\s+(?P<rel>where|when)\s+"
    # "paid a visit to Seoul in 2019, and in June 2024 President Yoon made a visit": a new time.
    r"|,\s+and\s+(?=(?:in|on)\s+(?:(?:early|mid|late)[\s-]+)?(?:[A-Z][a-z]+\s+)?(?:\d{1,2}\s+)?"
    r"(?:19|20)\d\d\b)"
)
_ON_SIDELINES = re.compile(r"\bon the (?:sidelines|margins) of\b", re.IGNORECASE)
_SETTING = re.compile(
    r"\bon the (?:sidelines|margins) of (?:the\s+)?(?:[\w’'–-]+\s+){0,6}$", re.IGNORECASE
)
_ANOTHER_OFFICIAL = re.compile(
    r"^\s+(?:by|with)\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s+|(?:of|the|for|and)\s+){1,12}?"
    r"[A-Z][\w’'.-]+\s+and\s+(?:also\s+)?$"
)
_HABITUAL = re.compile(
    r"\s+(?:\w+\s+){0,3}?(?:regularly|frequently|repeatedly|often|on (?:numerous|several|many) "
    r"occasions|many times|numerous times|every year|annually)\b",
    re.IGNORECASE,
)
_FIRST_TO = re.compile(
    r"\b(?:the|a)\s+(?:first|second|third|last|only)\s+(?:[\w’'-]+\s+){1,8}?to\s+$", re.IGNORECASE
)
_RELATIVE_EVENT = re.compile(
    r"(?:he|she|they|the (?:two )?(?:sides|parties|leaders|ministers|delegations)|[^,.;]{0,80}?"
    r"\b(?:was|were)\s+(?:also\s+)?(?:held|hosted|organi[sz]ed|signed))\b"
    r"(?:\s+also)?(?:\s+(?:met|held|had|signed|visited|attended|took part|discussed|was|were))?",
    re.IGNORECASE,
)
_LOCATION = re.compile(
    r"\b(?:in|to|at)\s+(?:the\s+)?(?P<place>[A-Z][\w’'-]+(?:\s+(?-i:[A-Z])[\w’'-]+){0,2})"
    r"(?:\s*\((?P<inner>[A-Z][\w’'-]+)\))?"
)
_EVENT_BEFORE_PLACE = re.compile(
    r"(?:held|hosted|visit|summit|talks|meeting|place|consultations)\b[^.]{0,120}$", re.IGNORECASE
)
_NOT_PLACES = {
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
    "The",
    "This",
    "Kazakhstan",
    "Central",
    "Asia",
}


@dataclass
class _Candidate:
    sentence: int
    status: str
    format: str
    start: int
    end: int
    partners: list[str]
    people: list[PersonMention]
    date: DateValue | None
    location: str | None
    anaphoric: bool
    participation: bool
    is_title: bool
    sentences: list[int] = field(default_factory=list)
    sidelines: bool = False
    soft_date: str | None = None  # the report's date, for a held event the text does not date
    named: str = ""  # the body that meets: "intergovernmental commission", "Strategic Council"
    distinct: bool = False  # "also met with ...": another encounter of the same trip
    multilateral: bool = False  # an organization's event (SCO, OTS, C5+1...)
    tour: bool = False  # one country of a trip: the trip's dates are not this visit's
    invitation: bool = False  # "invited X to pay a visit": a visit of its own
    place: str | None = None  # the country of the location, when the location is a city
    format_partner: str | None = None  # "C5+1": the partner the format is named after
    format_members: list[str] | None = None  # "the next SCO summit": the format's members


def _format_of(match: re.Match) -> str:
    return next(name for name, _ in _FORMATS if match.group(name))


def _plural(word: str) -> bool:
    # "copies of credentials", "his credentials": the last word decides.
    word = word.split()[-1]
    return (
        word.lower().endswith("s")
        and word.lower()
        not in {
            "talks",
            "negotiations",
            "consultations",
            "meets",
            "visits",
            "sessions",
            "celebrations",
            "festivities",
            "credentials",
        }
    ) or word.lower() in {"meetings", "visits", "summits", "sessions", "events", "forums"}


_FORMAT_NAMES = [(re.compile(rx, re.IGNORECASE), codes) for rx, codes in FORMAT_MEMBERS]


def _format_name(text: str, pos: int = -1) -> tuple[tuple[int, int], list[str]] | None:
    """The span and members of a regular summit's name in text (around pos when given)."""
    for rx, codes in _FORMAT_NAMES:
        for m in rx.finditer(text):
            if pos < 0 or m.start() <= pos < m.end():
                return (m.start(), m.end()), codes
    return None


_AHEAD = re.compile(r"\b(?:ahead of|in the run-up to)\s+(?:the\s+)?(?:[\w’'+-]+\s+){0,4}$", re.I)


def _status(clause: str, pos: int, end: int, stop: int) -> str:
    """Planned when a cue precedes the trigger or follows it before the next trigger."""
    # The cues must sit within 80 characters of the trigger: search only that tail.
    if _PLANNED_BEFORE.search(clause[max(0, pos - 120) : pos]):
        return "planned"
    after = _PLANNED_AFTER.match(clause[end:stop])
    if after and not _HELD_CUE.search(clause[end : end + after.end()]):
        return "planned"
    # "Ahead of the visit, ..." announces it; "talks took place ahead of the summit" does not.
    if _AHEAD.search(clause[max(0, pos - 120) : pos]) and not _HELD_CUE.search(clause):
        return "planned"
    return "held"


_NOUNS = re.compile(
    r"meetings?|talks|visits?|trip|events?|summits?|conversation|negotiations|forums?|sessions?|"
    r"consultations|round[- ]?tables?(?: discussion)?|state visit|ceremony",
    re.IGNORECASE,
)


def _is_anaphor(clause: str, match: re.Match) -> bool:
    """ "the meeting", "During their talks": a noun that points back to a reported event."""
    if not _NOUNS.fullmatch(match.group(0)):
        return False
    before = clause[max(0, match.start() - 80) : match.start()]
    det = re.search(
        r"\b(?:the|this|that|their|such|its|his|her)\s+((?:[\w’'-]+\s+){0,2})$",
        before,
        re.IGNORECASE,
    )
    if not det:
        return False
    modifiers = det.group(1)
    if re.search(r"\d|\b[A-Z]", modifiers) and not re.search(r"\b[A-Z]{2,5}\b", modifiers):
        return False
    after = clause[match.end() : match.end() + 60]
    if re.search(r"\bnext\b", modifiers, re.IGNORECASE) and _NEXT_BODY.match(after):
        # "to be signed at the next meeting of the intergovernmental commission": a plan.
        return False
    return not re.match(r"\s+of\s+(?:the\s+)?[A-Z]", after)


_NEXT_BODY = re.compile(
    r"\s+of\s+the\s+(?:[\w-]+\s+){0,3}?(?:commission|council|committee|working group)\b",
    re.IGNORECASE,
)


# People a clause names who take no part in its event: the sender of greetings, the one who
# recalls someone else's visit, the spokesperson who announces it.
_GREETINGS_FROM = re.compile(
    # Only a title and a name may stand between: "greetings from President of Azerbaijan ".
    r"\b(?:(?:greetings|regards|wishes|message|letter)\s+(?:from|of)|on behalf of)\s+"
    r"(?:(?:[A-Z][\w’'.-]*|of|the|and|for)[\s,]+){0,10}$",
    re.IGNORECASE,
)
_RECALLS = re.compile(r"\b(?:recalled|reminded of|referred to)\s+(?:the|a|an)\b")
_ANNOUNCER = re.compile(r"spokes(?:person|man|woman)|press secretary", re.IGNORECASE)


def _parties(
    ctx: ArticleContext, people: list[PersonMention], start: int, end: int, trigger: int
) -> list[PersonMention]:
    """The people of a clause who take part in the event whose trigger is at ``trigger``."""
    kept = []
    for person in people:
        at = ctx.text.find(person.name.split()[-1], start, end)
        if at < 0:
            continue
        if _ANNOUNCER.search(person.role or ""):
            continue
        if _GREETINGS_FROM.search(ctx.text, start, at):
            continue
        recall = _RECALLS.search(ctx.text, at, trigger)
        if recall and not re.search(r"[.;]", ctx.text[at : recall.start()]):
            continue
        kept.append(person)
    return kept


def _held_before_report(
    ctx: ArticleContext, date: DateValue | None, dates: list, status: str
) -> DateValue | None:
    """ "met on September 1" in a January report: last September (a held day told without a
    year lies behind the report; one only weeks ahead may be a plan told without a plan word)."""
    if not date or status != "held" or not ctx.published or len(date.value or "") != 10:
        return date
    if any(re.search(r"(?:19|20)\d\d", getattr(d, "text", "")) for d in dates):
        return date
    if (dt.date.fromisoformat(date.value) - ctx.published).days <= 90:
        return date
    year = int(date.value[:4]) - 1
    end = f"{year:04d}{date.end[4:]}" if date.end else None
    return DateValue(f"{year:04d}{date.value[4:]}", end, date.precision)


def _add_delegation_heads(ctx: ArticleContext, merged: list) -> None:
    """ "The Kazakh delegation was headed by A": A took part in the event just told."""
    for index, sent in enumerate(ctx.sentences):
        if not HEADED_BY.search(sent.text):
            continue
        heads = [p for p in ctx.people_by_sentence.get(index, []) if p.side in {"kz", "partner"}]
        before = [c for c in merged if min(c.sentences) < index]
        if not heads or not before:
            continue
        event = max(before, key=lambda c: max(s for s in c.sentences if s < index))
        for person in heads:
            if person not in event.people:
                event.people.append(person)


def _beside(found: list, index: int, start: int, relative: set[int], fmt: str) -> bool:
    """An event of a "where"/"when" clause next to a gathering ("took part in the forum, where
    he met X"; "the visit, when the summit was also held") is an encounter of its own; talks
    "where" a visit took place stay part of the visit."""
    if start not in relative or not found or found[-1].sentence != index:
        return False
    before = found[-1]
    return (
        fmt in {"summit", "forum", "other"}
        or before.participation
        or (before.format in {"summit", "forum", "other"})
    )


def _visitors(
    ctx: ArticleContext, start: int, end: int, partners: list[str], people: list[PersonMention]
) -> list[str]:
    """ "A Japanese delegation will visit Almaty and Tashkent": a partner's delegation coming to
    a Kazakh city; the capital of its other stop names no party to the visit."""
    mentions = ctx.mentions_in(start, end)
    if not any(m.code == HUB and m.kind == "capital" for m in mentions):
        return partners
    named = {m.code for m in mentions if m.kind not in {"capital", "org"} and m.code != HUB}
    named |= {p.country for p in people if p.side == "partner" and p.country}
    kept = [code for code in partners if code in named]
    return kept or partners


def _location(ctx: ArticleContext, start: int, end: int) -> str | None:
    for m in ctx.mentions_in(start, end):
        if m.kind == "capital" and re.search(r"\b(?:in|to|at)\s+$", ctx.text[start : m.start]):
            return m.text
    for match in _LOCATION.finditer(ctx.text, start, end):
        if match.group("inner"):
            return match.group("inner")
        place = match.group("place")
        from relations.reference import resolve_country

        if ctx.text.startswith(" of", match.end()):
            continue
        if (
            place not in _NOT_PLACES
            and resolve_country(place) is None
            and _EVENT_BEFORE_PLACE.search(ctx.text[start : match.start()])
        ):
            return place
    return None


_BRIEFED = re.compile(
    r"\b(?:informed|told|briefed|updated)\s+(?:\w+\s+)?(?:about|on|of)\s+(?:the\s+)?"
    r"(?:results\s+of\s+)?(?:his|her|their)\b[^.;]{0,80}$",
    re.IGNORECASE,
)
_IN_DOCUMENT_NAME = re.compile(
    r"\b(?:memorand\w*(?: of understanding)?|agreement|plan|protocol|programme|program|"
    r"road ?map|treaty|declaration)\s+(?:of|on|for)\s+"
    r"(?:(?!during\b|at\b|after\b|before\b|following\b)[\w-]+\s+){0,5}$",
    re.IGNORECASE,
)
_LENGTH = re.compile(r"\b(?P<n>two|three|four|five|[2-5])-day\b", re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _with_length(date: DateValue, text: str) -> DateValue:
    """ "arrived on October 20 for a three-day state visit": the visit ends on October 22."""
    match = _LENGTH.search(text)
    if not match:
        return date
    word = match.group("n").lower()
    days = _NUMBERS.get(word) or int(word)
    start = dt.date.fromisoformat(date.value)
    return DateValue(date.value, (start + dt.timedelta(days=days - 1)).isoformat(), "day")


_SCHEDULED = re.compile(
    r"\b(?:(?:is|are) scheduled|will be held|(?:is|are) to be held|will take place)\b", re.I
)
_DURATION = re.compile(
    r"\b(?:the|this|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:visit|trip|tour|stay)\s+"
    r"(?:will\s+)?(?:lasts?|continues?|runs?|ends?)\s+(?:until|till|through|to|on)\b",
    re.IGNORECASE,
)


def _extend_visit(ctx: ArticleContext, index: int, found: list[_Candidate]) -> bool:
    """Give the last reported visit the end date a duration sentence states."""
    visits = [c for c in found if c.format in {"visit", "state_visit"} and c.status == "held"]
    if not visits or not visits[-1].date or len(visits[-1].date.value or "") != 10:
        return False
    visit, sent = visits[-1], ctx.sentences[index]
    days = [d.value for d in ctx.dates_in(sent.start, sent.end) if len(d.value.value or "") == 10]
    if not days or days[-1].value <= visit.date.value:
        return False
    visit.date = DateValue(visit.date.value, days[-1].value, "day")
    visit.sentences.append(index)
    return True


# A date right after a figure is the figure's period: "with trade reaching $13.5 billion last
# year", "grew by 7% in 2024".
_FIGURE_BEFORE = re.compile(
    r"(?:\d\s?(?:%|percent|per cent|billion|million|bn|mln|trillion)|[$€]\s?\d[\d.,]*)\s*"
    r"(?:(?:in|for|during|over|as of)\s+)?$",
    re.IGNORECASE,
)


def _event_dates(ctx: ArticleContext, start: int, end: int, *, future: bool) -> list:
    """The dates of a clause that can date an event (not the period of a figure in it)."""
    dates = ctx.dates_in(start, end, future=future)
    base = max(start, ctx.dateline[1])
    return [
        d
        for d in dates
        if not _FIGURE_BEFORE.search(ctx.text[max(base, base + d.start - 40) : base + d.start])
    ]


_GROUP = re.compile(
    r"\b(?:the|all)\s+(?P<n>three|four|five|six)\s+(?:countries|states|sides|parties)\b"
)
_GROUP_SIZES = {"three": 3, "four": 4, "five": 5, "six": 6}


def _group_partners(
    ctx: ArticleContext, index: int, match: re.Match, partners: list[str]
) -> list[str]:
    """Partners of "the three countries": the latest sentence (or headline) naming that many."""
    wanted = _GROUP_SIZES[match.group("n")]
    for back in range(index - 1, -1, -1):
        sent = ctx.sentences[back]
        codes = ctx.engaged(sent.start, sent.end, capitals=False)
        named = len(codes) + any(m.code == HUB for m in ctx.mentions_in(sent.start, sent.end))
        if named == wanted and len(codes) == wanted - 1:
            return partners + [c for c in codes if c not in partners]
    return partners


def _place(ctx: ArticleContext, start: int, end: int) -> str | None:
    """The country of the city a clause places its event in ("to Beijing": CHN)."""
    location = _location(ctx, start, end)
    return next(
        (m.code for m in ctx.mentions_in(start, end) if m.kind == "capital" and m.text == location),
        None,
    )


def _candidates(ctx: ArticleContext) -> list[_Candidate]:
    found: list[_Candidate] = []
    for index, sent in enumerate(ctx.sentences):
        text = sent.text
        if not _TRIGGER.search(text):
            continue
        if _DURATION.search(text) and _extend_visit(ctx, index, found):
            # "The visit will last until February 5": the end of the visit just reported.
            continue
        has_kz = ctx.has_kz(index)
        people = ctx.people_by_sentence.get(index, [])
        clause_bounds = [0]
        # "took part in the forum on May 3, where he met X"; "the visit in 2024, when the summit
        # was also held": the relative clause tells another event of that time and place.
        relative: set[int] = set()
        for split in _CLAUSE_SPLIT.finditer(text):
            if _TRIGGER.search(text, clause_bounds[-1], split.start()) and _TRIGGER.search(
                text, split.end()
            ):
                if split.group("rel"):
                    if not _RELATIVE_EVENT.match(text, split.end()):
                        continue
                    relative.add(split.end())
                clause_bounds.append(split.end())
        clause_bounds.append(len(text) + 1)
        previous: tuple[int, int] | None = None
        for a, b in itertools.pairwise(clause_bounds):
            clause = text[a:b]
            before_clause, previous = previous, (sent.start + a, sent.start + min(b, len(text)))
            groups: list[tuple[str, list[re.Match]]] = []
            triggers = list(_TRIGGER.finditer(clause))
            separate_clause = bool(_SEPARATE.search(clause))
            travellers = bool(_TRAVELLERS.search(clause))
            anaphors = {}
            for i, match in enumerate(triggers):
                word = match.group(0)
                stop = triggers[i + 1].start() if i + 1 < len(triggers) else len(clause)
                status = _status(clause, match.start(), match.end(), stop)
                anaphors[match.start()] = _is_anaphor(clause, match)
                if (
                    _plural(word)
                    and not re.search(
                        r"(?:to be held|held (?:on|in)|upcoming|\d{4})", clause[match.end() :]
                    )
                    and not separate_clause
                    and not _DID_PLURAL.search(clause[: match.start()])
                ):
                    continue
                if (
                    word.lower() in {"consultations", "talks", "negotiations", "meetings"}
                    and _IN_DOCUMENT_NAME.search(clause[max(0, match.start() - 80) : match.start()])
                    and not re.match(
                        r",?\s+(?:held|which (?:was held|took place))", clause[match.end() :]
                    )
                ):
                    # "a memorandum on political consultations": a document's name, no event.
                    continue
                if _HABITUAL.match(clause, match.end(), min(len(clause), match.end() + 40)):
                    # "the presidents have met regularly": a habit, no one encounter.
                    continue
                if _FIRST_TO.search(clause[max(0, match.start() - 120) : match.start()]):
                    # "became the first Foreign Secretary to visit Central Asia": a record the
                    # visit just told sets, no plan.
                    continue
                if _BRIEFED.search(clause[max(0, match.start() - 120) : match.start()]):
                    # "informed about his recent visit to China": the partner's own event.
                    continue
                if travellers and _format_of(match) == "visit":
                    # "Chinese tourists who visited Kazakhstan" is not a visit by officials.
                    continue
                low = word.lower()
                if low == "received" and not (
                    _RECEIVED_PERSON.match(clause, match.end())
                    or re.search(r"\b(?:was|were|been)\s+$", clause[: match.start()])
                ):
                    # "received a shipment", "received 2 million tourists": not an audience.
                    continue
                if (
                    low == "event"
                    and re.search(r"\b(?:in|any)\s+(?:the\s+)?$", clause[: match.start()], re.I)
                    and clause.startswith(" of", match.end())
                ):
                    # "in the event of an emergency" is a condition, not an event.
                    continue
                named = _format_name(clause, match.start())
                if groups and not (
                    # "... the commission in Ashgabat and the upcoming Consultative Meeting of
                    # the Heads of State of Central Asia": a summit of its own.
                    named
                    and status == "planned"
                    and not named[0][0] <= groups[-1][1][-1].start() < named[0][1]
                ):
                    last_status, last = groups[-1]
                    between = clause[last[-1].end() : match.start()]
                    far = len(between) > 25 and bool(_COORDINATION.search(between))
                    other_kind = _class(_format_of(match)) != _class(_format_of(last[-1]))
                    # "preparations for the next session of the commission and the visit of
                    # the Minister in April": two plans, each a noun phrase of its own.
                    phrase = _NEW_PHRASE.search(between)
                    two_plans = (
                        status == "planned"
                        and _format_of(match) != _format_of(last[-1])
                        and bool(phrase)
                        # "... summit and a trilateral meeting": a modifier of its own.
                        and (far or bool(phrase.group("mods")))
                    )
                    # "was also received by Prime Minister A and met with Speaker B": each
                    # official, an audience of its own.
                    another = (
                        far
                        and status == "held"
                        and _class(_format_of(match)) == _class(_format_of(last[-1])) == "bilateral"
                        and bool(_ANOTHER_OFFICIAL.search(between))
                    )
                    if last_status == status and not ((far and other_kind) or two_plans or another):
                        last.append(match)
                        continue
                groups.append((status, [match]))
            # Each event keeps the words up to where the next one's phrase opens
            # ("... the CIS summit in Dushanbe | and the preparations for the visit ...").
            cuts = [0]
            for g in range(1, len(groups)):
                start = groups[g][1][0].start()
                joints = list(_JOINT.finditer(clause, groups[g - 1][1][-1].end(), start))
                if not joints:
                    # "... to discuss holding a Kazakhstan-Chile business forum": the event's
                    # noun phrase opens at its article.
                    joints = list(re.finditer(r"\b(?:a|an|the)\s", clause[:start], re.I))
                    joints = [j for j in joints if j.start() >= groups[g - 1][1][-1].end()]
                cuts.append(joints[-1].start() if joints else start)
            cuts.append(len(clause))
            for g, (status, matches) in enumerate(groups):
                first = matches[0]
                if status == "planned" and _PROPOSAL.search(clause[: first.start()]):
                    continue
                if status == "held" and _PROPOSAL.search(clause[: first.start()]):
                    continue
                if all(_format_of(m) == "other" for m in matches) and not (
                    _HELD_CUE.search(clause) or status == "planned"
                ):
                    continue
                # "met ... on the sidelines of the SCO summit": the summit is the setting, the
                # talks are the event.
                staged = [
                    m
                    for m in matches
                    if not _SETTING.search(clause[max(0, m.start() - 80) : m.start()])
                ]
                own = [m for m in staged if not anaphors[m.start()]] or staged or matches
                formats = [_format_of(m) for m in own]
                order = [name for name, _ in _FORMATS]
                fmt = min(formats, key=order.index)
                # Two events in one clause: each keeps the words between the other's triggers.
                lo, hi = cuts[g], cuts[g + 1]
                c_start = sent.start + a + lo
                c_end = sent.start + a + min(hi, len(text) - a)
                partners = ctx.engaged(c_start, c_end)
                group_size = _GROUP.search(ctx.text, c_start, c_end)
                if group_size:
                    # "a meeting of the heads of government of the three countries": the
                    # countries an earlier sentence named together.
                    partners = _group_partners(ctx, index, group_size, partners)
                cand_people = _parties(ctx, people, c_start, c_end, sent.start + a + first.start())
                for person in cand_people:
                    if person.country and person.country != HUB and person.country not in partners:
                        partners.append(person.country)
                if fmt in {"visit", "state_visit"} and len(partners) > 1:
                    partners = _visitors(ctx, c_start, c_end, partners, cand_people)
                kz_roles = " ".join(p.role for p in cand_people if p.side == "kz")
                if (
                    partners
                    and kz_roles
                    and any(m.kind == "org" for m in ctx.mentions_in(c_start, c_end))
                    and all(
                        m.text in kz_roles or m.start < ctx.dateline[1]
                        for m in ctx.mentions_in(c_start, c_end)
                        if m.code in partners
                    )
                    and not any(p.side == "partner" for p in cand_people)
                ):
                    # "Ambassador of Kazakhstan to Türkiye met with the Secretary General of the
                    # OTS": the ambassador's post names no party; the organization is met.
                    partners = []
                if fmt in {"talks", "call"} and not _PARTICIPATION.search(clause):
                    # "met with President of Azerbaijan Ilham Aliyev on the sidelines of the Abu
                    # Dhabi Sustainability Week": the host city names no party to the talks.
                    named = set(ctx.engaged(c_start, c_end, capitals=False)) | {
                        p.country for p in cand_people if p.side == "partner"
                    }
                    if named:
                        partners = [code for code in partners if code in named]
                    elif _ON_SIDELINES.search(clause):
                        # "last met on the sidelines of the SCO summit in Tianjin": the venue
                        # is no party; the article's partner is.
                        partners = ctx.lead_partners()[:1]
                anaphoric = all(anaphors[m.start()] for m in matches) and not (
                    # "the SCO summit to be held in Tianjin on ...": a new event, not a callback.
                    status == "planned" and ctx.dates_in(c_start, c_end)
                )
                dates = _event_dates(ctx, c_start, c_end, future=status == "planned")
                # "Earlier in the day": the day of the last event of the same status, not of a
                # plan told in between.
                earlier = next(
                    (
                        c.date
                        for c in reversed(found)
                        if c.date and c.date.value and c.status == status
                    ),
                    None,
                )
                if not dates and earlier and _SAME_DAY.search(clause):
                    # "the summit held the same evening": the day of the event just reported.
                    dates = [_Dated(earlier)]
                if not dates and g > 0:
                    # "On Wednesday, on the eve of the summit, ... held talks": a date opening
                    # the clause applies to every event in it.
                    head_end = sent.start + a + groups[0][1][0].start()
                    dates = ctx.dates_in(sent.start + a, head_end, future=status == "planned")
                if not dates and _ON_SIDELINES.search(clause, lo, hi):
                    # "met on the sidelines of the summit in Tianjin on September 1": the
                    # summit's time.
                    dates = ctx.dates_in(
                        c_start, sent.start + a + len(clause), future=status == "planned"
                    )
                told_before = (
                    found[-1] if a in relative and found and found[-1].sentence == index else None
                )
                if (
                    told_before
                    and re.match(r"(?:he|she)\b", clause, re.IGNORECASE)
                    and not any(p.side == "kz" for p in cand_people)
                ):
                    # "took part in the forum, where he met X": "he" is the forum's participant.
                    cand_people = [p for p in told_before.people if p.side == "kz"] + cand_people
                if not dates and told_before and told_before.date and told_before.date.value:
                    # The relative clause's event shares the time of the one it follows.
                    dates = [_Dated(told_before.date)]
                elif not dates and a in relative and before_clause:
                    dates = ctx.dates_in(*before_clause, future=status == "planned")
                if not dates and status == "planned" and _BOTH.search(clause, hi):
                    # "the visit of the Emir and the commission's meeting, both expected later
                    # this year": the shared date closes the clause.
                    dates = ctx.dates_in(c_start, sent.start + a + len(clause), future=True)
                date = _held_before_report(ctx, best_date(dates), dates, status)
                if (
                    date
                    and status == "held"
                    and ctx.published
                    and date.value
                    and date.value[:4] > ctx.published.isoformat()[:4]
                ):
                    # A held event cannot lie in a later year than the report.
                    date = None
                if (
                    date
                    and status == "planned"
                    and ctx.published
                    and date.value
                    and date.value[:4] < ctx.published.isoformat()[:4]
                ):
                    # "the upcoming visit ... and trade last year": a plan lies ahead.
                    date = None
                if (
                    _REACTION.search(clause[: first.start()])
                    and len(partners) > 1
                    and not any(p.side == "kz" for p in cand_people)
                ):
                    # "Kazakhstan welcomes the Armenia-Azerbaijan summit": others' event.
                    continue
                between = _BETWEEN.search(ctx.text, c_start, c_end)
                if between and not any(p.side == "kz" for p in cand_people):
                    pair = ctx.mentions_in(sent.start + 0, c_end)
                    pair = [m.code for m in pair if between.start() <= m.start < between.end()]
                    if len(set(pair)) > 1 and HUB not in pair:
                        # "welcomes the meeting between the leaders of Armenia and Azerbaijan".
                        continue
                near_kz = (index + 1 < len(ctx.sentences) and ctx.has_kz(index + 1)) or (
                    index > ctx.title_sentences and ctx.has_kz(index - 1) and bool(partners)
                )
                if not (has_kz or anaphoric or near_kz or index < ctx.title_sentences):
                    continue
                by_country: dict[str, list[PersonMention]] = {}
                for p in cand_people:
                    if p.side == "partner" and p.country:
                        by_country.setdefault(p.country, []).append(p)
                # "visited France, Germany and Italy": a trip of several bilateral visits.
                tour = (
                    fmt in {"visit", "state_visit"}
                    and len(partners) > 1
                    and not _PARTICIPATION.search(clause)
                    and not any(m.kind == "org" for m in ctx.mentions_in(c_start, c_end))
                    and not any(_format_of(m) in {"summit", "forum"} for m in matches)
                )
                separate = (separate_clause or tour) and len(partners) > 1
                if separate:
                    by_country = {code: by_country.get(code, []) for code in partners}
                if separate or (
                    fmt in {"talks", "call"}
                    and len(by_country) > 1
                    and set(partners) <= set(by_country)
                    and not _PARTICIPATION.search(clause)
                ):
                    # "held bilateral talks with Shehbaz Sharif and Recep Tayyip Erdoğan": two.
                    kz = [p for p in cand_people if p.side == "kz"]
                    for code, group in by_country.items():
                        found.append(
                            _Candidate(
                                sentence=index,
                                status=status,
                                format=fmt,
                                start=c_start,
                                end=c_end,
                                partners=[code],
                                people=kz + group,
                                date=date,
                                location=_location(ctx, c_start, c_end),
                                anaphoric=False,
                                participation=False,
                                is_title=index < ctx.title_sentences,
                                sentences=[index],
                                sidelines=True,
                                tour=tour,
                            )
                        )
                    continue
                if (
                    fmt in {"visit", "state_visit"}
                    and date
                    and len(date.value or "") == 10
                    and not date.end
                ):
                    date = _with_length(date, ctx.text[c_start:c_end])
                members = _format_name(ctx.text[c_start:c_end]) if status == "planned" else None
                if members:
                    fmt = "summit"
                found.append(
                    _Candidate(
                        sentence=index,
                        status=status,
                        format=fmt,
                        start=c_start,
                        end=c_end,
                        partners=partners,
                        people=cand_people,
                        date=date,
                        location=_location(ctx, c_start, c_end)
                        or (told_before.location if told_before else None),
                        anaphoric=anaphoric,
                        soft_date=(
                            ctx.published.isoformat()
                            if ctx.published
                            and status == "held"
                            and not anaphoric
                            # "During that trip, he met X": the time of the trip told before.
                            and not any(
                                anaphors[m.start()] and _format_of(m) in _VISITS for m in matches
                            )
                            else None
                        ),
                        participation=bool(_PARTICIPATION.search(clause)),
                        is_title=index < ctx.title_sentences,
                        sidelines=bool(_SIDELINES.search(clause)),
                        distinct=bool(_ALSO.search(clause))
                        or (
                            bool(_INSTITUTION.search(clause))
                            and not _PART_OF.search(clause)
                            and not any(p.side == "partner" for p in cand_people)
                        )
                        or _beside(found, index, a, relative, fmt),
                        named=_named_body(ctx.text[c_start:c_end]),
                        invitation=bool(_INVITED.search(ctx.text, c_start, c_end)),
                        place=_place(ctx, c_start, c_end),
                        format_partner=next(
                            (
                                FORMAT_PARTNERS[m.code]
                                for m in ctx.mentions_in(c_start, c_end)
                                if m.code in FORMAT_PARTNERS
                            ),
                            None,
                        ),
                        multilateral=any(m.kind == "org" for m in ctx.mentions_in(c_start, c_end))
                        or bool(members),
                        format_members=members[1] if members else None,
                        sentences=[index],
                    )
                )
                hosts = _HOSTS.search(ctx.text, c_start, c_end)
                if hosts and any(_plural(m.group(0)) for m in matches):
                    # "Summits ... to be held in Kazakhstan (Turkistan) and Türkiye": one per host.
                    first_host = hosts.group("city") or hosts.group("a")
                    found[-1].location = first_host
                    second = dataclasses.replace(
                        found[-1], location=hosts.group("b"), people=[], sentences=[index]
                    )
                    found.append(second)
    return found


def _class(fmt: str, partners: list[str] | None = None, multilateral: bool = False) -> str:
    if fmt == "call":
        return "call"
    if multilateral or fmt in {"summit", "forum"} or len(partners or []) > 1:
        return "multilateral"
    return "bilateral"


def _cls(c: _Candidate) -> str:
    return _class(c.format, c.partners, c.multilateral)


def _dates_conflict(a: DateValue | None, b: DateValue | None) -> bool:
    """Two dates that cannot describe the same encounter (a day inside a visit's range can)."""
    if not a or not b or not a.value or not b.value:
        return False
    for x, y in ((a, b), (b, a)):
        if x.end and len(y.value) == 10 and x.value <= y.value <= x.end:
            return False
    n = min(len(a.value), len(b.value))
    return a.value[:n] != b.value[:n]


def _effective(c: _Candidate) -> DateValue | None:
    """The candidate's date, or the month of the report for an undated held event."""
    if c.date and c.date.value:
        return c.date
    return DateValue(c.soft_date[:7], None, "month") if c.soft_date else None


def _other_medium(base: _Candidate, other: _Candidate) -> bool:
    """ "their meeting in Baku in November" is not the phone call being reported."""
    return (
        other.anaphoric
        and "call" in {_cls(base), _class(other.format)}
        and _cls(base) != _class(other.format)
        and bool(other.location or (other.date and other.date.value))
    )


def _elsewhere(base: _Candidate, other: _Candidate) -> bool:
    """ "his state visit to Beijing" and "his visit to Astana in July": two places, two visits."""
    return bool(base.place and other.place and base.place != other.place)


_VISITS = {"visit", "state_visit"}


def _visit_span(base: _Candidate, other: _Candidate) -> tuple[str, str] | None:
    """ "arrived in Moscow on Tuesday for a state visit" and "held talks on Wednesday": the
    first and last day of one visit, when a held visit and held talks with the same partner
    fall within three days of each other."""
    if (
        base.status != "held"
        or other.status != "held"
        or {base.format, other.format} & _VISITS == set()
    ):
        return None
    if _cls(base) != "bilateral" or _cls(other) != "bilateral":
        # A summit the day after a state visit is its own event.
        return None
    if not (set(base.partners) & set(other.partners)):
        return None
    days = [c.date.value for c in (base, other) if c.date and len(c.date.value or "") == 10]
    if len(days) != 2 or base.date.end or other.date.end:
        return None
    first, last = sorted(days)
    gap = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    return (first, last) if 0 < gap <= 3 else None


def _mergeable(base: _Candidate, other: _Candidate) -> bool:
    if _elsewhere(base, other):
        return False
    if _visit_span(base, other):
        return True
    if _dates_conflict(_effective(base), _effective(other)):
        return False
    if _other_medium(base, other):
        return False
    if (
        base.status == other.status == "planned"
        and not other.anaphoric
        and other.sentence != base.sentence
        and other.format != base.format
        and other.location
        and other.date
        and other.date.value
        and not (base.date and base.date.value)
        and not base.location
    ):
        # "accepted an invitation to visit Kazakhstan. ... agreed to hold the Council meeting in
        # Riyadh in December": a second, dated and placed plan.
        return False
    if other.anaphoric and not other.partners:
        return True
    if (
        base.status == other.status == "planned"
        and other.sentence == base.sentence
        and not other.anaphoric
        and other.format != base.format
    ):
        # One sentence that told two plans apart ("the visit of X and the next round of
        # consultations") keeps them apart.
        return False
    if (
        base.status == other.status == "planned"
        and not other.anaphoric
        and {base.format, other.format} & {"consultations"}
        and {base.format, other.format} & {"visit", "state_visit", "summit"}
    ):
        # Consultations of the ministries are never part of a leader's visit or a summit.
        return False
    if other.invitation and not other.anaphoric and base.named and not other.named:
        # "invited the President to pay a state visit" is not the commission's next meeting.
        return False
    same_body = bool(base.named and other.named) and (
        base.named.endswith(other.named) or other.named.endswith(base.named)
    )
    # A nameless mention with no date or place of its own ("ahead of the Council meeting") can
    # be the named event; two different bodies, or a nameless one dated apart, cannot.
    bare = not other.named and not other.location and not (other.date and other.date.value)
    if (
        base.status == "planned"
        and not other.anaphoric
        and not same_body
        and (base.named or other.named)
        and not bare
    ):
        # "the next meeting of the intergovernmental working group" is its own event.
        return False
    if other.sidelines and _cls(base) == "multilateral":
        return False
    if base.status != other.status and not other.anaphoric:
        return False
    if not other.anaphoric and base.status == "held":
        base_kz = {p.name for p in base.people if p.side == "kz"}
        other_kz = {p.name for p in other.people if p.side == "kz"}
        if base_kz and other_kz and not base_kz & other_kz:
            # Different Kazakh principals: two encounters (President, then Foreign Minister).
            return False
        if other.distinct:
            return False
        base_foreign = {p.name for p in base.people if p.side == "partner"}
        other_foreign = {p.name for p in other.people if p.side == "partner"}
        if (
            base_foreign
            and other_foreign
            and not base_foreign & other_foreign
            and base.format not in _VISITS
            and not other.is_title
        ):
            # "Earlier in the day, he met with the Minister of Investment": talks with another
            # counterpart are another encounter, though on the same day.
            return False
    if _dates_conflict(base.date, other.date):
        return False
    if (
        base.status == "planned"
        and base.location
        and other.location
        and base.location != other.location
        and not other.anaphoric
    ):
        return False
    if other.anaphoric and not other.partners:
        return True
    overlap = set(base.partners) & set(other.partners)
    if not other.partners or not base.partners:
        # An event named without countries ("The meeting of the Council of Heads of State of
        # the SCO was held") is the same as one of its kind reported without them too.
        return base.status == other.status and _cls(base) == _cls(other)
    if not overlap:
        return other.anaphoric and (other.participation or _cls(base) != "bilateral")
    if base.status == "planned":
        return True
    return _cls(base) == _cls(other) or other.anaphoric


_SPECIFIC = [
    "state_visit",
    "summit",
    "call",
    "consultations",
    "roundtable",
    "forum",
    "talks",
    "visit",
    "other",
]


def _merge(base: _Candidate, other: _Candidate) -> None:
    span = _visit_span(base, other)
    if span:
        base.date = DateValue(span[0], span[1], "day")
    base.sentences.append(other.sentence)
    if not other.anaphoric:
        base.multilateral = base.multilateral or other.multilateral
    if other.participation or _cls(base) != "bilateral":
        for code in other.partners:
            if code not in base.partners:
                base.partners.append(code)
    elif not base.partners:
        base.partners = list(other.partners)
    for person in other.people:
        if other.anaphoric and person.side == "other":
            continue
        if person not in base.people:
            base.people.append(person)
    if (
        not other.anaphoric
        and other.date
        and other.date.value
        and (not base.date or not base.date.value or len(other.date.value) > len(base.date.value))
    ):
        base.date = other.date
    if (
        base.tour
        and base.date
        and base.date.end
        and not other.anaphoric
        and other.date
        and len(other.date.value or "") == 10
        and base.date.value <= other.date.value <= base.date.end
    ):
        # "visited Vietnam and Malaysia on October 27-29 ... In Kuala Lumpur on October 29".
        base.date, base.tour = other.date, False
    base.location = base.location or other.location
    if (
        not other.anaphoric
        and _SPECIFIC.index(other.format) < _SPECIFIC.index(base.format)
        and not (base.format == "talks" and other.format == "visit")
    ):
        base.format = other.format
    if base.is_title and not other.is_title:
        base.is_title = False
        base.start, base.end, base.sentence = other.start, other.end, other.sentence


def find_meetings(ctx: ArticleContext) -> list[MeetingRecord]:
    """The meetings an article reports, each once, with evidence."""
    merged: list[_Candidate] = []
    main = ctx.lead_partners()
    found = _candidates(ctx)
    signings = _signings(ctx, found)
    if signings:
        found = sorted([*found, *signings], key=lambda c: (c.sentence, c.start))
    # A headline repeats the body: let the body's candidates form first, then fold it in.
    found = [c for c in found if not c.is_title] + [c for c in found if c.is_title]
    for cand in found:
        target = None
        scheduled = False
        if cand.anaphoric:
            # Press releases point back to their main event: prefer the first one that fits.
            fitting = [m for m in merged if m.status == cand.status and _mergeable(m, cand)]
            # "the summit" points to a summit, "the talks" to talks: same kind of event first.
            same_kind = [m for m in fitting if _cls(m) == _class(cand.format)]
            target = (same_kind or fitting or [None])[0]
            scheduled = cand.status == "planned" and bool(
                _SCHEDULED.search(ctx.text, cand.start, cand.end)
            )
            if (
                target is None
                and not cand.partners
                and merged
                and not _dates_conflict(_effective(merged[-1]), cand.date)
                and not scheduled
                and not _elsewhere(merged[-1], cand)
            ):
                target = merged[-1]
            if target is None:
                # "As part of the visit, ...": never a new encounter when one fits the partners.
                target = next(
                    (
                        m
                        for m in merged
                        if set(m.partners) & set(cand.partners)
                        and m.status == cand.status
                        and not _other_medium(m, cand)
                        and not _dates_conflict(m.date, cand.date)
                        and not _elsewhere(m, cand)
                        # "the talks held in Tokyo in May" has a place and a time of its own.
                        and not (cand.location and _dates_conflict(_effective(m), cand.date))
                    ),
                    None,
                )
        else:
            target = next((m for m in reversed(merged) if _mergeable(m, cand)), None)
        if target is not None:
            _merge(target, cand)
            continue
        if cand.is_title and all(
            any(code in m.partners and m.status == cand.status for m in merged)
            for code in cand.partners
        ):
            # "Foreign Minister Meets Ambassadors of France and Hungary": the headline sums up
            # the body's separate meetings.
            continue
        if cand.anaphoric and not cand.partners and not scheduled:
            if not (cand.location and cand.date and cand.date.value and main):
                # A reference back that fits no event reported here.
                continue
            # "recalled the talks held in Ottawa in May": an earlier encounter of the same
            # partners, with a place and a time of its own.
            cand.partners = [main[0]]
        merged.append(cand)
    _add_delegation_heads(ctx, merged)
    records = []
    for cand in merged:
        partners = list(cand.partners)
        if not partners and cand.format_partner and not cand.is_title:
            # "The first C5+1 summit took place in New York": the format's partner.
            partners = [cand.format_partner]
        if not partners and cand.format_members and cand.status == "planned":
            # "the upcoming Consultative Meeting of the Heads of State of Central Asia".
            partners = list(cand.format_members)
        if not partners and _cls(cand) == "bilateral" and main:
            partners = [main[0]]
        if not partners:
            continue
        date = cand.date
        if (not date or not date.value) and cand.status == "held" and ctx.published:
            date = DateValue(ctx.published.isoformat(), None, "day")
        kz = [p for p in cand.people if p.side == "kz"]
        partner_people = [p for p in cand.people if p.side == "partner"]
        for p in cand.people:
            if (p.side == "other" and kz and p.level != "other") or (p.side == "other" and kz):
                partner_people.append(p)
        evidence_text = ctx.text[cand.start : cand.end].strip()
        lead = len(ctx.text[cand.start : cand.end]) - len(ctx.text[cand.start : cand.end].lstrip())
        records.append(
            MeetingRecord(
                partners=partners,
                date=date or DateValue(),
                status=cand.status,
                format=cand.format,
                evidence=Span(
                    evidence_text, cand.start + lead, cand.start + lead + len(evidence_text)
                ),
                kz_people=kz,
                partner_people=partner_people,
                location=cand.location,
                extra_evidence=[ctx.sentences[i] for i in cand.sentences[1:]],
            )
        )
    return records


_SIGNED_BY = re.compile(r"\b(?:signed|inked|exchanged)\b")
_NOT_DONE = re.compile(r"\b(?:will|would|to be|to sign|expected|plan\w*|had)\b[^.;]{0,40}$", re.I)
_KZ_OFFICIALS = re.compile(
    r"\b(?:ministers|presidents|leaders|heads of (?:state|government)|prime ministers|"
    r"foreign ministers|delegations|governments|officials)\s+of\s+Kazakhstan\b",
    re.IGNORECASE,
)


def _signings(ctx: ArticleContext, candidates: list[_Candidate]) -> list[_Candidate]:
    """Officials of both sides who sign a document together have met, though no meeting word
    says so: "The energy ministers of Kazakhstan, Kyrgyzstan and Uzbekistan signed an agreement
    in Bishkek", "Minister X and UAE Minister Y signed an agreement in Abu Dhabi"."""
    found: list[_Candidate] = []
    held = {
        code
        for c in candidates
        if c.status == "held" and not c.anaphoric and not c.is_title
        for code in c.partners
    }
    for index, sent in enumerate(ctx.sentences):
        if index < ctx.title_sentences:
            continue
        signed = _SIGNED_BY.search(sent.text)
        if not signed or _NOT_DONE.search(sent.text[: signed.start()]):
            continue
        head = sent.text[: signed.start()]
        people = [
            p
            for p in ctx.people_by_sentence.get(index, [])
            if head.find(p.name.split()[-1]) >= 0 and p.level != "other"
        ]
        kz = [p for p in people if p.side == "kz"]
        partner_people = [p for p in people if p.side == "partner"]
        officials = _KZ_OFFICIALS.search(head)
        if not (kz or officials):
            continue
        partners = ctx.engaged(sent.start, sent.start + signed.start(), capitals=False)
        partners += [p.country for p in partner_people if p.country not in partners]
        if not partners or (not partner_people and not officials) or set(partners) & held:
            continue
        held.update(partners)
        date = best_date(_event_dates(ctx, sent.start, sent.end, future=False))
        found.append(
            _Candidate(
                sentence=index,
                status="held",
                format="talks",
                start=sent.start,
                end=sent.end,
                partners=partners,
                people=kz + partner_people,
                date=date,
                location=_location(ctx, sent.start, sent.end),
                anaphoric=False,
                participation=False,
                is_title=False,
                sentences=[index],
                soft_date=ctx.published.isoformat() if ctx.published else None,
            )
        )
    return found
