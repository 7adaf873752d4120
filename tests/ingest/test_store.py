"""Storing extracted documents: idempotent, merging across sources, and respectful of curation."""

import datetime as dt
import hashlib
import threading

import pytest
from django.db import connection, connections

from ingest.records import (
    AgreementRecord,
    ArticleRecord,
    DateValue,
    DocumentRecord,
    MeetingRecord,
    MetricRecord,
    PersonMention,
)
from ingest.store import store_document
from relations import services
from relations.models import Agreement, Article, Evidence, Meeting, Metric, SourceDocument
from tests.spans import span_in

pytestmark = pytest.mark.django_db

VISIT = (
    "Foreign Minister Murat Nurtleu held talks with Hakan Fidan, Minister of Foreign Affairs "
    "of Türkiye, in Ankara on May 20, 2025."
)
TRADE = "Trade turnover between Kazakhstan and Türkiye reached $5 billion in 2024."
ROADMAP = "The ministers signed a roadmap on trade and economic cooperation."


def article(
    text: str = f"{VISIT} {TRADE} {ROADMAP}",
    *,
    position: int = 0,
    value: float = 5e9,
    date: str = "2025-05-20",
    meetings: bool = True,
    metric_partner: str = "TUR",
) -> ArticleRecord:
    """One article about the Nurtleu-Fidan talks, with a trade figure and a roadmap."""
    record = ArticleRecord(
        title=f"Kazakhstan and Türkiye discuss cooperation ({position})",
        text=text,
        position=position,
        published="2025-05-21",
        partners=["TUR"],
    )
    if meetings and VISIT in text:
        record.meetings.append(
            MeetingRecord(
                partners=["TUR"],
                date=DateValue(date, precision="day"),
                status="held",
                format="talks",
                evidence=span_in(text, VISIT),
                kz_people=[
                    PersonMention(
                        "Murat Nurtleu", "kz", "KAZ", "Foreign Minister", "foreign_minister"
                    )
                ],
                partner_people=[
                    PersonMention(
                        "Hakan Fidan",
                        "partner",
                        "TUR",
                        "Minister of Foreign Affairs",
                        "foreign_minister",
                    )
                ],
                location="Ankara",
                topics=["trade"],
            )
        )
    if ROADMAP in text:
        record.agreements.append(
            AgreementRecord(
                partners=["TUR"],
                title="roadmap on trade and economic cooperation",
                kind="roadmap",
                date=DateValue(date, precision="day"),
                status="signed",
                evidence=span_in(text, ROADMAP),
            )
        )
    if TRADE in text:
        record.metrics.append(
            MetricRecord(
                partner=metric_partner,
                indicator="trade_turnover",
                value=value,
                unit="USD",
                period_start=2024,
                period_end=None,
                period_open=False,
                kind="actual",
                qualifier="exact",
                evidence=span_in(text, TRADE),
                phrase="reached $5 billion",
            )
        )
    return record


