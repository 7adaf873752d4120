"""Database constraints back the domain's invariants on SQLite and PostgreSQL alike."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from relations.models import (
    Agreement,
    Article,
    Country,
    DatePrecision,
    Evidence,
    Meeting,
    Metric,
    Person,
    PersonRole,
    Rejection,
    SourceDocument,
)

pytestmark = pytest.mark.django_db


def violates(make):
    """True when creating the object breaks a database constraint."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def article(reference_data):
    doc = SourceDocument.objects.create(name="a.txt", sha256="a" * 64, size=10)
    return Article.objects.create(document=doc, title="T", text="Some text.", sha256="b" * 64)


def test_country_codes_are_three_upper_case_letters(reference_data):
    assert violates(lambda: Country.objects.create(code="tuX", alpha2="XX", name="Lower"))
    assert violates(lambda: Country.objects.create(code="TU", alpha2="XY", name="Short"))


def test_meeting_end_date_cannot_precede_start(reference_data):
    assert violates(
        lambda: Meeting.objects.create(
            date=dt.date(2026, 2, 4), date_end=dt.date(2026, 2, 3), date_precision="day"
        )
    )
    Meeting.objects.create(
        date=dt.date(2026, 2, 3), date_end=dt.date(2026, 2, 4), date_precision="day"
    )


def test_a_date_and_its_precision_go_together(reference_data):
    assert violates(lambda: Meeting.objects.create(date=None, date_precision=DatePrecision.DAY))
    assert violates(
        lambda: Meeting.objects.create(
            date=dt.date(2026, 1, 1), date_precision=DatePrecision.UNKNOWN
        )
    )
    Meeting.objects.create(date=None, date_precision=DatePrecision.UNKNOWN)
    Meeting.objects.create(date=dt.date(2026, 1, 1), date_precision=DatePrecision.YEAR)


def test_confidence_lies_between_zero_and_one(reference_data):
    assert violates(lambda: Agreement.objects.create(title="Plan", confidence=1.5))
    assert violates(lambda: Agreement.objects.create(title="Plan", confidence=-0.1))


def test_agreements_need_a_title(reference_data):
    assert violates(lambda: Agreement.objects.create(title=""))


def test_metric_rules(reference_data):
    def metric(**kwargs):
        values = {"partner_id": "HUN", "indicator": "trade_turnover", "value": 1, "unit": "USD"}
        return lambda: Metric.objects.create(**(values | kwargs))

    assert violates(metric(value=-5))
    assert violates(metric(partner_id="KAZ"))
    assert violates(metric(period_start=2025, period_end=2024))
    assert violates(metric(period_end=2024))
    assert violates(metric(period_open=True))
    assert violates(metric(period_open=True, period_start=2005, period_end=2025))
    assert not violates(metric(period_open=True, period_start=2005))
    assert Metric.objects.get(period_open=True).period_label == "2005-"


def test_evidence_points_at_exactly_one_record(article):
    meeting = Meeting.objects.create()
    agreement = Agreement.objects.create(title="Roadmap")

    def evidence(**kwargs):
        return lambda: Evidence.objects.create(
            article=article, sentence="Some text.", start=0, end=10, **kwargs
        )

    assert violates(evidence())
    assert violates(evidence(meeting=meeting, agreement=agreement))
    assert not violates(evidence(meeting=meeting))
    assert violates(evidence(meeting=meeting)), "the same span twice for one record"
    assert violates(
        lambda: Evidence.objects.create(
            article=article, meeting=meeting, sentence="x", start=5, end=5
        )
    )


def test_documents_are_unique_by_content_hash(reference_data):
    SourceDocument.objects.create(name="a.txt", sha256="c" * 64)
    assert violates(lambda: SourceDocument.objects.create(name="b.txt", sha256="c" * 64))
    assert violates(lambda: SourceDocument.objects.create(name="short.txt", sha256="abc"))


def test_articles_are_unique_by_position_in_their_document(article):
    assert violates(
        lambda: Article.objects.create(
            document=article.document, position=0, title="Again", text="x", sha256="d" * 64
        )
    )


def test_people_are_unique_by_name_within_a_country(reference_data):
    Person.objects.create(name="Hakan Fidan", key="hakan fidan", country_id="TUR")
    assert violates(
        lambda: Person.objects.create(name="Hakan Fidan", key="hakan fidan", country_id="TUR")
    )
    Person.objects.create(name="Hakan Fidan", key="hakan fidan", country_id="AZE")
    Person.objects.create(name="A. Klimchuk", key="a. klimchuk")
    assert violates(lambda: Person.objects.create(name="A. Klimchuk", key="a. klimchuk"))


def test_a_role_ends_after_it_starts(reference_data):
    person = Person.objects.create(name="Murat Nurtleu", key="murat nurtleu", country_id="KAZ")
    assert violates(
        lambda: PersonRole.objects.create(
            person=person,
            title="Minister of Foreign Affairs",
            start=dt.date(2025, 1, 1),
            end=dt.date(2023, 9, 1),
        )
    )


def test_a_rejection_is_recorded_once_per_fingerprint(db):
    Rejection.objects.create(record_type="meeting", fingerprint="f" * 64)
    assert violates(lambda: Rejection.objects.create(record_type="meeting", fingerprint="f" * 64))
    Rejection.objects.create(record_type="metric", fingerprint="f" * 64)
