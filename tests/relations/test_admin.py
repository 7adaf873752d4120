"""The admin as editors use it: every page renders, the review queue comes first, edits are
remembered as corrections, deletes are rejections and merges keep every evidence link."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.urls import reverse

from relations.models import (
    Agreement,
    Article,
    Evidence,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
    PersonRole,
    Rejection,
    SourceDocument,
)

TEXT = (
    "Kazakh Foreign Minister Murat Nurtleu held talks with Turkish Foreign Minister Hakan Fidan "
    "in Ankara on 14 May 2025. "
    "The ministers discussed trade, energy and transport links across the Caspian Sea. "
    "Trade turnover between Kazakhstan and Türkiye reached 5 billion US dollars in 2024. "
    "The sides agreed to bring trade turnover to 10 billion US dollars. "
    "A memorandum on cooperation in the energy sector was signed after the talks."
)
SECOND_TEXT = (
    "On 14 May 2025 in Ankara, Murat Nurtleu and Hakan Fidan reviewed the implementation of "
    "agreements reached by the presidents of Kazakhstan and Türkiye. "
    "According to the Turkish side, trade turnover in 2024 amounted to 4.1 billion US dollars."
)


RELATIONS_MODELS = [m for m in admin.site._registry if m._meta.app_label == "relations"]


def sentence(text: str, start_words: str) -> tuple[str, int, int]:
    start = text.index(start_words)
    end = text.index(".", start) + 1
    return text[start:end], start, end


def make_article(name: str, text: str, position: int = 0) -> Article:
    document = SourceDocument.objects.create(
        name=name, sha256=name.encode().hex().ljust(64, "0")[:64], size=len(text)
    )
    return Article.objects.create(
        document=document,
        position=position,
        title=text.split(".")[0][:80],
        text=text,
        published=dt.date(2025, 5, 14),
        sha256=name.encode().hex().rjust(64, "1")[:64],
    )


def cite(record, article: Article, start_words: str) -> Evidence:
    text, start, end = sentence(article.text, start_words)
    field = record._meta.model_name
    return Evidence.objects.create(
        article=article, sentence=text, start=start, end=end, **{field: record}
    )


def make_meeting(article: Article, **values) -> Meeting:
    values = {
        "title": "Nurtleu – Fidan talks",
        "date": dt.date(2025, 5, 14),
        "date_precision": "day",
        "status": "held",
        "format": "talks",
        "level": "foreign_minister",
        "location": "Ankara",
        "confidence": 0.9,
        "fingerprint": "m" * 64,
        **values,
    }
    meeting = Meeting.objects.create(**values)
    meeting.partners.set(["TUR"])
    return meeting


@pytest.fixture
def people(reference_data):
    nurtleu = Person.objects.create(name="Murat Nurtleu", key="murat nurtleu", country_id="KAZ")
    PersonRole.objects.create(
        person=nurtleu,
        title="Minister of Foreign Affairs",
        level="foreign_minister",
        country_id="KAZ",
    )
    fidan = Person.objects.create(name="Hakan Fidan", key="hakan fidan", country_id="TUR")
    return nurtleu, fidan


@pytest.fixture
def article(reference_data):
    return make_article("ankara.txt", TEXT)


@pytest.fixture
def meeting(article, people):
    meeting = make_meeting(article)
    nurtleu, fidan = people
    MeetingParticipant.objects.create(
        meeting=meeting,
        person=nurtleu,
        side="kz",
        role="Foreign Minister",
        level="foreign_minister",
    )
    MeetingParticipant.objects.create(
        meeting=meeting,
        person=fidan,
        side="partner",
        role="Foreign Minister",
        level="foreign_minister",
    )
    cite(meeting, article, "Kazakh Foreign Minister")
    return meeting


@pytest.fixture
def metric(article):
    metric = Metric.objects.create(
        partner_id="TUR",
        indicator="trade_turnover",
        value=Decimal("5000000000"),
        unit="USD",
        period_start=2024,
        kind="actual",
        confidence=0.9,
        fingerprint="t" * 64,
    )
    cite(metric, article, "Trade turnover")
    return metric


@pytest.fixture
def agreement(article):
    agreement = Agreement.objects.create(
        title="Memorandum on cooperation in the energy sector",
        kind="memorandum",
        date=dt.date(2025, 5, 14),
        date_precision="day",
        confidence=0.9,
        fingerprint="a" * 64,
    )
    agreement.parties.set(["TUR"])
    cite(agreement, article, "A memorandum")
    return agreement


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "x")


@pytest.fixture
def staff(client, superuser):
    client.force_login(superuser)
    return client


def change_url(record) -> str:
    return reverse(f"admin:relations_{record._meta.model_name}_change", args=[record.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:relations_{model._meta.model_name}_changelist")


def form_data(response) -> dict:
    """The POST body the change form would send as rendered: every field at its value."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def edit(client, record, **changes):
    """Open the record's change form, change some fields, save; returns the response."""
    page = client.get(change_url(record))
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    return client.post(change_url(record), data)


