"""Dates in press sentences, resolved against the publication date.

Our own patterns find the phrase ("from February 3 to 4, 2026", "on May 20", "later this
year", "on Saturday"); the phrase is then turned into a DateValue with its precision. A date
the text gives without a year stays unknown when there is no publication date: we never
invent a year.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .records import DateValue

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_M = r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"  # noqa: E501
_D = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{n}>(?:19|20)\d\d)"
_DASH = r"\s*(?:-|–|—|to|and|until|till)\s*"


def _p(template: str) -> str:
    """Fill the named groups of a pattern template."""
    return template.format(
        M1=_M.format(n="m1"),
        M2=_M.format(n="m2"),
        D1=_D.format(n="d1"),
        D2=_D.format(n="d2"),
        Y=_Y.format(n="y"),
        DASH=_DASH,
    )


# Order matters: the longest, most specific forms first; the scanner never reuses a character.
_PATTERNS = [
    ("range", _p(r"(?:from\s+)?{M1}\s+{D1}{DASH}(?:{M2}\s+)?{D2}(?:,?\s*{Y})?")),
    ("range", _p(r"(?:from\s+)?{D1}(?:\s+{M1})?{DASH}{D2}\s+{M2}(?:,?\s*{Y})?")),
    ("day", _p(r"{D1}\s+{M1},?\s+{Y}")),
    ("day", _p(r"{M1}\s+{D1},\s*{Y}")),
    ("day", _p(r"{M1}\s+{D1}(?:st|nd|rd|th)?\s+{Y}")),
    ("iso", r"(?P<y>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)"),
    ("dotted", r"(?P<d1>[0-3]\d)\.(?P<m1>[01]\d)\.(?P<y>(?:19|20)\d\d)"),
    ("month_year", _p(r"(?:(?:early|mid|late|end of|beginning of|the end of)[\s-]+)?{M1},?\s+{Y}")),
    ("rel_month", _p(r"\b(?P<rel>last|this|next)\s+{M1}\b")),
    ("rel_month", _p(r"{M1}\s+(?P<rel_y>last|this|next)\s+year\b")),
    ("day_no_year", _p(r"{D1}\s+{M1}\b")),
    ("day_no_year", _p(r"\bthe\s+{D1}\s+of\s+{M1}\b")),
    ("day_no_year", _p(r"{M1}\s+{D1}\b(?!\s*(?:billion|million|%|percent))")),
    (
        "month",
        _p(
            r"\b(?:in|since|by|during|until|for|early|mid|late|of)[\s-]+(?:early\s+|mid-|late\s+)?{M1}\b"
        ),
    ),
    ("year", r"(?<![\d.,$€£-])(?P<y>(?:19|20)\d\d)(?![\d%-]|\s*(?:billion|million|tenge))"),
    ("relative", r"\b(?:later|earlier)\s+this\s+(?:year|month)\b"),
    ("relative", r"\b(?:this|next|last|previous|past|coming)\s+(?:year|month|week)\b"),
    ("relative", r"\b(?:today|yesterday|tomorrow)\b"),
    (
        "season",
        r"\b(?:in|during|by)\s+(?:the\s+)?(?:early\s+|late\s+)?(?:spring|summer|autumn|fall|winter)\b"
        # "in autumn 2026", "in the spring of next year": the year phrase that follows decides.
        r"(?!,?\s+(?:of\s+)?(?:(?:19|20)\d\d|next year|last year))",
    ),
    # "in the second half of the year", "before the end of the year": the report's year.
    ("season", r"\b(?:first|second)\s+half\s+of\s+(?:the|this)\s+year\b"),
    # "in the second quarter": the report's year ("of next year" is left to "next year").
    (
        "season",
        r"\b(?:in|during|by|before|until)\s+the\s+(?:first|second|third|fourth|last)\s+quarter"
        r"(?:\s+of\s+(?:the|this)\s+year)?\b(?!\s+of\s+(?:next|\d))",
    ),
    ("season", r"\b(?:before|by|until|towards?|at)\s+the\s+end\s+of\s+(?:the|this)\s+year\b"),
    (
        "weekday",
        r"\b(?:on|last|next|this)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    ),
]
_SCANNER = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]
# Month names in lowercase are ordinary words ("may", "march"): require a capital for those.
_CAPITAL_MONTH = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a text, with its character span and resolved value."""

    start: int
    end: int
    text: str
    kind: str
    value: DateValue


