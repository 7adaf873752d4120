"""Fill the database with a large, realistic data set for page and export benchmarks.

Twenty years of press coverage in minutes: records are built in memory batch by batch and
written with ``bulk_create``, never through the upsert services (which match each record
against the ones already stored and would take hours at this size). The shapes follow what
ingest stores: every record has evidence sentences inside a stored article, meetings have a
Kazakh and a partner participant, partners are weighted so that a few neighbours dominate.
"""

import datetime
import hashlib
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from . import reference
from .cache import generation_bump
from .models import (
    HUB_CODE,
    Agreement,
    Article,
    Country,
    DatePrecision,
    Evidence,
    Level,
    Meeting,
    MeetingParticipant,
    Metric,
    Organization,
    Person,
    PersonRole,
    SourceDocument,
    Topic,
)
from .services import reference_data_load

BATCH_SIZE = 5000
FIRST_DAY = datetime.date(2006, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
# Kazakhstan's busiest partners first; weights fall with rank (Zipf), so RUS and CHN hold a
# sixth of all meetings and the last partners a handful each, as in the real press.
LEADING_PARTNERS = [
    "RUS", "CHN", "UZB", "USA", "DEU", "TUR", "KGZ", "AZE", "KOR", "JPN", "FRA", "GBR",
    "ITA", "IND", "TJK", "TKM", "ARE", "IRN", "POL", "HUN", "SAU", "QAT", "PAK", "MNG",
]  # fmt: skip
ZIPF_EXPONENT = 1.0
PUBLISHERS = ["Kazinform", "Akorda", "MFA of Kazakhstan", "The Astana Times", "Tengrinews"]
CITIES = ["Astana", "Almaty", "Shymkent", "Turkistan", "Aktau", "Atyrau"]

# Kazakh officials by level, with the share of meetings each level leads.
KZ_LEVELS = [
    (Level.HEAD_OF_STATE, "President of Kazakhstan", 2, 8),
    (Level.HEAD_OF_GOVERNMENT, "Prime Minister of Kazakhstan", 4, 10),
    (Level.FOREIGN_MINISTER, "Minister of Foreign Affairs of Kazakhstan", 5, 25),
    (Level.MINISTER, "Minister of Trade and Integration of Kazakhstan", 20, 27),
    (Level.AMBASSADOR, "Ambassador of Kazakhstan", 30, 20),
    (Level.OTHER, "Deputy Minister of Foreign Affairs of Kazakhstan", 15, 10),
]
PARTNER_ROLES = {
    Level.HEAD_OF_STATE: "President",
    Level.HEAD_OF_GOVERNMENT: "Prime Minister",
    Level.FOREIGN_MINISTER: "Foreign Minister",
    Level.MINISTER: "Minister of Economy",
    Level.AMBASSADOR: "Ambassador",
    Level.OTHER: "Deputy Foreign Minister",
}
_FIRST_NAMES = (
    "Nurlan Yerlan Askar Daniyar Aidar Bolat Serik Marat Azamat Timur Kairat Galym Wei Ming Jun "
    "Hiroshi Kenji Min-jun Ji-hoon Rustam Sherzod Elnur Mehmet Sergei Mikhail Andrzej Pavel "
    "Khalid Ahmed Omar Rajesh Imran Thomas Marco Pierre Johan Carlos David Lukas Andrea Anna "
    "Maria Elena Sofia Laura"
)
FIRST_NAMES = _FIRST_NAMES.split()
_LAST_NAMES = (
    "Seitkali Abenov Zhaksybekov Tulegenov Sarsenbayev Akhmetov Kassymov Ibrayev Zhang Wang Li "
    "Tanaka Suzuki Kim Park Saidov Karimov Mammadov Yilmaz Demir Ivanov Petrov Kowalski Novak "
    "Haddad Sharma Khan Weber Rossi Dubois Larsen Garcia Smith Moreau Bianchi Schmidt Muller"
)
LAST_NAMES = _LAST_NAMES.split()

# (value, weight) tables; weights are relative.
MEETING_FORMATS = [
    (Meeting.Format.TALKS, 35),
    (Meeting.Format.VISIT, 15),
    (Meeting.Format.STATE_VISIT, 4),
    (Meeting.Format.SUMMIT, 5),
    (Meeting.Format.CALL, 15),
    (Meeting.Format.CONSULTATIONS, 12),
    (Meeting.Format.ROUNDTABLE, 4),
    (Meeting.Format.FORUM, 6),
    (Meeting.Format.OTHER, 4),
]
PRECISIONS = [
    (DatePrecision.DAY, 86),
    (DatePrecision.MONTH, 9),
    (DatePrecision.YEAR, 3),
    (DatePrecision.UNKNOWN, 2),
]
AGREEMENT_KINDS = [
    (Agreement.Kind.AGREEMENT, 30),
    (Agreement.Kind.MEMORANDUM, 30),
    (Agreement.Kind.PLAN, 8),
    (Agreement.Kind.ROADMAP, 8),
    (Agreement.Kind.DECLARATION, 6),
    (Agreement.Kind.JOINT_STATEMENT, 8),
    (Agreement.Kind.TREATY, 3),
    (Agreement.Kind.PROGRAMME, 5),
    (Agreement.Kind.OTHER, 2),
]
# (indicator, unit, smallest, largest, weight)
INDICATORS = [
    (Metric.Indicator.TRADE_TURNOVER, "USD", 10**6, 3 * 10**10, 40),
    (Metric.Indicator.EXPORTS, "USD", 10**6, 2 * 10**10, 12),
    (Metric.Indicator.IMPORTS, "USD", 10**6, 10**10, 12),
    (Metric.Indicator.INVESTMENT_INFLOW, "USD", 10**6, 5 * 10**9, 12),
    (Metric.Indicator.INVESTMENT_OUTFLOW, "USD", 10**5, 10**9, 4),
    (Metric.Indicator.JOINT_PROJECTS, "count", 1, 300, 8),
    (Metric.Indicator.FLIGHTS, "count", 1, 200, 4),
    (Metric.Indicator.TOURISTS, "count", 100, 500000, 4),
    (Metric.Indicator.OTHER, "percent", 1, 60, 4),
]
QUALIFIERS = [
    (Metric.Qualifier.EXACT, 50),
    (Metric.Qualifier.APPROXIMATELY, 25),
    (Metric.Qualifier.AT_LEAST, 20),
    (Metric.Qualifier.AT_MOST, 5),
]


class Weighted:
    """A fast weighted choice over a fixed table (cumulative weights computed once)."""

    def __init__(self, items: Sequence, weights: Sequence[float]):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))

    @classmethod
    def of(cls, table: Sequence[tuple]) -> "Weighted":
        return cls([row[0] for row in table], [row[-1] for row in table])

    def pick(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum)[0]


