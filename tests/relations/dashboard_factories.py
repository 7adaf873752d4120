"""Small factories for the dashboard tests: real sentences, records tied to their evidence.

Data is created directly (model_bakery for the plumbing), not through the ingest
pipeline, so that page and export tests do not depend on extraction quality.
"""

import datetime
import hashlib
import itertools
from decimal import Decimal

from model_bakery import baker

from relations.models import (
    Agreement,
    Article,
    Country,
    DatePrecision,
    Evidence,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
    SourceDocument,
    Topic,
)

_counter = itertools.count(1)


def _sha(text: str) -> str:
    return hashlib.sha256(f"{text}-{next(_counter)}".encode()).hexdigest()


def make_article(
    text: str,
    *,
    partners: list[str],
    title: str = "Kazakhstan and Türkiye deepen cooperation",
    published: datetime.date | None = datetime.date(2025, 5, 20),
    publisher: str = "Kazinform",
) -> Article:
    """An article (with its source document) reporting on ``partners``."""
    document = baker.make(SourceDocument, name=f"doc-{next(_counter)}.txt", sha256=_sha(text))
    article = Article.objects.create(
        document=document,
        title=title,
        published=published,
        publisher=publisher,
        url=f"https://example.org/news/{next(_counter)}",
        text=text,
        sha256=_sha(text),
    )
    article.partners.set(partners)
    return article


def add_evidence(article: Article, sentence: str, **record) -> Evidence:
    """Evidence for ``record`` (meeting=..., agreement=... or metric=...) at the sentence."""
    start = article.text.index(sentence)
    return Evidence.objects.create(
        article=article, sentence=sentence, start=start, end=start + len(sentence), **record
    )


def make_person(name: str, country: str | None) -> Person:
    key = name.lower()
    person = Person.objects.filter(key=key, country_id=country).first()
    return person or Person.objects.create(name=name, key=key, country_id=country)


def make_meeting(
    partner: str,
    *,
    date: datetime.date | None,
    title: str,
    status: str = Meeting.Status.HELD,
    format: str = Meeting.Format.TALKS,
    level: str = "head_of_state",
    location: str = "",
    people: list[tuple[str, str, str | None, str]] = (),
    topics: list[str] = (),
    article: Article | None = None,
    sentence: str | None = None,
) -> Meeting:
    """A meeting with participants (name, side, country, role), topics and evidence."""
    meeting = Meeting.objects.create(
        title=title,
        date=date,
        date_precision=DatePrecision.DAY if date else DatePrecision.UNKNOWN,
        status=status,
        format=format,
        level=level,
        location=location,
    )
    meeting.partners.set([partner])
    if topics:
        meeting.topics.set(Topic.objects.filter(slug__in=topics))
    for name, side, country, role in people:
        MeetingParticipant.objects.create(
            meeting=meeting, person=make_person(name, country), side=side, role=role
        )
    if article and sentence:
        add_evidence(article, sentence, meeting=meeting)
    return meeting


def make_agreement(
    partner: str,
    *,
    title: str,
    date: datetime.date | None,
    status: str = Agreement.Status.SIGNED,
    kind: str = Agreement.Kind.MEMORANDUM,
    meeting: Meeting | None = None,
    article: Article | None = None,
    sentence: str | None = None,
) -> Agreement:
    """An agreement with its party and evidence."""
    agreement = Agreement.objects.create(
        title=title,
        date=date,
        date_precision=DatePrecision.DAY if date else DatePrecision.UNKNOWN,
        status=status,
        kind=kind,
        meeting=meeting,
    )
    agreement.parties.set([partner])
    if article and sentence:
        add_evidence(article, sentence, agreement=agreement)
    return agreement


def make_metric(
    partner: str,
    *,
    value: int | str,
    year: int | None,
    indicator: str = Metric.Indicator.TRADE_TURNOVER,
    kind: str = Metric.Kind.ACTUAL,
    unit: str = "USD",
    article: Article | None = None,
    sentence: str | None = None,
    claimed_on: datetime.date | None = datetime.date(2025, 5, 20),
) -> Metric:
    """A figure as one source claims it."""
    metric = Metric.objects.create(
        partner_id=partner,
        indicator=indicator,
        value=Decimal(value),
        unit=unit,
        period_start=year,
        kind=kind,
        claimed_on=claimed_on,
    )
    if article and sentence:
        add_evidence(article, sentence, metric=metric)
    return metric


