"""Everything the extractors share about one article: sentences, places, people, dates."""

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from .countries import HUB, Mention, find_mentions
from .dates import parse_published
from .nlp import parse, split_sentences
from .people import people_in_article
from .records import PersonMention, Span

# A country named here is context, not engagement ("developments in Afghanistan, Gaza").
_PASSING = re.compile(
    r"(?:including in|such as|developments in|situation in|situation around|crisis in|"
    r"conflict in|war in|settlement of|issue of|countries like|neighboring countries|"
    r"neighbouring countries|from Kazakhstan to|sanctions (?:imposed )?on|region(?:al)? "
    r"developments)\s*(?:the\s+)?[^.;]{0,60}$"
    # A person's past, not the event: "Ambassador X, who previously served in China",
    # "Secretary General Y, a former Foreign Minister of Türkiye".
    r"|,\s+(?:who|a|the)\s+(?:had\s+|has\s+)?(?:previously|earlier|formerly|former|once|"
    r"served|worked|headed|was)\b[^.;,]{0,60}$"
    # "Ambassador to Germany, who is also accredited to Denmark": another post of the same man.
    r"|\b(?:also|concurrently|simultaneously)\s+(?:accredited|ambassador)\s+(?:to|in)\s+[^.;]{0,40}$",
    re.IGNORECASE,
)
_PASSING_CUE = re.compile(
    r"including|such as|developments|situation|crisis|conflict|war in|settlement|issue of|"
    r"countries|from Kazakhstan|sanctions|region|previously|earlier|former|once|served|"
    r"worked|headed|was|accredited|concurrently|simultaneously",
    re.IGNORECASE,
)
_KZ_ANAPHOR = re.compile(
    r"\b(?:Head of State|Kazakh leader|Kazakh side|Kazakh delegation|Kazakh diplomat|"
    r"the Minister|the Ambassador|the diplomat|the parties|the sides|both countries|"
    r"two countries|Tokayev|Mazhilis|Majilis|Akorda|"
    # "The leaders agreed to meet ...": both sides of the encounter just reported.
    r"the (?:two |both )?(?:leaders|presidents|interlocutors|heads of (?:state|government)|"
    r"prime ministers|foreign ministers|ministers|delegations)(?! of)|"
    r"the President(?! of (?!Kazakhstan|the Republic of Kazakhstan)))\b",
    re.IGNORECASE,
)


# "ASTANA, 2 November 2023 – ..." opens many agency reports: it dates the article itself.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z’'. -]{1,40}),\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|"
    r"[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{2}\.\d{2}\.\d{4})\s*(?:\([^)]*\)\s*)?[–—-]+\s*",
    re.MULTILINE,
)


_FULL_DATE = re.compile(
    r"\b\d{1,2}(?:\s*(?:[-–]|to)\s*\d{1,2})?\s+(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+(?:19|20)\d\d\b|\b(?:January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\s+\d{1,2}"
    r"(?:\s*(?:[-–]|to)\s*\d{1,2})?,\s+(?:19|20)\d\d\b"
)


def _first_full_date(text: str) -> dt.date | None:
    """Without a publication date, the first fully written date anchors "on February 18"."""
    match = _FULL_DATE.search(text)
    if not match:
        return None
    from .dates import find_dates

    found = [d for d in find_dates(match.group(0)) if d.value.value]
    return dt.date.fromisoformat(found[0].value.value) if found else None


def find_dateline(text: str) -> tuple[dt.date | None, int, int]:
    """The date of an opening dateline in the first lines, with the dateline's span."""
    match = _DATELINE.search(text[:600])
    if not match:
        return None, 0, 0
    from .dates import find_dates

    found = find_dates(match.group("date"))
    if not found or not found[0].value.value or found[0].value.precision != "day":
        return None, 0, 0
    return dt.date.fromisoformat(found[0].value.value), match.start(), match.end()


