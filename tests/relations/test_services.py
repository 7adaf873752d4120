"""Write services: matching the same event across articles, and the rules that keep human work."""

import datetime as dt
from decimal import Decimal

import pytest

from relations import services
from relations.models import (
    Agreement,
    Article,
    Evidence,
    Level,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
    PersonRole,
    Rejection,
    SourceDocument,
)
from relations.services import PersonFacts, SpanFacts

pytestmark = pytest.mark.django_db

TALKS = (
    "President Kassym-Jomart Tokayev held talks with President Recep Tayyip Erdogan in Ankara "
    "on May 20, 2025."
)
TALKS_AGAIN = "On May 20 the two presidents discussed trade and energy in Ankara."


def make_article(name: str, text: str = TALKS, published=dt.date(2025, 5, 21)) -> Article:
    sha = (name.encode().hex() * 64)[:64]
    document, _ = services.document_store(name=name, sha256=sha, size=len(text))
    article, _ = services.article_upsert(
        document=document,
        position=0,
        title=f"Article {name}",
        text=text,
        published=published,
        partners=["TUR"],
    )
    return article


def span(text: str) -> list[SpanFacts]:
    return [SpanFacts(sentence=text, start=0, end=len(text))]


TOKAYEV = PersonFacts(
    name="Kassym-Jomart Tokayev",
    side="kz",
    country="KAZ",
    role="President of Kazakhstan",
    level=Level.HEAD_OF_STATE,
)
ERDOGAN = PersonFacts(
    name="Recep Tayyip Erdogan",
    side="partner",
    country="TUR",
    role="President of Türkiye",
    level=Level.HEAD_OF_STATE,
)


def talks(article: Article, **overrides):
    values = {
        "article": article,
        "partners": ["TUR"],
        "evidence": span(TALKS),
        "date": dt.date(2025, 5, 20),
        "date_precision": "day",
        "format": Meeting.Format.TALKS,
        "location": "Ankara",
        "people": [TOKAYEV, ERDOGAN],
        "topics": ["trade"],
    }
    values.update(overrides)
    return services.meeting_upsert(**values)


def figure(article: Article, value=Decimal("5000000000"), **overrides):
    values = {
        "article": article,
        "partner": "TUR",
        "indicator": Metric.Indicator.TRADE_TURNOVER,
        "value": value,
        "unit": "USD",
        "period_start": 2024,
        "evidence": span("Trade turnover reached $5 billion in 2024."),
    }
    values.update(overrides)
    return services.metric_upsert(**values)


@pytest.fixture
def first(reference_data):
    return make_article("first.txt")


@pytest.fixture
def second(reference_data):
    return make_article("second.txt", text=TALKS_AGAIN)


def test_a_meeting_is_created_with_people_level_topics_and_evidence(first):
    meeting, outcome = talks(first)
    assert outcome == services.CREATED
    assert meeting.level == Level.HEAD_OF_STATE
    assert list(meeting.partners.values_list("code", flat=True)) == ["TUR"]
    assert list(meeting.topics.values_list("slug", flat=True)) == ["trade"]
    assert meeting.participants.count() == 2
    assert meeting.evidence.get().article == first
    assert len(meeting.fingerprint) == 64


def test_the_same_extraction_again_changes_nothing(first):
    meeting, _ = talks(first)
    again, outcome = talks(first)
    assert (again.pk, outcome) == (meeting.pk, services.UNCHANGED)
    assert Evidence.objects.count() == 1


def test_the_same_talks_in_two_articles_are_one_meeting_with_two_evidence(first, second):
    meeting, _ = talks(first)
    # Another outlet: no location, a different sentence, one of the two presidents named.
    other, outcome = talks(second, evidence=span(TALKS_AGAIN), location="", people=[TOKAYEV])
    assert (other.pk, outcome) == (meeting.pk, services.UPDATED)
    assert Meeting.objects.count() == 1
    assert meeting.evidence.count() == 2


def test_a_multi_day_visit_matches_a_report_a_day_off(first, second):
    visit, _ = talks(first, format=Meeting.Format.VISIT, date_end=dt.date(2025, 5, 22))
    again, _ = talks(second, format=Meeting.Format.VISIT, date=dt.date(2025, 5, 21), people=[])
    assert again.pk == visit.pk


def test_talks_with_the_same_partner_on_different_days_stay_apart(first, second):
    talks(first)
    talks(second, date=dt.date(2025, 9, 3), people=[])
    assert Meeting.objects.count() == 2


