"""Agreements: documents signed, adopted or announced between Kazakhstan and partners.

A document is a noun such as agreement, memorandum, declaration, joint statement, treaty,
roadmap, plan or programme, with the words that name it ("Cooperation Plan between the
Ministries of Foreign Affairs of Kazakhstan and Türkiye for 2026-2027", "a strategic
partnership agreement"). Vague plurals ("agreements reached at the highest level",
"agreements on trade") are not documents.
"""

import re

from .context import ArticleContext
from .dates import best_date
from .records import AgreementRecord, DateValue, MeetingRecord, Span

_DOC = re.compile(
    r"\b(?P<noun>memorand(?:um|a) of understanding|memorandum|MoU|joint statement|joint "
    r"communiqu[ée]|joint declaration|declaration|road ?map|treaty|action plan|plan|"
    r"programme|program|protocol|convention|accord|agreement|charter)(?P<plural>s)?\b",
    re.IGNORECASE,
)
_KINDS = [
    ("memorandum", r"memorand|mou"),
    ("joint_statement", r"joint statement|communiqu"),
    ("declaration", r"declaration"),
    ("roadmap", r"road ?map"),
    ("treaty", r"treaty"),
    ("plan", r"plan"),
    ("programme", r"program"),
    ("agreement", r"agreement|accord"),
]
_SIGNED = re.compile(
    r"\b(?:signed|sign|signing|adopted|adopt|concluded|inked|ratified|approved|issued|issue|"
    r"exchanged|implement\w*|in force|initialed)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|to be signed|to be adopted|expected|plans? to|planned|intends? to|"
    r"is to|are to|upcoming|draft|prepar\w+|anticipate\w*|would|adoption of|under discussion|"
    r"working on|negotiat\w+)\b",
    re.IGNORECASE,
)
_VAGUE_AFTER = re.compile(r"^\s*(?:reached|achieved|on trade|in the fields?)\b", re.IGNORECASE)
_LEFT_STOP = {
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "to",
    "of",
    "on",
    "in",
    "at",
    "by",
    "with",
    "and",
    "or",
    "for",
    "from",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "sign",
    "signed",
    "signing",
    "adopt",
    "adopted",
    "adoption",
    "implement",
    "implementing",
    "implementation",
    "new",
    "first",
    "also",
    "will",
    "would",
    "have",
    "has",
    "had",
    "both",
    "two",
    "sides",
    "parties",
    "within",
    "under",
    "following",
}
# Words that qualify a document named in lowercase ("a strategic partnership agreement").
_QUALIFIER = re.compile(
    r"strategic|partnership|cooperation|comprehensive|intergovernmental|interagency|bilateral|"
    r"trilateral|trade|economic|investment|framework|visa|visa-free|free|general|military|"
    r"technical|military-technical|financial|credit|loan|sister|city|twin|friendship|mutual|"
    r"legal|assistance|extradition|readmission|action|joint|long-term|bilateral|supply|"
    r"transit|gas|oil|energy|tax|customs|air|transport|cultural|humanitarian|security|"
    r"defense|defence|final|political|enhanced|eternal|good-neighbourliness|allied|allied"
)
_CONNECT = {"of", "on", "between", "for", "in", "the", "and", "to", "with", "&"}
_VERB_STOP = re.compile(
    r"^(?:was|were|is|are|will|has|have|had|which|that|who|held|signed|adopted|outlining|"
    r"aimed|aiming|by|as|after|during|at|within|with|to)$",
    re.IGNORECASE,
)


_BILATERAL = re.compile(
    r"\b(?:two countries|both countries|the sides|the parties|bilateral|two sides)\b", re.I
)


def _kind(noun: str) -> str:
    low = noun.lower()
    return next((kind for kind, pattern in _KINDS if re.search(pattern, low)), "other")