def parse_published(text: str | None) -> dt.date | None:
    """A publication date from "YYYY-MM-DD" or "DD.MM.YYYY"."""
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip()[:10], fmt).date()
        except ValueError:
            continue
    return None


def _month(text: str | None) -> int | None:
    if not text:
        return None
    return MONTHS.get(text.lower().rstrip("."))


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _roll(value: DateValue, published: dt.date | None, future: bool, had_year: bool) -> DateValue:
    """A date written without its year lies ahead of a plan and behind a report."""
    if had_year or published is None or not value.value:
        return value
    ref = published.isoformat()[: len(value.value)]
    shift = 0
    if future and value.value < ref:
        shift = 1
    elif not future and value.value > ref and value.precision == "month":
        shift = -1

    def move(text: str | None) -> str | None:
        return f"{int(text[:4]) + shift:04d}{text[4:]}" if text else text

    if not shift:
        return value
    return DateValue(move(value.value), move(value.end), value.precision)


def _resolve(kind: str, match: re.Match, published: dt.date | None, future: bool) -> DateValue:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    text = match.group(0).lower()
    if kind in {"range", "day", "day_no_year", "iso", "dotted"}:
        if kind in {"iso", "dotted"}:
            m1 = int(groups["m1"])
        else:
            m1 = _month(groups.get("m1")) or _month(groups.get("m2"))
        m2 = _month(groups.get("m2")) or m1
        if year is None and published is not None:
            year = published.year
        if year is None or m1 is None:
            return DateValue()
        start = _day(year, m1, int(groups["d1"]))
        if start is None:
            return DateValue()
        end = None
        if kind == "range":
            end = _day(year, m2, int(groups["d2"]))
        return DateValue(start, end, "day")
    if kind == "rel_month":
        m1 = _month(groups.get("m1"))
        if published is None or m1 is None:
            return DateValue()
        year = published.year
        rel = (groups.get("rel") or "").lower()
        rel_y = (groups.get("rel_y") or "").lower()
        if rel_y:
            year += {"last": -1, "next": 1}.get(rel_y, 0)
        elif rel == "last" and m1 >= published.month:
            year -= 1
        elif rel == "next" and m1 <= published.month:
            year += 1
        return DateValue(f"{year:04d}-{m1:02d}", None, "month")
    if kind in {"month_year", "month"}:
        if year is None and published is not None:
            year = published.year
        m1 = _month(groups.get("m1"))
        if year is None or m1 is None:
            return DateValue()
        return DateValue(f"{year:04d}-{m1:02d}", None, "month")
    if kind == "year":
        return DateValue(f"{year:04d}", None, "year")
    if published is None:
        return DateValue()
    if kind == "weekday":
        target = WEEKDAYS.index(groups["wd"].lower())
        delta = (target - published.weekday()) % 7
        if future or text.startswith("next"):
            day = published + dt.timedelta(days=delta or 7)
        else:
            day = published - dt.timedelta(days=(published.weekday() - target) % 7)
        return DateValue(day.isoformat(), None, "day")
    if kind == "season":
        return DateValue(f"{published.year:04d}", None, "year")
    if "today" in text:
        return DateValue(published.isoformat(), None, "day")
    if "yesterday" in text:
        return DateValue((published - dt.timedelta(days=1)).isoformat(), None, "day")
    if "tomorrow" in text:
        return DateValue((published + dt.timedelta(days=1)).isoformat(), None, "day")
    if "week" in text:
        # The calendar week meant: the month when it lies inside one, else the year.
        shift = {"next": 7, "coming": 7, "last": -7, "previous": -7, "past": -7}
        monday = published - dt.timedelta(days=published.weekday())
        monday += dt.timedelta(days=shift.get(text.split()[0].lower(), 0))
        sunday = monday + dt.timedelta(days=6)
        if (monday.year, monday.month) == (sunday.year, sunday.month):
            return DateValue(f"{monday.year:04d}-{monday.month:02d}", None, "month")
        if monday.year == sunday.year:
            return DateValue(f"{monday.year:04d}", None, "year")
        return DateValue()
    offset = 1 if text.split()[0] in {"next", "coming"} else 0
    if text.split()[0] in {"last", "previous", "past"}:
        offset = -1
    if "month" in text:
        month = published.month + offset
        year = published.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return DateValue(f"{year:04d}-{month:02d}", None, "month")
    return DateValue(f"{published.year + offset:04d}", None, "year")


