"""Agreements: documents signed, adopted or announced between Kazakhstan and partners.

A document is a noun such as agreement, memorandum, declaration, joint statement, treaty,
roadmap, plan or programme, with the words that name it ("Cooperation Plan between the
Ministries of Foreign Affairs of Kazakhstan and Türkiye for 2026-2027", "a strategic
partnership agreement"). Vague plurals ("agreements reached at the highest level",
"agreements on trade") are not documents.
"""

import re

from .context import ArticleContext
from .countries import HUB
from .dates import best_date
from .records import AgreementRecord, DateValue, MeetingRecord, Span

_DOC = re.compile(
    r"\b(?P<noun>memorand(?:um|a) of understanding|memoranda|memorandum|MoU|joint statement|joint "
    r"communiqu[ée]|joint declaration|declaration|road ?map|treaty|action plan|plan|"
    r"programme|program|protocol|convention|accord|agreement|charter|contract|"
    r"(?-i:Statement|Strategy|Concept))(?P<plural>s)?\b",
    re.IGNORECASE,
)
_KINDS = [
    ("memorandum", r"memorand|mou"),
    ("joint_statement", r"joint statement|communiqu"),
    ("declaration", r"declaration|statement"),
    ("roadmap", r"road ?map"),
    ("treaty", r"treaty"),
    ("plan", r"plan"),
    ("programme", r"program"),
    ("agreement", r"agreement|accord|contract"),
]
_SIGNED = re.compile(
    r"\b(?:signed|sign|signing|adopted|adopt|concluded|inked|ratif\w+|approved|issued|issue|"
    r"exchanged|implement\w*|in force|into force|initialed|joined|acceded to|accession to)\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?:will|to be signed|to be adopted|expected|plans? to|planned|intends? to|"
    r"is to|are to|upcoming|draft|prepar\w+|anticipate\w*|would|adoption of|under discussion|"
    r"working on|negotiat(?:e|es|ing)\b|under negotiation|"
    r"agreed to (?:develop|work out|elaborate|sign|conclude|adopt)|"
    r"to develop|to work out|(?:and|also|decided|intend|plan|ready) to (?:sign|conclude|adopt))\b",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"\b(?:agreements|documents|arrangements|results)\s+(?:reached|achieved|concluded|signed)\b"
    r"[^.;]{0,160},?\s+(?:including|among them|in particular)\s+(?:the\s+|a\s+|an\s+)?$",
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
    r"defense|defence|final|political|enhanced|eternal|good-neighbourliness|allied|"
    r"inter-parliamentary|interparliamentary|parliamentary|interregional|consular|scientific|"
    r"educational|agricultural|industrial|digital|nuclear|space|aviation|logistics|mining|"
    r"readmission|memorandum-based|sectoral|interdepartmental|inter-ministerial"
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


_NOUNS = (
    r"memorand\w*|mou|joint statement|joint communiqu\w*|declaration|road ?map|treaty|plan|"
    r"programme|program|protocol|convention|accord|agreement|charter|statement|strategy|concept"
)
_RIGHT_STOP = re.compile(
    r"[,;:()“”\"]|\.(?:\s|$)|\s[–—-]\s(?=(?-i:[a-z]))"
    r"|\s(?:and|as well as|or)\s+(?:(?:the|a|an)\s+)?(?=(?:(?-i:[a-z]+ed)|"
    r"(?:(?-i:[A-Z][\w-]*)\s+){0,3}(?:" + _NOUNS + r")s?)\b)"
    r"|\s(?:and|as well as)\s+(?:the|a|an)\s+(?=(?-i:[a-z]))"
    r"|\s(?:was|were|is|are|will|which|that|who|signed|adopted|outlining|aimed|by|during|"
    r"in the presence|following|after|at the|entered|enters|came|comes|took|takes|provides|"
    r"envisages|aims|allows|includes|stipulates|has|have|had|would|could|should|can|may)\b"
    r"|\sfor\s+(?:signing|signature|adoption|approval|ratification)\b"
    r"|\s(?:on|last|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d)"
    r"|\s(?:in|at)\s+(?:Astana|Almaty|the Akorda|the Kremlin)\b",
    re.IGNORECASE,
)
_TITLE_LIST = re.compile(r",\s+(?:[A-Z][\w-]*\s+){1,3}?(?:and|&)\s+[A-Z]|,\s+(?:[A-Z][\w-]*,\s+)+")
# "a roadmap for trade, economic and investment cooperation": adjectives of one field.
_FIELD_LIST = re.compile(
    r",\s+(?:[a-z][\w-]*,?\s+){1,3}?and\s+[a-z][\w-]*\s+(?:cooperation|partnership|"
    r"development|relations|ties|interaction)\b"
)
_RIGHT_START = re.compile(r"^\s+(?:on|of|for|between|with|in|to|regarding|concerning|[A-Z0-9])")


def _right_extent(tail: str, capital_title: bool) -> int:
    """How far a document's name runs after its noun ("on cooperation in ... for 2025-2027")."""
    if not _RIGHT_START.match(tail):
        return 0
    stop = _RIGHT_STOP.search(tail)
    while stop and (
        (capital_title and _TITLE_LIST.match(tail, stop.start()))
        or _FIELD_LIST.match(tail, stop.start())
    ):
        # "Treaty on Strategic Partnership, Friendship and Cooperation": a list inside the name.
        stop = _RIGHT_STOP.search(tail, stop.end())
    extent = stop.start() if stop else len(tail)
    words = tail[:extent].split()
    if len(words) > 25:
        extent = len(" ".join(tail[:extent].split()[:25])) + (len(tail) - len(tail.lstrip()))
    return extent


def _title(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """The document's name around its noun: capitalized words, adjectives and what follows."""
    words = list(re.finditer(r"[\w’'.-]+|\(|\)", sentence[:start]))
    left = start
    capital_title = sentence[start].isupper()
    for position in range(len(words) - 1, -1, -1):
        word = words[position]
        token = word.group(0)
        joined = (
            capital_title
            and token == "and"
            and position > 0
            and words[position - 1].group(0)[:1].isupper()
            and left < start
        )
        if joined:
            # "Enhanced Partnership and Cooperation Agreement" is one name.
            left = word.start()
            continue
        if token.lower() in _LEFT_STOP and not (capital_title and token[0].isupper()):
            break
        if not capital_title and not _QUALIFIER.fullmatch(token.lower()):
            break
        if sentence[word.end() : left].strip(" "):
            break
        if capital_title and not token[0].isupper() and not token[0].isdigit():
            break
        left = word.start()
    right = end + _right_extent(sentence[end:], capital_title)
    title = sentence[left:right].strip(" ,")
    while title.split() and title.split()[-1].lower() in _CONNECT:
        title = title.rsplit(" ", 1)[0]
    return title, left, left + len(title)


_THIRD_PARTY_VERB = re.compile(r"\b(?:welcom\w*|congratulat\w*|condemn\w*|hail\w*)\b", re.I)


def _not_ours(ctx: ArticleContext, sent: Span, title: str, t_start: int) -> bool:
    """A document between other states ("welcomes the agreement between Armenia and Azerbaijan")."""
    parties = re.search(r"\bbetween\s+(.{3,120}?)(?:\s+on\b|\s+for\b|$)", title)
    if parties:
        start = sent.start + t_start + parties.start(1)
        named = ctx.mentions_in(start, start + len(parties.group(1)))
        codes = {m.code for m in named if m.kind != "org"}
        if codes and HUB not in codes:
            return True
    return bool(_THIRD_PARTY_VERB.search(sent.text[:t_start])) and not ctx.has_kz_party(sent)


_CLAUSE_JOINT = re.compile(r";\s+|,\s+(?:and|while|whereas|but)\s+")


_NEXT_PREDICATE = re.compile(
    r"\s+and\s+(?:also\s+)?(?:agreed|decided|noted|discussed|stressed|expressed|confirmed|"
    r"announced|instructed)\b"
)


def _content(title: str) -> set[str]:
    stop = {"the", "of", "and", "a", "an", "on", "in", "for", "between", "to", "with", "by", "at"}
    return {w for w in re.findall(r"\w+", title.lower()) if w not in stop}


def _same_document(a: str, b: str) -> bool:
    """Two names of one document ("joint statement", "Joint Statement on ...")."""
    x, y = _content(a), _content(b)
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= 0.6


def find_agreements(ctx: ArticleContext, meetings: list[MeetingRecord]) -> list[AgreementRecord]:
    """Documents an article reports as signed or to be signed, each once."""
    records: list[AgreementRecord] = []
    main = ctx.lead_partners()
    held = next((m for m in meetings if m.status == "held"), None)
    # The body names documents in full; a headline only repeats them.
    order = list(range(ctx.title_sentences, len(ctx.sentences))) + list(range(ctx.title_sentences))
    listed = _list_items(ctx)
    for index in order:
        sent = ctx.sentences[index]
        intro = listed.get(index)
        for match in _DOC.finditer(sent.text):
            items = None
            if match.group("plural") or match.group("noun").lower().endswith("memoranda"):
                items = _plural_items(sent.text, match)
                named = match.group("noun")[0].isupper() and re.search(
                    r"\b(?!The\b)[A-Z][\w’'-]+\s+$", sent.text[: match.start()]
                )
                if not items and not named:
                    continue
            after = sent.text[match.end() :]
            vague = _VAGUE_AFTER.match(after)
            if vague and (items or not vague.group(0).strip().startswith("in the field")):
                # "agreements in the fields of ..." is vague; "a memorandum in the field of
                # agriculture" names one document.
                continue
            noun = match.group("noun")
            before_words = sent.text[: match.start()].split()
            if (
                noun.lower() in {"plan", "program", "programme", "agreement", "protocol", "accord"}
                and not noun[0].isupper()
                and (not before_words or before_words[-1].lower() in {"a", "an", "the", "this"})
                and not _RIGHT_START.match(after)
            ):
                # A bare "the agreement" points back; "an agreement on X" names one.
                continue
            if noun.lower() in {"plan", "plans", "program", "programme"} and re.match(
                r"\s+to\s+[a-z]", after
            ):
                # "The parties plan to sign ...": a verb, not a document.
                continue
            title, t_start, t_end = _title(sent.text, match.start(), match.end())
            if items:
                t_start, t_end = match.start(), match.end() + items[-1][1]
            titles = [f"{_singular(noun)} {item}" for item, _ in items] if items else [title]
            for name in titles:
                record = _record(
                    ctx,
                    sent,
                    index,
                    match,
                    noun,
                    name,
                    t_start,
                    t_end,
                    intro,
                    main,
                    meetings,
                    records,
                    held,
                )
                if record:
                    records.append(record)
    records.sort(key=lambda r: r.evidence.start)
    return records


_PLURAL_ITEM = re.compile(
    r"\s*(?:,\s*)?(?:and\s+|as well as\s+)?(?P<item>on\s+[^,;.]+?)"
    r"(?=,|;|\.|\s+and\s+on\b|\s+as well as\b|$)"
)


def _plural_items(sentence: str, match: re.Match) -> list[tuple[str, int]]:
    """ "signed agreements on visa exemption and on air services": one document per "on" item."""
    items = []
    position = match.end()
    while True:
        item = _PLURAL_ITEM.match(sentence, position)
        if not item:
            break
        words = item.group("item").split()
        if len(words) > 14 or re.search(r"\b(?:were|was|is|are|will|signed)\b", item.group("item")):
            break
        items.append((item.group("item").strip(), item.end() - match.end()))
        position = item.end()
    return items


def _singular(noun: str) -> str:
    low = noun.lower()
    return "memorandum" if low.startswith("memorand") else low


def _record(
    ctx: ArticleContext,
    sent: Span,
    index: int,
    match: re.Match,
    noun: str,
    title: str,
    t_start: int,
    t_end: int,
    intro: int | None,
    main: list[str],
    meetings: list[MeetingRecord],
    records: list[AgreementRecord],
    held: MeetingRecord | None,
) -> AgreementRecord | None:
    """One document named in a sentence, or None when it is not a document of ours."""
    if len(title.split()) < 2 and noun.lower() not in {"mou", "memorandum"}:
        return None
    if sent.text.strip() == title:
        return None
    around = sent.text[: t_end + 60]
    if intro is not None:
        # "- Agreement on ...;" under "the following documents were signed:".
        around = f"{ctx.sentences[intro].text} {around}"
    status = "signed"
    window = sent.text[max(0, t_start - 60) : t_start]
    done = re.search(
        r"\b(?:had|have|has)\s+(?:\w+\s+)?(?:signed|concluded|inked)\s+(?:\w+\s+){0,3}$", window
    ) and not re.search(r"\b(?:be|to|will|would)\s+(?:\w+\s+)?(?:signed|concluded)", window)
    if done:
        # "adding that the sides had signed a memorandum last year": done, whatever came before.
        pass
    elif (
        (intro is not None and _PLANNED.search(ctx.sentences[intro].text))
        or _PLANNED.search(sent.text[max(0, t_start - 120) : t_start])
        or re.match(
            r"^\s*(?:is|are|will be)\s+(?:expected|to be|planned|scheduled)",
            sent.text[t_end:],
        )
    ):
        status = "planned"
    elif _OUTCOME.search(sent.text[max(0, t_start - 200) : t_start]) and ctx.dates_in(
        sent.start, sent.end
    ):
        # "the agreements reached during the visit in June last year, including the memorandum
        # on X": a dated outcome of that visit.
        pass
    elif not _SIGNED.search(around):
        return None
    elif (
        re.search(r"\bimplement\w*\b", around, re.I)
        and not re.search(r"\b(?:sign|adopt|conclud|ink|exchang|issue)\w*\b", around, re.I)
        and not re.search(r"\b(?:19|20)\d\d\b", sent.text[t_start:])
    ):
        # Implementing an older document counts only when the text dates it.
        return None
    if any(_same_document(title, r.title) for r in records):
        return None
    if _not_ours(ctx, sent, title, t_start):
        return None
    # The clause that names the document, not another event earlier in the sentence.
    joints = list(_CLAUSE_JOINT.finditer(sent.text, 0, t_start))
    clause_start = sent.start + (joints[-1].end() if joints else 0)
    partners = ctx.engaged(clause_start, sent.end)
    linked = _meeting_for(sent, meetings, status)
    linked_in_sentence = any(
        s.start <= sent.start < s.end or sent.start <= s.start < sent.end
        for m in meetings
        for s in [m.evidence, *m.extra_evidence]
    )
    if linked and (
        not partners or re.search(r"\b(?:the|this)\s+(?:summit|meeting|event)\b", sent.text, re.I)
    ):
        partners = partners + [c for c in linked.partners if c not in partners]
    met = {code for m in meetings for code in m.partners}
    if not partners and main and (_BILATERAL.search(sent.text) or met == {main[0]}):
        # A document named without its parties in a report of talks with one country only.
        partners = [main[0]]
    if not partners:
        return None
    if not ctx.has_kz(index) and not linked and "Kazakh" not in ctx.title:
        return None
    # The date of the clause that names the document, not of another event after it
    # ("adopted a roadmap ..., and the sides agreed to meet next in 2026").
    later = _CLAUSE_JOINT.search(sent.text, t_end) or _NEXT_PREDICATE.search(sent.text, t_end)
    clause_end = sent.start + later.start() if later else sent.end
    # A date right after the name ("signed a memorandum ... last year") is the document's own.
    future = status == "planned"
    date = best_date(ctx.dates_in(sent.start + t_start, clause_end, future=future)) or best_date(
        ctx.dates_in(clause_start, clause_end, future=future)
    )
    if (
        date is None
        and status == "signed"
        and records
        and records[-1].status == "signed"
        and records[-1].date.value
        and 0 <= sent.start - records[-1].evidence.end <= 2
    ) or (date is None and records and records[-1].evidence == sent):
        # "The governments also signed ...": the date of the signing just reported.
        date = records[-1].date
    if date is None and status == "signed" and _AFTER_TALKS.search(sent.text):
        date = _talks_day(ctx, sent, meetings)
    if date is None and status == "signed" and not linked_in_sentence:
        # "... held talks on November 25. The ministers signed ...": the talks just told of.
        date = _previous_sentence_day(ctx, sent, meetings)
    meeting_status = "planned" if status == "planned" else "held"
    if date is None and linked and linked.date.value and linked.status == meeting_status:
        date = _signing_day(ctx, linked)
    if date is None and status == "signed":
        if held and held.date.value:
            date = _signing_day(ctx, held)
        elif ctx.published:
            date = DateValue(ctx.published.isoformat(), None, "day")
    return AgreementRecord(
        partners=partners,
        title=title,
        kind=_kind(noun),
        date=date or DateValue(),
        status=status,
        evidence=sent,
    )


_AFTER_TALKS = re.compile(
    r"\b(?:following|after|during|at the end of|as a result of|on the results of|"
    r"upon the conclusion of)\s+(?:the|their|these|this|today's)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:talks|negotiations|meeting)\b",
    re.IGNORECASE,
)


def _talks_day(ctx: ArticleContext, sent: Span, meetings: list[MeetingRecord]) -> DateValue | None:
    """ "Following the talks, ... signed": the day of the talks reported before, not the visit's."""
    day = None
    for meeting in meetings:
        if meeting.status != "held" or meeting.evidence.start >= sent.start:
            continue
        if not meeting.date.end:
            if (
                meeting.format in {"talks", "consultations", "call"}
                and meeting.date.precision == "day"
            ):
                day = meeting.date.value
            continue
        # A visit with the talks folded in: the day the talks sentence gives, inside the visit.
        for span in [meeting.evidence, *meeting.extra_evidence]:
            if span.start >= sent.start or not _TALKS_WORD.search(span.text):
                continue
            for mention in ctx.dates_in(span.start, span.end):
                value = mention.value
                if (
                    len(value.value or "") == 10
                    and not value.end
                    and meeting.date.value <= value.value <= meeting.date.end
                ):
                    day = value.value
    return DateValue(day, None, "day") if day else None


def _previous_sentence_day(
    ctx: ArticleContext, sent: Span, meetings: list[MeetingRecord]
) -> DateValue | None:
    """The day of the held meeting told of just before this sentence (a day inside a visit)."""
    for meeting in meetings:
        if meeting.status != "held" or meeting.date.precision != "day":
            continue
        for span in [meeting.evidence, *meeting.extra_evidence]:
            if not 0 <= sent.start - span.end <= 3:
                continue
            if not meeting.date.end:
                return DateValue(meeting.date.value, None, "day")
            for mention in ctx.dates_in(span.start, span.end):
                value = mention.value
                if (
                    len(value.value or "") == 10
                    and not value.end
                    and meeting.date.value <= value.value <= meeting.date.end
                ):
                    return DateValue(value.value, None, "day")
    return None


_TALKS_WORD = re.compile(r"\b(?:talks|negotiations|met|meeting)\b", re.IGNORECASE)


_LIST_ITEM = re.compile(r"^(?:[-–—•*·]|\d{1,2}[.)])\s*")


def _list_items(ctx: ArticleContext) -> dict[int, int]:
    """Sentences that are items of a list opened by "the following documents were signed:"."""
    items: dict[int, int] = {}
    intro = None
    for index, sent in enumerate(ctx.sentences):
        if _LIST_ITEM.match(sent.text) and intro is not None:
            items[index] = intro
            continue
        intro = (
            index
            if sent.text.rstrip().endswith(":")
            and (_SIGNED.search(sent.text) or _PLANNED.search(sent.text))
            else None
        )
    return items


def _meeting_for(sent: Span, meetings: list[MeetingRecord], status: str) -> MeetingRecord | None:
    """The meeting a sentence belongs to; else the main summit or meeting of that status."""
    for meeting in meetings:
        spans = [meeting.evidence, *meeting.extra_evidence]
        if any(s.start <= sent.start < s.end or sent.start <= s.start < sent.end for s in spans):
            return meeting
    wanted = "planned" if status == "planned" else "held"
    candidates = [m for m in meetings if m.status == wanted]
    if re.search(r"\bsummit\b", sent.text, re.IGNORECASE):
        summits = [m for m in candidates if m.format == "summit" or len(m.partners) > 1]
        if summits:
            return max(summits, key=lambda m: len(m.partners))
    return candidates[0] if candidates else None


def _signing_day(ctx: ArticleContext, meeting: MeetingRecord) -> DateValue:
    """The day of the talks inside a visit ("talks on Wednesday ... visit from June 11 to 13")."""
    if meeting.date.end:
        for mention in ctx.dates_in(meeting.evidence.start, meeting.evidence.end):
            value = mention.value
            inside = bool(value.value) and meeting.date.value <= value.value <= meeting.date.end
            if inside and not value.end and len(value.value) == 10:
                return DateValue(value.value, None, "day")
    return DateValue(meeting.date.value, None, meeting.date.precision)