TUR_TEXT = (
    "Kazakhstan and Türkiye deepen cooperation\n\n"
    "President Kassym-Jomart Tokayev held talks with President of Türkiye Recep Tayyip "
    "Erdoğan in Ankara on May 20, 2025. "
    "The parties signed a Memorandum on cooperation in the field of energy. "
    "Trade turnover between the two countries reached 4.6 billion US dollars in 2024. "
    "The leaders set the goal of bringing trade to 10 billion US dollars by 2030. "
    "Foreign Minister Murat Nurtleu will visit Istanbul in the autumn."
)
TUR_SENTENCES = {
    "talks": "President Kassym-Jomart Tokayev held talks with President of Türkiye Recep "
    "Tayyip Erdoğan in Ankara on May 20, 2025.",
    "memo": "The parties signed a Memorandum on cooperation in the field of energy.",
    "trade": "Trade turnover between the two countries reached 4.6 billion US dollars in 2024.",
    "target": "The leaders set the goal of bringing trade to 10 billion US dollars by 2030.",
    "visit": "Foreign Minister Murat Nurtleu will visit Istanbul in the autumn.",
}
HUN_TEXT = (
    "Kazakhstan and Hungary discuss trade\n\n"
    "Ambassador Abzal Saparbekuly met State Secretary Levente Magyar in Budapest. "
    "According to Hungarian statistics, trade turnover amounted to 1.2 billion US dollars in 2024."
)


def populate(scale: int = 1) -> dict:
    """Records for Türkiye and Hungary; ``scale`` multiplies the rows (for query counts)."""
    tur = make_article(TUR_TEXT, partners=["TUR"])
    second_source = make_article(
        "Trade between Kazakhstan and Türkiye stood at 4.4 billion dollars in 2024, "
        "the national statistics bureau said.",
        partners=["TUR"],
        title='=HYPERLINK("http://evil.example") trade statistics',
        publisher="Daily Sabah",
        published=datetime.date(2025, 2, 1),
    )
    hun = make_article(HUN_TEXT, partners=["HUN"], title="Kazakhstan and Hungary discuss trade")
    created = {"articles": [tur, second_source, hun], "meetings": [], "agreements": []}
    for i in range(scale):
        day = datetime.date(2025, 5, 20) - datetime.timedelta(days=40 * i)
        talks = make_meeting(
            "TUR",
            date=day,
            title=f"Tokayev – Erdoğan talks in Ankara #{i}" if i else "Tokayev – Erdoğan talks",
            location="Ankara",
            people=[
                ("Kassym-Jomart Tokayev", "kz", "KAZ", "President"),
                ("Recep Tayyip Erdoğan", "partner", "TUR", "President of Türkiye"),
            ],
            topics=["energy", "trade"],
            article=tur if i == 0 else None,
            sentence=TUR_SENTENCES["talks"] if i == 0 else None,
        )
        created["meetings"].append(talks)
        created["meetings"].append(
            make_meeting(
                "TUR",
                date=datetime.date(2025, 10, 1) + datetime.timedelta(days=i),
                title=f"Nurtleu visit to Istanbul #{i}",
                status=Meeting.Status.PLANNED,
                format=Meeting.Format.VISIT,
                level="foreign_minister",
                location="Istanbul",
                people=[("Murat Nurtleu", "kz", "KAZ", "Foreign Minister")],
                article=tur if i == 0 else None,
                sentence=TUR_SENTENCES["visit"] if i == 0 else None,
            )
        )
        created["agreements"].append(
            make_agreement(
                "TUR",
                title=f"Memorandum on cooperation in the field of energy #{i}",
                date=day,
                meeting=talks,
                article=tur if i == 0 else None,
                sentence=TUR_SENTENCES["memo"] if i == 0 else None,
            )
        )
        created["meetings"].append(
            make_meeting(
                "HUN",
                date=datetime.date(2024, 3, 5) + datetime.timedelta(days=i),
                title=f"Saparbekuly – Magyar meeting #{i}",
                format=Meeting.Format.TALKS,
                level="ambassador",
                location="Budapest",
                people=[
                    ("Abzal Saparbekuly", "kz", "KAZ", "Ambassador"),
                    ("Levente Magyar", "partner", "HUN", "State Secretary"),
                ],
                topics=["trade"],
                article=hun if i == 0 else None,
                sentence=(
                    "Ambassador Abzal Saparbekuly met State Secretary Levente Magyar in Budapest."
                    if i == 0
                    else None
                ),
            )
        )
        make_metric(
            "TUR",
            value=4_600_000_000 + i,
            year=2024 - i,
            article=tur if i == 0 else None,
            sentence=TUR_SENTENCES["trade"] if i == 0 else None,
        )
    # A second source disagrees about the same year: both claims must be shown.
    make_metric(
        "TUR",
        value=4_400_000_000,
        year=2024,
        article=second_source,
        sentence=second_source.text,
        claimed_on=datetime.date(2025, 2, 1),
    )
    make_metric(
        "TUR",
        value=10_000_000_000,
        year=2030,
        kind=Metric.Kind.TARGET,
        article=tur,
        sentence=TUR_SENTENCES["target"],
    )
    make_metric(
        "HUN",
        value=1_200_000_000,
        year=2024,
        article=hun,
        sentence="According to Hungarian statistics, trade turnover amounted to 1.2 billion US "
        "dollars in 2024.",
    )
    return created


def country(code: str) -> Country:
    return Country.objects.get(code=code)
