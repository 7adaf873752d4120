"""An article is stored whole or not at all, and a rerun finishes what a failure left."""

import hashlib

import pytest

from ingest.records import (
    ArticleRecord,
    DateValue,
    DocumentRecord,
    MeetingRecord,
    MetricRecord,
    PersonMention,
)
from ingest.store import store_document
from relations.models import Article, Evidence, Meeting, Metric, SourceDocument
from tests.spans import span_in

TEXTS = [
    "On 12 May 2025 Kazakh Foreign Minister Murat Nurtleu met Turkish Foreign Minister "
    "Hakan Fidan in Ankara.",
    "President Tokayev held talks with President Xi Jinping in Astana on 2 July 2024. "
    "Trade between Kazakhstan and China reached $41 billion in 2024.",
    "Kazakhstan and France held political consultations in Paris on 3 March 2025.",
]
PARTNERS = ["TUR", "CHN", "FRA"]


def meeting(text: str, partner: str, day: str) -> MeetingRecord:
    first = text.split(". ")[0].rstrip(".") + "."
    return MeetingRecord(
        partners=[partner],
        date=DateValue(day, precision="day"),
        status="held",
        format="talks",
        evidence=span_in(text, first),
        kz_people=[PersonMention("Murat Nurtleu", "kz", "KAZ", "Minister of Foreign Affairs")],
    )


def document(trade_value: float) -> DocumentRecord:
    """Three articles; the second carries a trade figure of ``trade_value`` dollars."""
    days = ["2025-05-12", "2024-07-02", "2025-03-03"]
    articles = [
        ArticleRecord(
            title=text[:40],
            text=text,
            position=i,
            published=days[i],
            partners=[PARTNERS[i]],
            meetings=[meeting(text, PARTNERS[i], days[i])],
        )
        for i, text in enumerate(TEXTS)
    ]
    trade = "Trade between Kazakhstan and China reached $41 billion in 2024."
    articles[1].metrics.append(
        MetricRecord(
            partner="CHN",
            indicator="trade_turnover",
            value=trade_value,
            unit="USD",
            period_start=2024,
            period_end=None,
            period_open=False,
            kind="actual",
            qualifier="exact",
            evidence=span_in(TEXTS[1], trade),
            phrase="reached $41 billion",
        )
    )
    data = "\n\n".join(TEXTS).encode()
    return DocumentRecord(
        name="feed.txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type="text",
        articles=articles,
    )


@pytest.fixture
def failed_once(reference_data):
    """The feed stored once with a figure the database refuses (a negative trade value)."""
    return store_document(document(trade_value=-41e9))


def test_a_failing_record_takes_its_whole_article_back(failed_once):
    assert sorted(Article.objects.values_list("position", flat=True)) == [0, 2]
    assert not Meeting.objects.filter(partners="CHN").exists()
    assert not Metric.objects.exists()
    assert not Evidence.objects.filter(sentence__contains="Xi Jinping").exists()


def test_the_other_articles_are_stored_and_the_failure_is_one_line(failed_once):
    assert set(Meeting.objects.values_list("partners", flat=True)) == {"TUR", "FRA"}
    assert len(failed_once.errors) == 1
    assert failed_once.errors[0].startswith("feed.txt: article 2 (")
    assert "metric_value_not_negative" in failed_once.errors[0]
    assert failed_once.articles["failed"] == 1


def test_a_document_with_a_failed_article_stays_unfinished(failed_once):
    assert SourceDocument.objects.get().complete is False


def test_a_rerun_completes_the_document_without_duplicates(failed_once):
    result = store_document(document(trade_value=41e9))

    assert not result.errors
    assert SourceDocument.objects.get().complete is True
    assert sorted(Article.objects.values_list("position", flat=True)) == [0, 1, 2]
    assert Meeting.objects.count() == 3
    assert Metric.objects.count() == 1
    assert Evidence.objects.count() == 4