_NEEDS_DIGIT = {"range", "day", "iso", "dotted", "month_year", "day_no_year", "year"}
_NEEDS_MONTH = {"range", "day", "month_year", "day_no_year", "month", "rel_month"}
_MONTH_WORD = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b\.?", re.IGNORECASE
)
_ANY_DATE = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|today|yesterday|tomorrow|"
    r"this|next|last|previous|past|coming|later|earlier|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|spring|summer|autumn|fall|winter|half|end of|quarter)",
    re.IGNORECASE,
)


def find_dates(
    text: str, published: dt.date | None = None, *, future: bool = False
) -> list[DateMention]:
    """Every date phrase in a text, resolved against the publication date, in text order."""
    if not _ANY_DATE.search(text):
        return []
    return list(_find_dates(text, published, future))


@lru_cache(maxsize=4096)
def _find_dates(text: str, published: dt.date | None, future: bool) -> tuple[DateMention, ...]:
    taken = [False] * (len(text) + 1)
    found = []
    has_digit = any(ch.isdigit() for ch in text)
    has_month = bool(_MONTH_WORD.search(text))
    for kind, regex in _SCANNER:
        if kind in _NEEDS_DIGIT and not has_digit:
            continue
        if kind in _NEEDS_MONTH and not has_month:
            continue
        for match in regex.finditer(text):
            a, b = match.span()
            if any(taken[a:b]):
                continue
            month = match.groupdict().get("m1") or match.groupdict().get("m2")
            if month and not month.isdigit() and not _CAPITAL_MONTH.match(month):
                continue
            if kind == "year" and _is_period(text, a, b):
                continue
            value = _resolve(kind, match, published, future)
            if kind in {"range", "day_no_year", "month"}:
                value = _roll(value, published, future, bool(match.groupdict().get("y")))
            for i in range(a, b):
                taken[i] = True
            found.append(DateMention(a, b, match.group(0), kind, value))
    found.sort(key=lambda d: d.start)
    return tuple(found)


_PERIOD_BEFORE = re.compile(r"(?:for|until|till|through|to|–|-)\s*$", re.IGNORECASE)


def _is_period(text: str, start: int, end: int) -> bool:
    """A bare year that names a period or a horizon ("for 2026-2027", "Vision 2040")."""
    before = text[max(0, start - 12) : start]
    if _PERIOD_BEFORE.search(before):
        return True
    return bool(re.search(r"(?:Vision|Strategy|Agenda|Expo|EXPO)\s*(?:-\s*)?$", before))


def best_date(mentions: list[DateMention]) -> DateValue | None:
    """The most precise resolved date among mentions (day > month > year), first on ties."""
    rank = {"day": 3, "month": 2, "year": 1}
    known = [m.value for m in mentions if m.value.value]
    if not known:
        return None
    return max(known, key=lambda v: (rank.get(v.precision, 0), v.end is not None))