def run_action(client, model, action: str, records, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(r.pk) for r in records], **extra}
    return client.post(changelist_url(model), data)


# --- Pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", RELATIONS_MODELS, ids=lambda m: m.__name__)
def test_every_registered_model_has_a_working_list_and_add_page(
    staff, meeting, metric, agreement, model
):
    assert staff.get(changelist_url(model)).status_code == 200
    assert staff.get(changelist_url(model) + "?q=Fidan").status_code == 200
    add = reverse(f"admin:relations_{model._meta.model_name}_add")
    assert staff.get(add).status_code in {200, 403}


@pytest.mark.parametrize("model", RELATIONS_MODELS, ids=lambda m: m.__name__)
def test_every_change_page_renders(staff, meeting, metric, agreement, model):
    Rejection.objects.create(record_type="meeting", fingerprint="f" * 64, summary="Old talks")
    record = model.objects.first()
    assert staff.get(change_url(record)).status_code == 200


def test_meeting_page_shows_participants_and_evidence_linking_to_the_highlighted_article(
    staff, meeting, article
):
    evidence = meeting.evidence.get()

    page = staff.get(change_url(meeting)).content.decode()

    assert "Hakan Fidan" in page
    assert evidence.sentence in page
    assert f'href="/articles/{article.pk}/#ev-{evidence.pk}"' in page


def test_every_filter_of_the_meeting_list_answers(staff, meeting):
    for query in (
        "needs_review=any",
        "needs_review=date",
        "needs_review=no",
        "reviewed__exact=0",
        "partners__code__exact=TUR",
        "status__exact=held",
        "format__exact=talks",
        "date__year=2025",
    ):
        response = staff.get(changelist_url(Meeting) + "?" + query)
        assert response.status_code == 200, query


def grow(article, people, size: int) -> None:
    """``size`` meetings, agreements and figures, each with evidence and people."""
    nurtleu, fidan = people
    for n in range(size):
        meeting = make_meeting(article, fingerprint=f"{n:064d}", confidence=0.3 + n / 100)
        MeetingParticipant.objects.create(meeting=meeting, person=nurtleu, side="kz")
        MeetingParticipant.objects.create(meeting=meeting, person=fidan, side="partner")
        cite(meeting, article, "Kazakh Foreign Minister")
        agreement = Agreement.objects.create(title=f"Plan {n}", fingerprint=f"{n:064d}")
        agreement.parties.set(["TUR", "AZE"])
        cite(agreement, article, "A memorandum")
        metric = Metric.objects.create(
            partner_id="TUR", indicator="exports", value=n + 1, period_start=2000 + n
        )
        cite(metric, article, "Trade turnover")


@pytest.mark.parametrize(
    "model", [Meeting, Agreement, Metric, Person, Article, Evidence, SourceDocument]
)
@pytest.mark.parametrize("size", [2, 10])
def test_lists_take_a_fixed_number_of_queries(
    staff, article, people, model, size, django_assert_max_num_queries
):
    grow(article, people, size)
    with django_assert_max_num_queries(12):
        assert staff.get(changelist_url(model)).status_code == 200


def test_a_search_matching_several_people_lists_each_meeting_once(staff, meeting):
    # "a" is in the place, both people's names and the partner: the joined rows multiply.
    response = staff.get(changelist_url(Meeting), {"q": "a"})
    filtered = staff.get(changelist_url(Meeting), {"partners__code__exact": "TUR", "q": "a"})

    assert list(response.context["cl"].result_list) == [meeting]
    assert list(filtered.context["cl"].result_list) == [meeting]


def test_partner_autocomplete_never_offers_kazakhstan(staff, meeting):
    url = reverse("admin:autocomplete")
    params = {"app_label": "relations", "model_name": "meeting", "field_name": "partners"}

    found = staff.get(url, {**params, "term": "kaz"}).json()["results"]
    turkey = staff.get(url, {**params, "term": "Türk"}).json()["results"]

    assert "KAZ" not in {r["id"] for r in found}
    assert "TUR" in {r["id"] for r in turkey}


# --- Review queue ---------------------------------------------------------------------------


def test_the_review_queue_lists_doubtful_records_first_with_the_reason(staff, meeting, article):
    doubtful = make_meeting(
        article,
        title="Talks on an unknown date",
        date=None,
        date_precision="unknown",
        confidence=0.4,
        fingerprint="d" * 64,
    )

    response = staff.get(changelist_url(Meeting))
    rows = list(response.context["cl"].result_list)
    page = response.content.decode()

    assert rows[0] == doubtful
    assert "Low confidence; Unknown or imprecise date" in page