def test_a_month_only_report_matches_the_dated_meeting_and_the_date_keeps_its_precision(
    first, second
):
    meeting, _ = talks(first, date=dt.date(2025, 5, 1), date_precision="month")
    again, _ = talks(second)
    again.refresh_from_db()
    assert again.pk == meeting.pk
    assert (again.date, again.date_precision) == (dt.date(2025, 5, 20), "day")


def test_same_figure_from_two_sources_is_one_metric_with_two_evidence(first, second):
    metric, _ = figure(first)
    # "about $5.02 billion" is within half a percent.
    again, outcome = figure(second, value=Decimal("5020000000"))
    assert (again.pk, outcome) == (metric.pk, services.UPDATED)
    assert metric.evidence.count() == 2


def test_two_different_figures_for_the_same_thing_are_two_metrics(first, second):
    figure(first)
    figure(second, value=Decimal("4400000000"))
    assert Metric.objects.count() == 2


def test_the_same_agreement_in_two_articles_is_one(first, second):
    signed, _ = services.agreement_upsert(
        article=first,
        partners=["TUR"],
        title="Roadmap for trade and economic cooperation",
        evidence=span("The sides signed a roadmap."),
        kind="roadmap",
        date=dt.date(2025, 5, 20),
        date_precision="day",
    )
    again, _ = services.agreement_upsert(
        article=second,
        partners=["TUR", "AZE"],
        title="roadmap on trade and economic cooperation for 2025-2027",
        evidence=span("A roadmap was signed."),
        kind="roadmap",
        date=dt.date(2025, 5, 1),
        date_precision="month",
    )
    assert again.pk == signed.pk
    assert set(signed.parties.values_list("code", flat=True)) == {"TUR", "AZE"}


def test_person_is_learnt_once_and_role_dates_widen(reference_data):
    services.person_upsert(
        name="Murat Nurtleu",
        country="KAZ",
        role="Foreign Minister",
        level=Level.FOREIGN_MINISTER,
        seen_on=dt.date(2025, 3, 1),
    )
    person = services.person_upsert(
        name="MURAT  Nurtleu", country="KAZ", role="Foreign Minister", seen_on=dt.date(2024, 1, 5)
    )
    services.person_upsert(
        name="Murat Nurtleu", country="KAZ", role="Foreign Minister", seen_on=dt.date(2025, 6, 2)
    )
    assert Person.objects.count() == 1
    assert person.name_variants == ["MURAT Nurtleu"]
    role = PersonRole.objects.get()
    assert (role.start, role.end, role.level) == (
        dt.date(2024, 1, 5),
        dt.date(2025, 6, 2),
        Level.FOREIGN_MINISTER,
    )


def test_namesakes_in_two_countries_are_two_people(reference_data):
    services.person_upsert(name="Ali Khan", country="PAK")
    services.person_upsert(name="Ali Khan", country="AFG")
    assert Person.objects.count() == 2


def test_changed_file_replaces_its_extractions_but_keeps_corrected_records(reference_data):
    old = make_article("feed.txt")
    kept, _ = talks(old)
    gone, _ = figure(old)
    services.record_correct(record=kept, changes={"location": "Astana"})
    document, status = services.document_store(name="feed.txt", sha256="f" * 64, size=1)
    assert status == "replaced"
    assert not SourceDocument.objects.exclude(pk=document.pk).exists()
    assert not Metric.objects.filter(pk=gone.pk).exists()
    assert Meeting.objects.filter(pk=kept.pk).exists()
    assert not Evidence.objects.exists()


def test_a_corrected_field_is_never_overwritten_and_new_evidence_still_attaches(first, second):
    meeting, _ = talks(first, date=dt.date(2025, 5, 1), date_precision="month", location="")
    services.record_correct(record=meeting, changes={"date": dt.date(2025, 6, 2)})
    meeting.refresh_from_db()
    assert meeting.corrected_fields == ["date"]
    # A re-extraction of the first article's facts: matched by fingerprint despite the new date.
    again, _ = talks(second, date=dt.date(2025, 5, 1), date_precision="month", location="Ankara")
    again.refresh_from_db()
    assert again.pk == meeting.pk
    assert again.date == dt.date(2025, 6, 2)
    assert again.location == "Ankara"  # not corrected, so ingest may still fill it in
    assert again.evidence.count() == 2


def test_a_corrected_metric_kind_stands(first, second):
    metric, _ = figure(first)
    services.record_correct(record=metric, changes={"kind": Metric.Kind.TARGET})
    again, _ = figure(second)
    again.refresh_from_db()
    assert again.pk == metric.pk
    assert again.kind == Metric.Kind.TARGET


