"""The benchmark filler writes consistent data: counts asked for, constraints held, evidence
sentences found where their spans say, and it refuses to mix into a real database."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from relations import bulk
from relations.models import (
    HUB_CODE,
    Agreement,
    Article,
    Evidence,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
    SourceDocument,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(reference_data):
    return bulk.fill(meetings=300, agreements=60, metrics=150, partners=12, seed=7, batch_size=100)


def test_fill_writes_the_counts_asked_for(filled):
    assert Meeting.objects.count() == 300
    assert Agreement.objects.count() == 60
    assert Metric.objects.count() == 150
    assert filled["partners"] == 12
    partners = set(Meeting.objects.values_list("partners", flat=True))
    partners |= set(Metric.objects.values_list("partner", flat=True))
    assert len(partners) <= 12
    assert HUB_CODE not in partners


def test_every_record_has_partners_and_evidence(filled):
    assert not Meeting.objects.filter(partners__isnull=True).exists()
    assert not Agreement.objects.filter(parties__isnull=True).exists()
    assert not Meeting.objects.filter(evidence__isnull=True).exists()
    assert not Agreement.objects.filter(evidence__isnull=True).exists()
    assert not Metric.objects.filter(evidence__isnull=True).exists()
    assert Evidence.objects.count() == filled["evidence"] >= 510
    assert Article.objects.count() == filled["articles"]


def test_evidence_spans_point_at_their_sentence(filled):
    for item in Evidence.objects.select_related("article")[:200]:
        assert item.article.text[item.start : item.end] == item.sentence


def test_meetings_have_a_kazakh_and_a_partner_participant(filled):
    sides = (
        MeetingParticipant.objects.values("meeting")
        .annotate(n=Count("side", distinct=True))
        .filter(n=2)
    )
    assert sides.count() == 300
    kazakh = MeetingParticipant.objects.filter(side=MeetingParticipant.Side.KAZAKH)
    assert all(p.person.country_id == HUB_CODE for p in kazakh.select_related("person")[:50])


def test_the_busiest_partner_has_more_meetings_than_the_quietest(filled):
    counts = sorted(
        Meeting.partners.through.objects.values("country")
        .annotate(n=Count("*"))
        .values_list("n", flat=True)
    )
    assert counts[-1] > 3 * counts[0]


def test_the_same_seed_gives_the_same_data(reference_data):
    bulk.fill(meetings=20, agreements=5, metrics=5, partners=5, seed=3)
    first = list(Meeting.objects.order_by("pk").values_list("title", "date", "format"))
    for model in (Meeting, Agreement, Metric, Person, SourceDocument):
        model.objects.all().delete()
    bulk.fill(meetings=20, agreements=5, metrics=5, partners=5, seed=3)
    second = list(Meeting.objects.order_by("pk").values_list("title", "date", "format"))
    assert first == second


def test_command_refuses_a_database_with_records_unless_forced(reference_data):
    call_command("fill_database", meetings=10, agreements=2, metrics=2, partners=3)
    with pytest.raises(CommandError, match="--force"):
        call_command("fill_database", meetings=10, agreements=2, metrics=2, partners=3)
    call_command("fill_database", meetings=10, agreements=2, metrics=2, partners=3, force=True)
    assert Meeting.objects.count() == 20


# The benchmark's pages (bench/bench_pages.py), on the busiest partner so that every
# section of its page has rows at both sizes (an empty section skips its prefetches).
PAGES = [
    "/",
    "/countries/",
    "/countries/RUS/",
    "/countries/RUS/?status=held&format=talks&date_from=2010-01-01",
    "/meetings/?partner=RUS&format=talks&date_from=2010-01-01",
    "/agreements/",
    "/metrics/?partner=RUS",
]


def _query_counts(client) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for path in PAGES:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(captured.captured_queries)
    return counts


def test_page_query_counts_do_not_grow_with_the_data(reference_data, client):
    bulk.fill(meetings=80, agreements=30, metrics=30, partners=3, seed=1)
    small = _query_counts(client)
    bulk.fill(meetings=800, agreements=300, metrics=300, partners=3, seed=2)
    assert _query_counts(client) == small