def test_the_admin_index_shows_how_many_records_wait_for_review(staff, meeting, article):
    make_meeting(article, confidence=0.4, fingerprint="d" * 64)

    page = staff.get(reverse("admin:index"))

    assert page.status_code == 200
    assert '<td class="review-count">1</td>' in page.content.decode()


def test_a_reviewed_record_leaves_the_queue(staff, article):
    doubtful = make_meeting(article, confidence=0.4)
    doubtful.reviewed = True
    doubtful.save()

    rows = staff.get(changelist_url(Meeting) + "?needs_review=any").context["cl"].result_list

    assert list(rows) == []


def test_a_meeting_without_a_resolved_partner_is_queued(staff, article):
    orphan = make_meeting(article)
    orphan.partners.clear()

    rows = staff.get(changelist_url(Meeting) + "?needs_review=partner").context["cl"].result_list

    assert list(rows) == [orphan]


def test_a_partner_side_person_of_unknown_country_flags_the_partner(staff, meeting):
    stranger = Person.objects.create(name="Ali Veli", key="ali veli")
    MeetingParticipant.objects.create(meeting=meeting, person=stranger, side="partner")

    rows = staff.get(changelist_url(Meeting) + "?needs_review=partner").context["cl"].result_list

    assert list(rows) == [meeting]


def test_two_sources_disagreeing_on_a_figure_are_both_queued(staff, metric):
    other = make_article("turkish-side.txt", SECOND_TEXT)
    rival = Metric.objects.create(
        partner_id="TUR",
        indicator="trade_turnover",
        value=Decimal("4100000000"),
        unit="USD",
        period_start=2024,
        kind="actual",
        confidence=0.9,
        fingerprint="r" * 64,
    )
    cite(rival, other, "According to the Turkish side")
    target = Metric.objects.create(
        partner_id="TUR",
        indicator="trade_turnover",
        value=Decimal("10000000000"),
        unit="USD",
        kind="target",
        confidence=0.9,
        fingerprint="g" * 64,
    )

    rows = staff.get(changelist_url(Metric) + "?needs_review=conflict").context["cl"].result_list

    assert set(rows) == {metric, rival}
    assert target not in rows


def test_a_person_with_no_known_role_is_queued(staff, people):
    _, fidan = people

    rows = staff.get(changelist_url(Person) + "?needs_review=no_role").context["cl"].result_list

    assert list(rows) == [fidan]


def test_mark_reviewed_action_empties_the_queue(staff, article):
    doubtful = make_meeting(article, confidence=0.4)

    run_action(staff, Meeting, "mark_reviewed", [doubtful])

    doubtful.refresh_from_db()
    assert doubtful.reviewed


# --- Corrections ---------------------------------------------------------------------------


def test_editing_a_meeting_date_remembers_the_date_as_corrected(staff, meeting):
    response = edit(staff, meeting, date="2025-05-15")

    assert response.status_code == 302, response.context and response.context["errors"]
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2025, 5, 15)
    assert "date" in meeting.corrected_fields
    assert "status" not in meeting.corrected_fields


def test_a_full_date_typed_over_a_month_becomes_day_precise(staff, article):
    vague = make_meeting(article, date=dt.date(2025, 5, 1), date_precision="month")

    edit(staff, vague, date="2025-05-14")

    vague.refresh_from_db()
    assert vague.date_precision == "day"
    assert {"date", "date_precision"} <= set(vague.corrected_fields)


def test_editing_a_metric_kind_remembers_the_kind_as_corrected(staff, metric):
    response = edit(staff, metric, kind="target")

    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.kind == "target"
    assert metric.corrected_fields == ["kind"]


def test_moving_a_person_to_the_other_side_marks_the_participants_corrected(staff, meeting):
    page = staff.get(change_url(meeting))
    data = form_data(page)
    fidan_row = next(
        key.removesuffix("-person")
        for key, value in data.items()
        if key.endswith("-person") and value == str(Person.objects.get(name="Hakan Fidan").pk)
    )
    data[f"{fidan_row}-side"] = "kz"

    assert staff.post(change_url(meeting), data).status_code == 302

    meeting.refresh_from_db()
    assert meeting.participants.get(person__name="Hakan Fidan").side == "kz"
    assert "participants" in meeting.corrected_fields


def test_editing_a_participant_on_its_own_page_protects_the_meeting_participants(staff, meeting):
    fidan = meeting.participants.get(person__name="Hakan Fidan")
    url = reverse("admin:relations_meetingparticipant_change", args=[fidan.pk])

    page = staff.get(url)
    assert staff.post(url, {**form_data(page), "side": "kz"}).status_code == 302

    meeting.refresh_from_db()
    assert "participants" in meeting.corrected_fields