def _title(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """The document's name around its noun: capitalized words, adjectives and what follows."""
    words = list(re.finditer(r"[\w’'.-]+|\(|\)", sentence[:start]))
    left = start
    capital_title = sentence[start].isupper()
    for word in reversed(words):
        token = word.group(0)
        if token.lower() in _LEFT_STOP and not (capital_title and token[0].isupper()):
            break
        if not capital_title and not _QUALIFIER.fullmatch(token.lower()):
            break
        if sentence[word.end() : left].strip(" "):
            break
        if capital_title and not token[0].isupper() and not token[0].isdigit():
            break
        left = word.start()
    right = end
    tail = sentence[end:]
    for word in re.finditer(r"\S+", tail):
        token = word.group(0).strip(",.;:")
        raw = word.group(0)
        if _VERB_STOP.match(token) or not token:
            break
        if (
            token.lower() in _CONNECT
            or token[0].isupper()
            or token[0].isdigit()
            or (
                not capital_title
                and right - end < 80
                and token.lower() not in {"and"}
                and re.match(r"[a-z]", token)
                and word.start() > 0
                and tail[: word.start()].strip().split()[0].lower()
                in {"on", "between", "of", "for"}
            )
        ):
            right = end + word.start() + len(token)
            if raw != token:
                break
            continue
        break
    title = sentence[left:right].strip(" ,")
    while title.split() and title.split()[-1].lower() in _CONNECT:
        title = title.rsplit(" ", 1)[0]
    return title, left, left + len(title)


def find_agreements(ctx: ArticleContext, meetings: list[MeetingRecord]) -> list[AgreementRecord]:
    """Documents an article reports as signed or to be signed, each once."""
    records: list[AgreementRecord] = []
    seen: set[str] = set()
    main = ctx.main_partners()
    held = next((m for m in meetings if m.status == "held"), None)
    for index, sent in enumerate(ctx.sentences):
        for match in _DOC.finditer(sent.text):
            if match.group("plural"):
                continue
            if _VAGUE_AFTER.match(sent.text[match.end() :]):
                continue
            noun = match.group("noun")
            if noun.lower() in {"plan", "program", "programme", "agreement", "protocol"}:
                # A bare "plan"/"agreement" must be named: capitalized or qualified.
                before = sent.text[: match.start()].split()
                if not before or (
                    before[-1].lower() in {"a", "an", "the", "this", "that"}
                    and not noun[0].isupper()
                ):
                    continue
            title, t_start, t_end = _title(sent.text, match.start(), match.end())
            if len(title.split()) < 2 and noun.lower() not in {"mou", "memorandum"}:
                continue
            key = " ".join(re.findall(r"\w+", title.lower()))
            if key in seen:
                continue
            around = sent.text[max(0, t_start - 120) : t_end + 60]
            status = "signed"
            if _PLANNED.search(sent.text[max(0, t_start - 120) : t_start]) or re.match(
                r"^\s*(?:is|are|will be)\s+(?:expected|to be|planned|scheduled)",
                sent.text[t_end:],
            ):
                status = "planned"
            elif not _SIGNED.search(around):
                continue
            if sent.text.strip() == title:
                continue
            partners = ctx.engaged(sent.start, sent.end)
            linked = _meeting_for(sent, meetings, status)
            if linked and (
                not partners
                or re.search(
                    r"\b(?:the|this)\s+(?:summit|meeting|talks|visit|event)\b", sent.text, re.I
                )
            ):
                partners = partners + [c for c in linked.partners if c not in partners]
            if not partners and main and _BILATERAL.search(sent.text):
                partners = [main[0]]
            if not partners:
                continue
            if not ctx.has_kz(index) and not linked and "Kazakh" not in ctx.title:
                continue
            date = best_date(ctx.dates_in(sent.start, sent.end, future=status == "planned"))
            if date is None and status == "signed":
                if held and held.date.value:
                    date = held.date
                elif ctx.published:
                    date = DateValue(ctx.published.isoformat(), None, "day")
            seen.add(key)
            records.append(
                AgreementRecord(
                    partners=partners,
                    title=title,
                    kind=_kind(noun),
                    date=date or DateValue(),
                    status=status,
                    evidence=sent,
                )
            )
    return records


def _meeting_for(sent: Span, meetings: list[MeetingRecord], status: str) -> MeetingRecord | None:
    """The meeting a sentence belongs to, or the first meeting of the same status."""
    for meeting in meetings:
        spans = [meeting.evidence, *meeting.extra_evidence]
        if any(s.start <= sent.start < s.end or sent.start <= s.start < sent.end for s in spans):
            return meeting
    wanted = "planned" if status == "planned" else "held"
    return next((m for m in meetings if m.status == wanted), meetings[0] if meetings else None)