@dataclass
class ArticleContext:
    """One article with its sentences, country mentions and people, ready for extractors."""

    title: str
    text: str
    published: dt.date | None
    sentences: list[Span]
    mentions: list[Mention]
    people: list[PersonMention]
    people_by_sentence: dict[int, list[PersonMention]]
    title_sentences: int = 1
    anchor: dt.date | None = None  # resolves year-less dates when there is no publication date
    dateline: tuple[int, int] = (0, 0)  # span of "ASTANA, 2 November 2023 –", not an event date
    passing: set[int] = field(default_factory=set)
    _starts: list[int] = field(default_factory=list, repr=False)
    _kz: dict[int, bool] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._starts = [m.start for m in self.mentions]  # starts of mentions named only in passing

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions inside a character range."""
        # Mentions are sorted by start: bisect instead of scanning them all for every range.
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def engaged(self, start: int, end: int, *, capitals: bool = True) -> list[str]:
        """Partner countries named in a range, not in passing, in order, without KAZ."""
        codes: list[str] = []
        for m in self.mentions_in(start, end):
            if m.kind == "org" or m.code == HUB or m.start in self.passing:
                continue
            if m.kind == "capital" and not capitals:
                continue
            if m.code not in codes:
                codes.append(m.code)
        return codes

    def dates_in(self, start: int, end: int, *, future: bool = False) -> list:
        """Date phrases between two offsets, resolved; the opening dateline is left out."""
        from .dates import find_dates

        if start < self.dateline[1]:
            start = max(start, self.dateline[1])
        return find_dates(self.text[start:end], self.anchor or self.published, future=future)

    def has_kz_party(self, sent: Span) -> bool:
        """Whether Kazakhstan is named as a party in a sentence ("Kazakhstan and X signed")."""
        return bool(
            re.search(
                r"\b(?:Kazakhstan|the Kazakh side|Astana)\b[^.;]{0,40}\b(?:and|with|signed|"
                r"concluded|adopted)\b",
                sent.text,
            )
        )

    def has_kz(self, index: int) -> bool:
        """Whether a sentence names Kazakhstan, a Kazakh official or an anaphor for one."""
        if index not in self._kz:
            self._kz[index] = self._has_kz(index)
        return self._kz[index]

    def _has_kz(self, index: int) -> bool:
        sent = self.sentences[index]
        if any(p.side == "kz" for p in self.people_by_sentence.get(index, [])):
            return True
        if any(m.code == HUB for m in self.mentions_in(sent.start, sent.end)):
            return True
        return bool(_KZ_ANAPHOR.search(sent.text))

    def lead_partners(self) -> list[str]:
        """The main partner, when the headline or the first sentences name it: the partner a
        sentence that names no country speaks of. A country first named late in the text ("the
        bank's interest in investors from Japan") does not stand for the whole report."""
        main = self.main_partners()
        if not main or not self.sentences:
            return []
        limit = self.sentences[min(len(self.sentences) - 1, self.title_sentences + 2)].end
        named_early = any(
            m.code == main[0] and m.start < limit and m.start not in self.passing
            for m in self.mentions
            if m.kind != "org"
        ) or any(
            p.country == main[0] for p in self.people if p.side == "partner" and p.level != "other"
        )
        return main if named_early else []

    def main_partners(self) -> list[str]:
        """Countries the article is mostly about, most named first (title counts triple)."""
        score: dict[str, float] = {}
        title_end = self.sentences[0].end if self.sentences else 0
        for m in self.mentions:
            if m.kind == "org" or m.code == HUB or m.start in self.passing:
                continue
            score[m.code] = score.get(m.code, 0) + (3 if m.start < title_end else 1)
        return sorted(score, key=lambda c: -score[c])


# A country inside the name of a route or project is not a party to it: "the Trans-Afghan
# railway", "the Kazakhstan-Turkmenistan-Iran railway", "the China-Europe route".
_COMPOUND_PART = r"[A-Z][\w’']*"
_TRANS_BEFORE = re.compile(r"\bTrans[-– ]$")
_INFRASTRUCTURE = re.compile(
    r"^(?:[-–]" + _COMPOUND_PART + r")*\s+(?:(?:[\w-]+\s+){0,2}?)(?:railways?|railroads?|rail|"
    r"corridors?|routes?|pipelines?|highways?|motorways?|bridges?|canals?|"
    r"power lines?|transmission lines?)\b",
    re.IGNORECASE,
)


def _in_project_name(text: str, start: int, end: int) -> bool:
    """Whether a country mention is part of an infrastructure name, not a party."""
    left = start
    while left > 1 and text[left - 1] in "-–" and text[left - 2].isalpha():
        word = re.search(_COMPOUND_PART + r"$", text[: left - 1])
        if not word:
            break
        left = word.start()
    if _TRANS_BEFORE.search(text[max(0, left - 6) : left]) or text[left:start].startswith("Trans"):
        return True
    compound = left < start or (end < len(text) and text[end] in "-–")
    return compound and bool(_INFRASTRUCTURE.match(text[end : end + 120]))


def analyze(title: str, text: str, published: str | None) -> ArticleContext:
    """Parse an article once and collect what every extractor needs."""
    doc = parse(text)
    # The text itself, not doc.text: rebuilding it from tokens costs more than parsing.
    sents = split_sentences(text)
    mentions = find_mentions(doc)
    people, by_sentence = people_in_article(sents, mentions)
    first_line = text.strip().split("\n", 1)[0].strip()
    dated, d_start, d_end = find_dateline(text)
    published_date = parse_published(published) or dated
    anchor = published_date or _first_full_date(text)
    passing = set()
    for m in mentions:
        line_start = text.rfind("\n", 0, m.start) + 1
        before = text[max(line_start, m.start - 80) : m.start]
        in_passing = bool(_PASSING_CUE.search(before) and _PASSING.search(before))
        if in_passing or (m.kind != "org" and _in_project_name(text, m.start, m.end)):
            passing.add(m.start)
    ctx = ArticleContext(
        title=title,
        text=text,
        published=published_date,
        dateline=(d_start, d_end),
        anchor=anchor,
        sentences=sents,
        mentions=mentions,
        people=people,
        people_by_sentence=by_sentence,
        passing=passing,
        title_sentences=1 if sents and first_line == title.strip() else 0,
    )
    _side_with_the_partner(ctx)
    return ctx


# Titles only a Kazakh official holds, or that say so; and titles that speak for no government
# (scholars, companies, international organizations).
_KZ_ROLE = re.compile(
    r"Kazakh|\bAkim\b|Mazhilis|Majilis|Akorda|Presidential Administration|State Counsell?or|"
    r"Professor|Doctor|expert|analyst|scientist|Rector|CEO|Founder|Manager|Director|company|"
    r"university|institute|\bUN\b|United Nations|Secretary-General|Organi[sz]ation|European|"
    r"Bank|Fund",
    re.IGNORECASE,
)


def _side_with_the_partner(ctx: ArticleContext) -> None:
    """ "Senior Minister Lee Hsien Loong", "General Secretary To Lam": a titled official named
    without a country, in an article about one partner, speaks for that partner."""
    lead = ctx.lead_partners()
    if not lead:
        return
    main = ctx.main_partners()
    if len(main) > 1:
        counts: dict[str, int] = {}
        for m in ctx.mentions:
            if m.kind != "org" and m.code != HUB and m.start not in ctx.passing:
                counts[m.code] = counts.get(m.code, 0) + 1
        if counts.get(main[1], 0) * 2 > counts.get(lead[0], 0):
            return
    for person in ctx.people:
        if (
            person.side == "other"
            and person.country is None
            and person.role
            and not _KZ_ROLE.search(person.role)
            and not any(m.kind == "org" and m.text in person.role for m in ctx.mentions)
        ):
            person.side = "partner"
            person.country = lead[0]