def test_changing_partners_marks_them_corrected(staff, meeting):
    edit(staff, meeting, partners=["TUR", "AZE"])

    meeting.refresh_from_db()
    assert set(meeting.partners.values_list("code", flat=True)) == {"TUR", "AZE"}
    assert "partners" in meeting.corrected_fields


def test_saving_without_changes_corrects_nothing(staff, meeting):
    edit(staff, meeting)

    meeting.refresh_from_db()
    assert meeting.corrected_fields == []


def test_every_change_is_kept_in_history_with_who_and_can_be_reverted(staff, meeting, superuser):
    edit(staff, meeting, location="Istanbul")
    meeting.refresh_from_db()
    before = meeting.history.order_by("history_date")[0]
    latest = meeting.history.latest()
    assert latest.location == "Istanbul" and latest.history_user == superuser

    history = reverse("admin:relations_meeting_history", args=[meeting.pk])
    assert "Istanbul" in staff.get(history).content.decode()
    revert_url = reverse(
        "admin:relations_meeting_simple_history", args=[meeting.pk, before.history_id]
    )
    page = staff.get(revert_url)
    response = staff.post(revert_url, form_data(page))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Ankara"
    # The revert is a human decision too: ingest must not undo it.
    assert "location" in meeting.corrected_fields


def test_a_manually_added_meeting_is_marked_manual(staff, reference_data):
    response = staff.post(
        reverse("admin:relations_meeting_add"),
        {
            "title": "Consultations in Astana",
            "date": "2025-06-02",
            "date_precision": "day",
            "status": "held",
            "format": "consultations",
            "level": "minister",
            "partners": ["UZB"],
            "participants-TOTAL_FORMS": "0",
            "participants-INITIAL_FORMS": "0",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Meeting.objects.get(title="Consultations in Astana").origin == "manual"


# --- Reject and merge --------------------------------------------------------------------


def test_reject_action_deletes_and_remembers_the_rejection(staff, meeting):
    confirm = run_action(staff, Meeting, "delete_selected", [meeting])
    assert "the next ingest will not create them again" in confirm.content.decode()

    run_action(staff, Meeting, "delete_selected", [meeting], post="yes")

    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Rejection.objects.filter(record_type="meeting", fingerprint=meeting.fingerprint).exists()


def test_the_delete_button_rejects_too(staff, metric):
    delete = reverse("admin:relations_metric_delete", args=[metric.pk])

    staff.post(delete, {"post": "yes"})

    assert not Metric.objects.filter(pk=metric.pk).exists()
    assert Rejection.objects.filter(record_type="metric", fingerprint=metric.fingerprint).exists()


def test_merge_asks_which_meeting_to_keep(staff, meeting, article):
    duplicate = make_meeting(article, title="Kazakh-Turkish talks", fingerprint="e" * 64)

    page = run_action(staff, Meeting, "merge_selected", [meeting, duplicate])

    assert page.status_code == 200
    assert "Choose the meeting to keep" in page.content.decode()
    assert Meeting.objects.count() == 2


def test_merging_two_meetings_keeps_one_with_all_evidence_and_participants(staff, meeting, people):
    other = make_article("second.txt", SECOND_TEXT)
    duplicate = make_meeting(other, title="Kazakh-Turkish talks", fingerprint="e" * 64)
    cite(duplicate, other, "On 14 May 2025")
    deputy = Person.objects.create(name="Alibek Bakayev", key="alibek bakayev", country_id="KAZ")
    MeetingParticipant.objects.create(meeting=duplicate, person=deputy, side="kz")
    MeetingParticipant.objects.create(meeting=duplicate, person=people[1], side="partner")
    sentences = set(Evidence.objects.values_list("sentence", flat=True))

    response = run_action(
        staff, Meeting, "merge_selected", [meeting, duplicate], post="yes", target=str(meeting.pk)
    )

    assert response.status_code == 302
    assert list(Meeting.objects.filter(merged_into__isnull=True)) == [meeting]
    assert set(meeting.evidence.values_list("sentence", flat=True)) == sentences
    assert set(meeting.participants.values_list("person__name", flat=True)) == {
        "Murat Nurtleu",
        "Hakan Fidan",
        "Alibek Bakayev",
    }


def test_merging_two_people_keeps_their_meetings(staff, meeting, people):
    nurtleu, _ = people
    variant = Person.objects.create(name="M. Nurtleu", key="m nurtleu", country_id="KAZ")

    run_action(
        staff, Person, "merge_selected", [nurtleu, variant], post="yes", target=str(nurtleu.pk)
    )

    assert not Person.objects.filter(pk=variant.pk, merged_into__isnull=True).exists()
    assert nurtleu.participations.filter(meeting=meeting).exists()
