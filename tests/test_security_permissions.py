"""Permissions: analysts look but do not touch, anonymous visitors never reach the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest.store import store_document
from relations.models import Agreement, Article, Meeting, Metric, SourceDocument
from tests.test_hardening_store import document

MODELS = ["meeting", "agreement", "metric", "article", "sourcedocument", "person", "country"]
UPLOAD = "admin:relations_sourcedocument_upload"
FEED = (
    b"Kazakh Foreign Minister Murat Nurtleu met Turkish Foreign Minister Hakan Fidan in "
    b"Ankara on 12 May 2025.\n"
)


def member_of(name: str, actions: list[str], username: str):
    """A staff user in group ``name``: the group migration 0005 made (a transactional test
    that ran before may have flushed it, then one with ``actions`` on the domain models)."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        codenames = [f"{action}_{model}" for action in actions for model in MODELS]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="relations", codename__in=codenames)
        )
    user = get_user_model().objects.create_user(username, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def analyst(db):
    return member_of("Analysts", ["view"], "analyst")


@pytest.fixture
def editor(db):
    return member_of("Editors", ["view", "add", "change", "delete"], "editor")


@pytest.fixture
def meeting(reference_data):
    store_document(document(trade_value=41e9))
    return Meeting.objects.get(partners="TUR")


def meeting_form(meeting: Meeting, **changes) -> dict:
    """The change form's POST data, as an editor's browser would send it."""
    data = {
        "title": meeting.title,
        "status": meeting.status,
        "format": meeting.format,
        "date": meeting.date.isoformat() if meeting.date else "",
        "date_precision": meeting.date_precision,
        "location": meeting.location,
        "partners": [c.pk for c in meeting.partners.all()],
        "_save": "Save",
    }
    return data | changes


# --- Analysts ----------------------------------------------------------------------


def test_analyst_is_an_analyst_not_an_editor(analyst):
    assert analyst.has_perm("relations.view_meeting")
    assert not analyst.has_perm("relations.change_meeting")
    assert not analyst.has_perm("relations.add_article")


def test_analyst_can_read_a_record_in_the_admin(client, analyst, meeting):
    client.force_login(analyst)

    response = client.get(reverse("admin:relations_meeting_change", args=[meeting.pk]))

    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_analyst_cannot_change_a_record(client, analyst, meeting):
    client.force_login(analyst)
    url = reverse("admin:relations_meeting_change", args=[meeting.pk])

    response = client.post(url, meeting_form(meeting, title="Forged title"))

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title != "Forged title"


def test_analyst_cannot_add_or_delete_records(client, analyst, meeting):
    client.force_login(analyst)

    added = client.post(reverse("admin:relations_meeting_add"), meeting_form(meeting))
    deleted = client.post(
        reverse("admin:relations_meeting_delete", args=[meeting.pk]), {"post": "yes"}
    )

    assert added.status_code == 403
    assert deleted.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_analyst_cannot_run_bulk_actions(client, analyst, meeting):
    client.force_login(analyst)

    client.post(
        reverse("admin:relations_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )

    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_analyst_cannot_upload(client, analyst):
    client.force_login(analyst)
    upload = SimpleUploadedFile("feed.txt", FEED, content_type="text/plain")

    shown = client.get(reverse(UPLOAD))
    sent = client.post(reverse(UPLOAD), {"files": [upload]})

    assert shown.status_code == 403
    assert sent.status_code == 403
    assert not SourceDocument.objects.exists()


def test_analyst_is_not_offered_the_upload_page(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("admin:relations_sourcedocument_changelist"))

    assert response.status_code == 200
    assert reverse(UPLOAD).encode() not in response.content


def test_editor_may_change_a_record_and_open_the_upload_page(client, editor, meeting):
    client.force_login(editor)
    url = reverse("admin:relations_meeting_change", args=[meeting.pk])

    assert client.get(reverse(UPLOAD)).status_code == 200
    assert client.get(url).status_code == 200
    assert b'name="_save"' in client.get(url).content


# --- Anonymous visitors ----------------------------------------------------------------


def admin_urls(meeting: Meeting) -> list[str]:
    article = Article.objects.first()
    return [
        reverse("admin:index"),
        reverse("admin:relations_meeting_changelist"),
        reverse("admin:relations_meeting_change", args=[meeting.pk]),
        reverse("admin:relations_article_change", args=[article.pk]),
        reverse("admin:relations_meeting_history", args=[meeting.pk]),
        reverse(UPLOAD),
    ]


def test_anonymous_visitor_is_sent_to_the_admin_login(client, meeting):
    for url in admin_urls(meeting):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith(reverse("admin:login")), url


def test_anonymous_posts_change_nothing(client, meeting):
    url = reverse("admin:relations_meeting_change", args=[meeting.pk])
    upload = SimpleUploadedFile("feed.txt", FEED, content_type="text/plain")

    changed = client.post(url, meeting_form(meeting, title="Forged title"))
    uploaded = client.post(reverse(UPLOAD), {"files": [upload]})

    assert changed.status_code == 302
    assert uploaded.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title != "Forged title"
    assert SourceDocument.objects.count() == 1


def test_signed_in_non_staff_user_cannot_reach_the_admin(client, meeting):
    reader = get_user_model().objects.create_user("reader")
    client.force_login(reader)

    for url in admin_urls(meeting):
        assert client.get(url).status_code == 302, url


def analyst_urls(meeting: Meeting) -> list[str]:
    """Every dashboard page and export, one detail page of each kind."""
    article = Article.objects.first()
    agreement, metric = Agreement.objects.first(), Metric.objects.first()
    urls = [
        reverse("relations:home"),
        reverse("relations:search") + "?q=Ankara",
        reverse("relations:country-list"),
        reverse("relations:country-detail", args=["TUR"]),
        reverse("relations:meeting-list"),
        reverse("relations:meeting-detail", args=[meeting.pk]),
        reverse("relations:agreement-list"),
        reverse("relations:metric-list"),
        reverse("relations:article-detail", args=[article.pk]),
    ]
    if agreement is not None:
        urls.append(reverse("relations:agreement-detail", args=[agreement.pk]))
    if metric is not None:
        urls.append(reverse("relations:metric-detail", args=[metric.pk]))
    for dataset in ("meetings", "agreements", "metrics", "countries", "people", "articles"):
        for fmt in ("csv", "json"):
            urls.append(reverse("relations:export", kwargs={"dataset": dataset, "fmt": fmt}))
    return urls


def test_with_login_required_no_dashboard_page_or_export_is_public(client, settings, meeting):
    settings.RELATIONS_REQUIRE_LOGIN = True

    for url in analyst_urls(meeting):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith(reverse("login")), url


def test_with_login_required_a_signed_in_analyst_reads_everything(
    client, settings, analyst, meeting
):
    settings.RELATIONS_REQUIRE_LOGIN = True
    client.force_login(analyst)

    for url in analyst_urls(meeting):
        assert client.get(url).status_code == 200, url