def test_a_rejected_record_is_never_recreated(first, second):
    meeting, _ = talks(first)
    services.record_reject(record=meeting)
    assert Rejection.objects.filter(record_type="meeting", merged_into_id=None).exists()
    again, outcome = talks(second)
    assert (again, outcome) == (None, services.REJECTED)
    assert not Meeting.objects.exists()


def test_merge_moves_everything_and_re_extraction_lands_on_the_survivor(reference_data):
    a, b, c = (make_article(n) for n in ("a.txt", "b.txt", "c.txt"))
    target, _ = talks(a)
    other, _ = talks(
        b, date=dt.date(2025, 5, 25), people=[ERDOGAN], topics=["energy"], partners=["TUR", "AZE"]
    )
    assert other.pk != target.pk
    services.meeting_merge(target=target, others=[other])
    assert not Meeting.objects.filter(pk=other.pk).exists()
    assert target.evidence.count() == 2
    assert set(target.topics.values_list("slug", flat=True)) == {"trade", "energy"}
    assert set(target.partners.values_list("code", flat=True)) == {"TUR", "AZE"}
    assert Rejection.objects.get(fingerprint=other.fingerprint).merged_into_id == target.pk
    again, _ = talks(c, date=dt.date(2025, 5, 25), people=[ERDOGAN], partners=["TUR", "AZE"])
    assert again.pk == target.pk
    assert Meeting.objects.count() == 1


def test_metric_and_agreement_merge(first, second):
    a, _ = figure(first)
    b, _ = figure(second, value=Decimal("4400000000"))
    services.metric_merge(target=a, others=[b])
    assert Metric.objects.get().evidence.count() == 2
    x, _ = services.agreement_upsert(
        article=first,
        partners=["TUR"],
        title="Memorandum on tourism",
        evidence=span("A memorandum on tourism was signed."),
    )
    y, _ = services.agreement_upsert(
        article=second,
        partners=["TUR"],
        title="Visa treaty",
        evidence=span("A visa treaty was signed."),
    )
    services.agreement_merge(target=x, others=[y])
    assert Agreement.objects.get().evidence.count() == 2


def test_person_merge_moves_participations_and_remembers_names(first):
    meeting, _ = talks(first)
    spelled = services.person_upsert(
        name="Kassym Jomart Tokayev", country="KAZ", role="Head of State"
    )
    tokayev = Person.objects.get(key="kassym-jomart tokayev")
    services.person_merge(target=tokayev, others=[spelled])
    spelled.refresh_from_db()
    tokayev.refresh_from_db()
    assert spelled.merged_into == tokayev
    assert "Kassym Jomart Tokayev" in tokayev.name_variants
    assert set(tokayev.roles.values_list("title", flat=True)) == {
        "President of Kazakhstan",
        "Head of State",
    }
    # The merged-away spelling now resolves to the survivor.
    assert services.person_upsert(name="Kassym Jomart Tokayev", country="KAZ") == tokayev
    assert MeetingParticipant.objects.filter(meeting=meeting, person=tokayev).exists()


def test_mark_reviewed(first):
    meeting, _ = talks(first)
    metric, _ = figure(first)
    assert services.record_mark_reviewed(records=[meeting, metric]) == 2
    assert Meeting.objects.get().reviewed and Metric.objects.get().reviewed


def test_fingerprint_is_stable_and_not_recomputed_after_correction(first):
    meeting, _ = talks(first)
    before = meeting.fingerprint
    services.record_correct(record=meeting, changes={"format": Meeting.Format.VISIT})
    meeting.refresh_from_db()
    assert (
        meeting.fingerprint
        == before
        == services.meeting_fingerprint(
            partners=["TUR"], date=dt.date(2025, 5, 20), date_precision="day", format="talks"
        )
    )


def test_a_figure_with_float_noise_is_stored_rounded(first):
    metric, _ = figure(first, value=1.2e9 * 1.1)  # 1320000000.0000002
    metric.refresh_from_db()
    assert metric.value == Decimal("1320000000")


def test_corrected_partners_are_not_widened_by_ingest(first, second):
    meeting, _ = talks(first)
    services.record_correct(record=meeting, changes={"partners": ["TUR"]})
    talks(second, partners=["TUR", "AZE"])
    assert list(meeting.partners.values_list("code", flat=True)) == ["TUR"]
    assert meeting.evidence.count() == 2