@dataclass
class Sentence:
    """An evidence sentence for one record, before its article exists."""

    text: str
    kind: str  # "meeting", "agreement" or "metric"
    record_id: int
    partners: tuple[str, ...]
    date: datetime.date | None


@dataclass
class Context:
    """Everything the generators share: the seeded random source and the reference rows."""

    rng: random.Random
    salt: str
    partners: list[Country]
    partner_pick: Weighted
    topics: list[int]
    organizations: list[int]
    partner_names: dict[str, str] = field(default_factory=dict)
    kz_people: dict[str, list[Person]] = field(default_factory=dict)
    partner_people: dict[str, list[Person]] = field(default_factory=dict)
    meetings_by_partner: dict[str, list[int]] = field(default_factory=dict)
    recent: dict[str, list[Sentence]] = field(default_factory=dict)
    articles: int = 0
    documents: int = 0
    evidence: int = 0

    def fingerprint(self, *parts: object) -> str:
        return hashlib.sha256(":".join(map(str, (self.salt, *parts))).encode()).hexdigest()


def database_has_records() -> bool:
    """True when any meeting, agreement, metric or article is stored."""
    return any(m.objects.exists() for m in (Meeting, Agreement, Metric, Article))


def fill(
    *,
    meetings: int,
    agreements: int,
    metrics: int,
    partners: int = 190,
    seed: int = 0,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Add synthetic meetings, agreements and metrics with their articles and evidence.

    One transaction: the database gets the whole data set or nothing. Returns the number of
    rows written per model.
    """
    say = progress or (lambda message: None)
    if not Country.objects.exists():
        reference_data_load()
    with transaction.atomic():
        generation_bump()
        ctx = _context(seed=seed, partner_count=partners)
        _people(ctx)
        say(f"{len(ctx.partners)} partners, {Person.objects.count()} people")
        for start in range(0, meetings, batch_size):
            _meeting_batch(ctx, min(batch_size, meetings - start))
            say(f"meetings: {min(start + batch_size, meetings)}/{meetings}")
        for start in range(0, agreements, batch_size):
            _agreement_batch(ctx, min(batch_size, agreements - start))
            say(f"agreements: {min(start + batch_size, agreements)}/{agreements}")
        for start in range(0, metrics, batch_size):
            _metric_batch(ctx, min(batch_size, metrics - start))
            say(f"metrics: {min(start + batch_size, metrics)}/{metrics}")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses row counts from an empty table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "meetings": meetings,
        "agreements": agreements,
        "metrics": metrics,
        "articles": ctx.articles,
        "documents": ctx.documents,
        "evidence": ctx.evidence,
        "partners": len(ctx.partners),
    }


# --- Reference rows and people ----------------------------------------------------------


def _context(*, seed: int, partner_count: int) -> Context:
    rng = random.Random(seed)
    countries = {c.code: c for c in Country.objects.partners().only("code", "name")}
    leading = [countries[code] for code in LEADING_PARTNERS if code in countries]
    rest = sorted((c for code, c in countries.items() if code not in LEADING_PARTNERS), key=str)
    rng.shuffle(rest)
    chosen = (leading + rest)[: max(1, min(partner_count, len(countries)))]
    weights = [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(chosen))]
    # A run on a non-empty database (--force) must not collide with earlier unique hashes.
    salt = f"bulk-{seed}-{SourceDocument.objects.count()}"
    return Context(
        rng=rng,
        salt=salt,
        partners=chosen,
        partner_pick=Weighted(chosen, weights),
        partner_names={c.code: c.name for c in chosen},
        topics=list(Topic.objects.values_list("pk", flat=True)),
        organizations=list(Organization.objects.values_list("pk", flat=True)),
    )


def _person_rows(
    ctx: Context, country: str, count: int, taken: set[tuple[str, str]]
) -> list[Person]:
    people = []
    while len(people) < count:
        name = f"{ctx.rng.choice(FIRST_NAMES)} {ctx.rng.choice(LAST_NAMES)}"
        key = reference.fold(name)
        if (key, country) in taken:
            name = f"{name} {ctx.rng.choice(LAST_NAMES)}"
            key = reference.fold(name)
            if (key, country) in taken:
                continue
        taken.add((key, country))
        people.append(Person(name=name, key=key, country_id=country, reviewed=True))
    return people


def _people(ctx: Context) -> None:
    """Kazakh officials at every level and about fifteen officials per partner."""
    taken = set(Person.objects.values_list("key", "country_id"))
    by_level: list[tuple[str, str, list[Person]]] = []
    for level, title, count, _share in KZ_LEVELS:
        by_level.append((level, title, _person_rows(ctx, HUB_CODE, count, taken)))
    per_partner: list[tuple[str, str, Person]] = []
    levels = list(PARTNER_ROLES)
    for country in ctx.partners:
        rows = _person_rows(ctx, country.code, 15, taken)
        per_partner.extend((country.code, levels[i % len(levels)], p) for i, p in enumerate(rows))
    everyone = [p for _, _, rows in by_level for p in rows] + [p for _, _, p in per_partner]
    Person.objects.bulk_create(everyone, batch_size=BATCH_SIZE)
    roles = []
    for level, title, rows in by_level:
        ctx.kz_people[level] = rows
        for person in rows:
            person.role_title, person.role_level = title, level
        roles += [PersonRole(person=p, title=title, level=level, country_id=HUB_CODE) for p in rows]
    for code, level, person in per_partner:
        ctx.partner_people.setdefault(code, []).append(person)
        person.role_title, person.role_level = PARTNER_ROLES[level], level
        roles.append(
            PersonRole(person=person, title=PARTNER_ROLES[level], level=level, country_id=code)
        )
    PersonRole.objects.bulk_create(roles, batch_size=BATCH_SIZE)


# --- Dates ------------------------------------------------------------------------------

_SPAN_DAYS = (LAST_DAY - FIRST_DAY).days
_PRECISION = Weighted.of(PRECISIONS)


def _day(rng: random.Random) -> datetime.date:
    # sqrt skews toward recent years: the press (and its archive) grows over time.
    return FIRST_DAY + datetime.timedelta(days=int(_SPAN_DAYS * rng.random() ** 0.6))


def _dated(rng: random.Random) -> tuple[datetime.date | None, str]:
    precision = _PRECISION.pick(rng)
    if precision == DatePrecision.UNKNOWN:
        return None, precision
    day = _day(rng)
    if precision == DatePrecision.MONTH:
        day = day.replace(day=1)
    elif precision == DatePrecision.YEAR:
        day = day.replace(month=1, day=1)
    return day, precision


def _date_text(date: datetime.date | None, precision: str) -> str:
    if date is None:
        return "recently"
    if precision == DatePrecision.YEAR:
        return f"in {date.year}"
    if precision == DatePrecision.MONTH:
        return f"in {date.strftime('%B %Y')}"
    return f"on {date.day} {date.strftime('%B %Y')}"


# --- Records ----------------------------------------------------------------------------

_FORMAT = Weighted.of(MEETING_FORMATS)
_KZ_LEVEL = Weighted([row[0] for row in KZ_LEVELS], [row[3] for row in KZ_LEVELS])
_KIND = Weighted.of(AGREEMENT_KINDS)
_INDICATOR = Weighted(INDICATORS, [row[-1] for row in INDICATORS])
_QUALIFIER = Weighted.of(QUALIFIERS)


def _partners_of(ctx: Context) -> tuple[str, ...]:
    first = ctx.partner_pick.pick(ctx.rng).code
    # One partner in nine meetings out of ten; the rest are trilateral or summit meetings.
    if ctx.rng.random() < 0.9 or len(ctx.partners) == 1:
        return (first,)
    extra = {ctx.partner_pick.pick(ctx.rng).code for _ in range(ctx.rng.randint(1, 3))}
    return (first, *sorted(extra - {first}))


def _meeting_batch(ctx: Context, count: int) -> None:
    rng = ctx.rng
    rows, facts = [], []
    for _ in range(count):
        codes = _partners_of(ctx)
        fmt = _FORMAT.pick(rng)
        level = _KZ_LEVEL.pick(rng)
        date, precision = _dated(rng)
        date_end = None
        if date and precision == DatePrecision.DAY and fmt in {"visit", "state_visit", "summit"}:
            date_end = date + datetime.timedelta(days=rng.randint(0, 2))
        planned = date is not None and rng.random() < 0.08
        kz = rng.choice(ctx.kz_people[level])
        partner = rng.choice(ctx.partner_people[codes[0]])
        location = "" if fmt == Meeting.Format.CALL else rng.choice(CITIES)
        name = ctx.partner_names[codes[0]]
        title = f"{Meeting.Format(fmt).label} with {name}"
        rows.append(
            Meeting(
                title=title,
                date=date,
                date_end=date_end,
                date_precision=precision,
                status=Meeting.Status.PLANNED if planned else Meeting.Status.HELD,
                format=fmt,
                level=level,
                location=location,
                confidence=round(rng.uniform(0.55, 1.0), 2),
                reviewed=rng.random() < 0.1,
                extractor_version="bulk",
                fingerprint=ctx.fingerprint("meeting", len(facts), rng.random()),
            )
        )
        verb = "will hold" if planned else "held"
        where = f" in {location}" if location else ""
        text = (
            f"{_date_text(date, precision).capitalize()}, {_role_of(kz)} {kz.name} {verb} "
            f"{Meeting.Format(fmt).label.lower()} with {partner.name}, {_role_of(partner)} "
            f"of {name}{where}, to discuss {rng.choice(TOPIC_WORDS)}."
        )
        facts.append((codes, kz, partner, level, text, date))
    Meeting.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    partners_through = Meeting.partners.through
    topics_through = Meeting.topics.through
    orgs_through = Meeting.organizations.through
    links, topics, orgs, participants, sentences = [], [], [], [], []
    for meeting, (codes, kz, partner, level, text, date) in zip(rows, facts, strict=True):
        links += [partners_through(meeting_id=meeting.pk, country_id=code) for code in codes]
        for code in codes:
            ctx.meetings_by_partner.setdefault(code, []).append(meeting.pk)
        topics += [
            topics_through(meeting_id=meeting.pk, topic_id=t)
            for t in rng.sample(ctx.topics, k=min(len(ctx.topics), rng.choice((0, 1, 1, 2, 3))))
        ]
        if len(codes) > 1 and ctx.organizations:
            orgs.append(orgs_through(meeting_id=meeting.pk, organization_id=_org(ctx)))
        participants.append(
            MeetingParticipant(
                meeting_id=meeting.pk,
                person=kz,
                side=MeetingParticipant.Side.KAZAKH,
                role=_role_of(kz),
                level=level,
            )
        )
        participants.append(
            MeetingParticipant(
                meeting_id=meeting.pk,
                person=partner,
                side=MeetingParticipant.Side.PARTNER,
                role=_role_of(partner),
                level=partner.role_level,
            )
        )
        sentences.append(Sentence(text, "meeting", meeting.pk, codes, date))
    partners_through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    topics_through.objects.bulk_create(topics, batch_size=BATCH_SIZE)
    orgs_through.objects.bulk_create(orgs, batch_size=BATCH_SIZE)
    MeetingParticipant.objects.bulk_create(participants, batch_size=BATCH_SIZE)
    _articles(ctx, sentences)


def _agreement_batch(ctx: Context, count: int) -> None:
    rng = ctx.rng
    rows, facts = [], []
    for _ in range(count):
        codes = _partners_of(ctx)
        kind = _KIND.pick(rng)
        date, precision = _dated(rng)
        planned = rng.random() < 0.12
        meetings = ctx.meetings_by_partner.get(codes[0])
        meeting_id = rng.choice(meetings) if meetings and rng.random() < 0.5 else None
        name = ctx.partner_names[codes[0]]
        topic = rng.choice(TOPIC_WORDS)
        title = f"{Agreement.Kind(kind).label} on cooperation in {topic} with {name}"
        rows.append(
            Agreement(
                title=title,
                kind=kind,
                status=Agreement.Status.PLANNED if planned else Agreement.Status.SIGNED,
                date=date,
                date_precision=precision,
                meeting_id=meeting_id,
                confidence=round(rng.uniform(0.55, 1.0), 2),
                reviewed=rng.random() < 0.1,
                extractor_version="bulk",
                fingerprint=ctx.fingerprint("agreement", len(facts), rng.random()),
            )
        )
        verb = "are expected to sign" if planned else "signed"
        text = (
            f"{_date_text(date, precision).capitalize()}, Kazakhstan and {name} {verb} "
            f"a {Agreement.Kind(kind).label.lower()} on cooperation in {topic}."
        )
        facts.append((codes, text, date))
    Agreement.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    parties_through = Agreement.parties.through
    orgs_through = Agreement.organizations.through
    links, orgs, sentences = [], [], []
    for agreement, (codes, text, date) in zip(rows, facts, strict=True):
        links += [parties_through(agreement_id=agreement.pk, country_id=code) for code in codes]
        if len(codes) > 1 and ctx.organizations:
            orgs.append(orgs_through(agreement_id=agreement.pk, organization_id=_org(ctx)))
        sentences.append(Sentence(text, "agreement", agreement.pk, codes, date))
    parties_through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    orgs_through.objects.bulk_create(orgs, batch_size=BATCH_SIZE)
    _articles(ctx, sentences)


def _metric_batch(ctx: Context, count: int) -> None:
    rng = ctx.rng
    rows, sentences = [], []
    for _ in range(count):
        code = ctx.partner_pick.pick(rng).code
        indicator, unit, low, high, _weight = _INDICATOR.pick(rng)
        # Log-uniform: most figures are modest, a few are very large.
        value = Decimal(round(low * (high / low) ** rng.random(), 1 if unit != "count" else 0))
        start = _day(rng).year
        shape = rng.random()
        end, is_open = None, False
        if shape < 0.1:
            end = min(LAST_DAY.year, start + rng.randint(1, 5))
        elif shape < 0.15:
            is_open = True
        claimed = datetime.date(min(LAST_DAY.year, (end or start) + 1), 1, 1) + datetime.timedelta(
            days=rng.randint(0, 300)
        )
        target = rng.random() < 0.12
        rows.append(
            Metric(
                partner_id=code,
                indicator=indicator,
                value=value,
                unit=unit,
                period_start=start,
                period_end=end,
                period_open=is_open,
                kind=Metric.Kind.TARGET if target else Metric.Kind.ACTUAL,
                qualifier=_QUALIFIER.pick(rng),
                claimed_on=claimed,
                confidence=round(rng.uniform(0.55, 1.0), 2),
                reviewed=rng.random() < 0.1,
                extractor_version="bulk",
                fingerprint=ctx.fingerprint("metric", len(rows), rng.random()),
            )
        )
        label = Metric.Indicator(indicator).label.split(" (")[0]
        period = f"since {start}" if is_open else (f"in {start}-{end}" if end else f"in {start}")
        text = (
            f"{label} between Kazakhstan and {ctx.partner_names[code]} "
            f"{'should reach' if target else 'amounted to'} {value} {unit} {period}."
        )
        sentences.append(Sentence(text, "metric", 0, (code,), claimed))
    Metric.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for metric, sentence in zip(rows, sentences, strict=True):
        sentence.record_id = metric.pk
    _articles(ctx, sentences)


TOPIC_WORDS = [
    "trade",
    "energy",
    "transport and logistics",
    "agriculture",
    "investment",
    "digitalization",
    "education",
    "regional security",
    "water resources",
    "tourism",
]


def _org(ctx: Context) -> int:
    return ctx.rng.choice(ctx.organizations)


def _role_of(person: Person) -> str:
    # Set by _people() on the objects the generators reuse, so no query per meeting.
    return person.role_title


# --- Articles and evidence --------------------------------------------------------------

ARTICLES_PER_DOCUMENT = 50
# Share of sentences that report a record another article already covered (two outlets,
# one event), so that records have one to three evidence rows.
REPEAT_SHARE = 0.2


def _articles(ctx: Context, sentences: list[Sentence]) -> None:
    """Group sentences into articles of one to three, store them with their evidence."""
    rng = ctx.rng
    recent = ctx.recent.setdefault(sentences[0].kind, []) if sentences else []
    groups: list[list[Sentence]] = []
    queue = list(sentences)
    while queue:
        size = min(len(queue), rng.choice((1, 1, 1, 2, 2, 3)))
        group, queue = queue[:size], queue[size:]
        if rng.random() < REPEAT_SHARE:
            group.append(rng.choice(recent or sentences))
        groups.append(group)
    recent[:] = (recent + sentences)[-500:]

    documents = []
    for _ in range(0, len(groups), ARTICLES_PER_DOCUMENT):
        ctx.documents += 1
        documents.append(
            SourceDocument(
                name=f"bulk/{ctx.salt}/feed-{ctx.documents:06d}.txt",
                sha256=ctx.fingerprint("document", ctx.documents),
                size=0,
                extractor_version="bulk",
                complete=True,
            )
        )
    SourceDocument.objects.bulk_create(documents, batch_size=BATCH_SIZE)

    articles, spans = [], []
    for index, group in enumerate(groups):
        offsets, parts, cursor = [], [], 0
        for sentence in group:
            offsets.append((cursor, cursor + len(sentence.text)))
            parts.append(sentence.text)
            cursor += len(sentence.text) + 1
        text = " ".join(parts)
        dates = [s.date for s in group if s.date]
        ctx.articles += 1
        articles.append(
            Article(
                document=documents[index // ARTICLES_PER_DOCUMENT],
                position=index % ARTICLES_PER_DOCUMENT,
                title=group[0].text[:120].rstrip(" ,."),
                published=max(dates) if dates else _day(rng),
                publisher=rng.choice(PUBLISHERS),
                url=f"https://news.example.org/{ctx.salt}/{ctx.articles}",
                text=text,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
        spans.append((group, offsets))
    Article.objects.bulk_create(articles, batch_size=BATCH_SIZE)

    article_partners = Article.partners.through
    links, evidence = [], []
    for article, (group, offsets) in zip(articles, spans, strict=True):
        codes = sorted({code for sentence in group for code in sentence.partners})
        links += [article_partners(article_id=article.pk, country_id=code) for code in codes]
        for sentence, (start, end) in zip(group, offsets, strict=True):
            evidence.append(
                Evidence(
                    article_id=article.pk,
                    sentence=sentence.text,
                    start=start,
                    end=end,
                    fingerprint=ctx.fingerprint(sentence.kind, sentence.record_id),
                    **{f"{sentence.kind}_id": sentence.record_id},
                )
            )
    article_partners.objects.bulk_create(links, batch_size=BATCH_SIZE)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH_SIZE)
    ctx.evidence += len(evidence)