def document(name: str, *articles: ArticleRecord, salt: str = "") -> DocumentRecord:
    body = "\n\n".join(a.text for a in articles) + salt
    return DocumentRecord(
        name=name,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        size=len(body),
        content_type="text",
        articles=list(articles),
    )


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (SourceDocument, Article, Meeting, Agreement, Metric, Evidence)
    )


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Every test needs the countries."""


def test_store_creates_everything_and_a_second_store_is_skipped():
    doc = document("a.txt", article())
    result = store_document(doc)
    assert (
        result.meetings["created"],
        result.agreements["created"],
        result.metrics["created"],
    ) == (1, 1, 1)
    assert not result.errors
    assert SourceDocument.objects.get().complete
    before = counts()
    assert before == (1, 1, 1, 1, 1, 3)
    again = store_document(doc)
    assert again.skipped == 1
    assert counts() == before


def test_a_changed_file_with_the_same_name_replaces_its_extractions():
    store_document(document("feed.txt", article()))
    changed = article(f"{VISIT} {ROADMAP}")  # the figure was edited out
    result = store_document(document("feed.txt", changed))
    assert not result.errors
    assert counts() == (1, 1, 1, 1, 0, 2)


def test_two_sources_of_one_meeting_and_figure_give_one_record_each_with_two_evidence():
    store_document(document("a.txt", article()))
    # Another outlet rounds the figure to $5.01 billion (within half a percent).
    store_document(document("b.txt", article(value=5.01e9), salt="b"))
    assert Meeting.objects.get().evidence.count() == 2
    assert Agreement.objects.get().evidence.count() == 2
    assert Metric.objects.get().evidence.count() == 2


def test_two_different_figures_for_the_same_thing_are_two_metrics():
    store_document(document("a.txt", article()))
    store_document(document("b.txt", article(value=4.4e9), salt="b"))
    assert Metric.objects.count() == 2


def test_a_failure_inside_one_article_rolls_back_only_that_article():
    good = article(position=0)
    bad = article(position=1, metric_partner="XXX")  # an unknown code, after its meeting
    result = store_document(document("feed.txt", good, bad))
    assert len(result.errors) == 1
    assert "article 2" in result.errors[0] and "XXX" in result.errors[0]
    assert list(Article.objects.values_list("position", flat=True)) == [0]
    assert Evidence.objects.filter(article__position=1).count() == 0
    document_row = SourceDocument.objects.get()
    assert not document_row.complete  # so the next run retries the failed article
    assert services.documents_unchanged(sha256s=[document_row.sha256]) == set()


def test_corrections_survive_re_ingest_of_the_same_and_new_documents():
    store_document(document("a.txt", article()))
    meeting, metric = Meeting.objects.get(), Metric.objects.get()
    services.record_correct(record=meeting, changes={"date": dt.date(2025, 5, 19)})
    services.record_correct(record=metric, changes={"kind": Metric.Kind.TARGET})
    store_document(document("a.txt", article()))
    store_document(document("b.txt", article(), salt="b"))
    store_document(document("a.txt", article(), salt="changed"))
    meeting.refresh_from_db()
    metric.refresh_from_db()
    assert Meeting.objects.count() == 1 and Metric.objects.count() == 1
    assert meeting.date == dt.date(2025, 5, 19)
    assert metric.kind == Metric.Kind.TARGET
    assert meeting.evidence.count() == 2 and metric.evidence.count() == 2


def test_a_rejected_meeting_stays_gone_after_re_ingest():
    store_document(document("a.txt", article()))
    services.record_reject(record=Meeting.objects.get())
    result = store_document(document("a.txt", article(), salt="changed"))
    store_document(document("b.txt", article(), salt="b"))
    assert result.meetings["rejected"] == 1
    assert not Meeting.objects.exists()
    assert Agreement.objects.count() == 1


def test_merged_meetings_stay_one_with_all_evidence_after_re_ingest():
    store_document(document("a.txt", article()))
    store_document(document("b.txt", article(date="2025-05-23"), salt="b"))
    target, other = Meeting.objects.order_by("pk")
    services.meeting_merge(target=target, others=[other])
    store_document(document("b.txt", article(date="2025-05-23"), salt="b, edited"))
    store_document(document("c.txt", article(date="2025-05-23"), salt="c"))
    assert Meeting.objects.count() == 1
    assert target.evidence.count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks held across two connections"
)
def test_an_admin_edit_during_an_ingest_in_another_connection_is_not_lost():
    store_document(document("a.txt", article(date="2025-05")))
    meeting = Meeting.objects.get()
    editing, saved = threading.Event(), threading.Event()

    def admin():
        try:
            from django.db import transaction

            with transaction.atomic():
                services.record_correct(record=meeting, changes={"location": "Astana"})
                editing.set()
                saved.wait(5)  # hold the row lock while the ingest runs
        finally:
            connections.close_all()

    thread = threading.Thread(target=admin)
    thread.start()
    assert editing.wait(5)
    ingest = threading.Thread(
        target=lambda: (
            store_document(document("b.txt", article(), salt="b")),
            connections.close_all(),
        )
    )
    ingest.start()
    ingest.join(0.5)
    assert ingest.is_alive()  # waiting for the admin's row lock, not overwriting
    saved.set()
    thread.join(5)
    ingest.join(10)
    meeting.refresh_from_db()
    assert meeting.location == "Astana"
    assert meeting.corrected_fields == ["location"]
    # The ingest still did its own work: a precise date and a second evidence link.
    assert (meeting.date, meeting.date_precision) == (dt.date(2025, 5, 20), "day")
    assert meeting.evidence.count() == 2


def test_an_ingested_record_has_one_history_row_with_its_partners_and_admin_edits_add_theirs(
    django_user_model,
):
    store_document(document("a.txt", article()))
    meeting = Meeting.objects.get()
    history = list(meeting.history.all())
    assert [row.history_type for row in history] == ["+"]
    assert [p.country_id for p in history[0].partners.all()] == ["TUR"]
    assert history[0].location == "Ankara"  # the stored state, not an empty first draft
    for model in (Agreement, Metric):
        assert [row.history_type for row in model.objects.get().history.all()] == ["+"]
    editor = django_user_model.objects.create_user("editor")
    services.record_correct(record=meeting, changes={"location": "Astana"}, user=editor)
    latest = meeting.history.first()
    assert (latest.history_type, latest.history_user, latest.location) == ("~", editor, "Astana")
    # Saves after the article's transaction record history as usual.
    assert meeting.history.count() == 2


def test_one_article_reporting_a_meeting_twice_stores_it_once_with_both_sentences():
    again = "Nurtleu and Fidan also discussed transport in Ankara on May 20, 2025."
    body = f"{VISIT} {again}"
    record = article(body)
    twin = MeetingRecord(**{**vars(record.meetings[0]), "evidence": span_in(body, again)})
    record.meetings.append(twin)
    result = store_document(document("a.txt", record))
    assert not result.errors
    assert (result.meetings["created"], result.meetings["updated"]) == (1, 1)
    assert Meeting.objects.get().evidence.count() == 2


def test_two_meetings_one_article_tells_apart_stay_two_events():
    body = f"{VISIT} The next round is planned in Astana in May 2025."
    record = article(body)
    second = MeetingRecord(
        **{
            **vars(record.meetings[0]),
            "date": DateValue("2025-05", precision="month"),
            "format": "consultations",
            "evidence": span_in(body, "The next round is planned in Astana in May 2025."),
            "kz_people": [],
            "partner_people": [],
        }
    )
    record.meetings.append(second)
    store_document(document("a.txt", record))
    assert Meeting.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_topic_recreated_during_a_run_is_linked_by_its_new_id():
    from relations.models import Topic

    with services.reference_cache():
        store_document(document("a.txt", article()))
        Topic.objects.filter(slug="trade").delete()
        Topic.objects.create(slug="trade", name="Trade")
        # The cached id is stale: the article's commit fails, the retry looks the topic up.
        result = store_document(document("b.txt", article(date="2025-06-20"), salt="b"))
    assert not result.errors
    assert [t.slug for t in Meeting.objects.get(date=dt.date(2025, 6, 20)).topics.all()] == [
        "trade"
    ]


@pytest.mark.django_db(transaction=True)
def test_in_an_ingest_session_a_commit_failing_on_a_stale_id_is_retried_and_nothing_half_kept():
    # In a session on PostgreSQL the article's INSERTs and its COMMIT travel with the flush;
    # a foreign key checked at COMMIT still fails only that attempt.
    from relations.models import Topic

    with services.reference_cache(), services.ingest_session():
        store_document(document("a.txt", article()))
        Topic.objects.filter(slug="trade").delete()
        Topic.objects.create(slug="trade", name="Trade")
        result = store_document(document("b.txt", article(date="2025-06-20"), salt="b"))
        later = store_document(document("c.txt", article(date="2025-07-20"), salt="c"))
    assert not result.errors and not later.errors
    assert not connection.in_atomic_block
    assert [t.slug for t in Meeting.objects.get(date=dt.date(2025, 6, 20)).topics.all()] == [
        "trade"
    ]
    assert Article.objects.count() == 3
    assert SourceDocument.objects.filter(complete=True).count() == 3


def test_a_run_refreshes_planner_statistics_each_time_the_articles_double(monkeypatch):
    refreshed = []
    monkeypatch.setattr(services, "statistics_refresh", lambda: refreshed.append(True))
    keeper = services.StatisticsKeeper()  # an empty database: the first at 250 articles
    for _ in range(999):
        keeper.add(1)
    assert len(refreshed) == 2  # at 250 and at 500; the next at 1,000
    keeper.add(1)
    assert len(refreshed) == 3


def test_one_article_stating_a_figure_twice_and_rounded_stores_it_once_beside_a_new_claim():
    rounded = "Bilateral trade came to about 5.01 billion US dollars last year."
    target = "The sides aim to bring trade to $10 billion in 2030."
    body = f"{TRADE} {rounded} {target}"
    record = article(body)
    (figure,) = record.metrics
    record.metrics += [
        MetricRecord(**{**vars(figure), "value": 5.01e9, "evidence": span_in(body, rounded)}),
        MetricRecord(
            **{
                **vars(figure),
                "value": 1e10,
                "kind": "target",
                "period_start": 2030,
                "evidence": span_in(body, target),
            }
        ),
        # The same sentence reported again by the extractor: no second evidence row.
        MetricRecord(**vars(figure)),
    ]
    result = store_document(document("a.txt", record))
    assert not result.errors
    assert (result.metrics["created"], result.metrics["updated"]) == (2, 1)
    actual, goal = Metric.objects.order_by("kind")
    assert (actual.kind, actual.value, actual.evidence.count()) == ("actual", 5e9, 2)
    assert (goal.kind, goal.value, goal.evidence.count()) == ("target", 1e10, 1)
    assert actual.history.count() == goal.history.count() == 1


def test_a_role_seen_again_in_later_articles_widens_its_span():
    from relations.models import PersonRole

    # The same talks reported with three dates: the role's span covers them all.
    for name, day in (("a.txt", "2025-05-20"), ("b.txt", "2025-07-01"), ("c.txt", "2025-01-09")):
        store_document(document(name, article(date=day), salt=name))

    role = PersonRole.objects.get(person__name="Murat Nurtleu")
    assert (role.title, role.level) == ("Foreign Minister", "foreign_minister")
    assert (role.start, role.end) == (dt.date(2025, 1, 9), dt.date(2025, 7, 1))
