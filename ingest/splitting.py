"""Splitting a document's text into articles, each with a title and a publication date.

Two shapes occur: one article (title line, then body; or a first paragraph whose opening
clause serves as the title) and a news-feed dump, where every item opens with a stamp line
``DD.MM.YYYY, HH:MM NNNN`` followed by its title line and body.
"""

import itertools
import re
from dataclasses import dataclass

from .dates import parse_published

_STAMP = re.compile(r"^\s*(\d{2}\.\d{2}\.\d{4}),?\s+\d{1,2}:\d{2}(?:\s+\d+)?\s*$")
# A page's own date line under its title: "14 March 2025, 14:32", "March 14, 2025".
_DATE_LINE = re.compile(
    r"^\s*(?:(?:Published|Updated|Date)\s*:?\s*)?(?:\d{1,2}:\d{2},?\s+)?"
    # "Akorda, 22 January 2025", "Astana, 12 November 2025": a dateline's place before the date.
    r"(?:[A-Z][A-Za-z.\-]{1,20}(?:\s[A-Z][A-Za-z.\-]{1,20})?,\s+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2}|"
    r"\d{2}\.\d{2}\.\d{4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[AP]M)?)?\s*$",
    re.IGNORECASE,
)
# A newspaper byline under the title: "By Assel Satubaldina in Nation on 10 March 2025".
_BYLINE = re.compile(
    r"^\s*By\s+[^\n]{2,120}?\bon\s+(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|"
    r"[A-Z][a-z]+\s+\d{1,2},\s+\d{4})\s*$"
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\)”\"'’])[.!?](?=\s+[A-Z“\"])")
_DASH_CUT = re.compile(r"\s[-–—]\s")
_CLAUSE_CUT = re.compile(
    r",\s+(?:where|which|who|while|reported|reports|said|says|according to|the press service)\b"
    r"|,\s+[^,]{0,80}\breports?\s*$"
    r"|,\s+(?:Qazinform|Kazinform|Akorda|Trend|Tengrinews)\b",
)
_INTRO = re.compile(
    r"^(?:Ahead of|As part of|During|Following|On the sidelines of|Within the framework of|"
    r"At the invitation of|On the eve of)\b[^,]{10,}?(?=,)",
)


@dataclass
class RawArticle:
    """An article's title, full text (title included) and publication date as split."""

    title: str
    text: str
    published: str | None = None
    position: int = 0


def _is_title_line(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 250 and not line.endswith((".", "!", "?", ":", ";"))


def title_from_paragraph(paragraph: str) -> str:
    """A title for an article that starts straight with its first paragraph: its opening clause."""
    first = _SENTENCE_END.split(paragraph.strip(), maxsplit=1)[0].strip()
    intro = _INTRO.match(first)
    if intro:
        return intro.group(0).strip()
    dash = next((m for m in _DASH_CUT.finditer(first) if m.start() > 20), None)
    if dash:
        first = first[: dash.start()]
    cut = _CLAUSE_CUT.search(first)
    if cut and cut.start() > 20:
        first = first[: cut.start()]
    return first.strip().rstrip(".,;:")


def _single(text: str, published: str | None) -> RawArticle:
    stripped = text.strip()
    first_line = stripped.split("\n", 1)[0].strip()
    title = first_line if _is_title_line(first_line) else title_from_paragraph(first_line)
    lines = stripped.split("\n")
    # The page's date line sits under the title or, on wire pages, under the lead paragraph.
    head = [line for line in lines[1:6] if line.strip()][:3]
    for position, candidate in enumerate(head):
        if published is not None:
            break
        byline = _BYLINE.match(candidate) if position == 0 else None
        if byline or _DATE_LINE.match(candidate):
            from .dates import find_dates

            line = byline.group("date") if byline else candidate
            found = [d.value.value for d in find_dates(line) if d.value.precision == "day"]
            dotted = re.search(r"\d{2}\.\d{2}\.\d{4}", line)
            if not found and dotted and parse_published(dotted.group(0)):
                found = [parse_published(dotted.group(0)).isoformat()]
            published = found[0] if found else None
    return RawArticle(title=title, text=stripped, published=published)


def split_articles(text: str, published: str | None = None) -> list[RawArticle]:
    """The articles a plain-text document holds, in order (a feed dump gives several)."""
    lines = text.split("\n")
    stamps = [i for i, line in enumerate(lines) if _STAMP.match(line)]
    header = "\n".join(lines[: stamps[0]]).strip() if stamps else ""
    if len(stamps) == 1 and header and "\n" not in header and _is_title_line(header):
        # One page: "Title / 14.03.2025, 14:32 / body" is an article with its date line.
        date = parse_published(_STAMP.match(lines[stamps[0]]).group(1))
        body = "\n".join(lines[stamps[0] + 1 :]).strip()
        return [RawArticle(header, f"{header}\n{body}", date.isoformat() if date else published)]
    if not stamps:
        return [_single(text, published)]
    articles = []
    bounds = [*stamps, len(lines)]
    for position, (a, b) in enumerate(itertools.pairwise(bounds)):
        stamp = _STAMP.match(lines[a]).group(1)
        date = parse_published(stamp)
        body = "\n".join(lines[a + 1 : b]).strip()
        if not body:
            continue
        item = _single(body, date.isoformat() if date else published)
        # In a feed the line after the stamp is the title, whatever its punctuation.
        item.title = body.split("\n", 1)[0].strip()
        item.position = position
        articles.append(item)
    return articles
