"""Editors change records and run uploads; Analysts read everything and change nothing."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import relations
from relations.models import Meeting

from .test_admin import TEXT, form_data, make_article, make_meeting

pytestmark = pytest.mark.django_db


def groups_migration():
    folder = Path(relations.__file__).parent / "migrations"
    found = sorted(folder.glob("*_editor_analyst_groups.py"))
    if not found:
        pytest.skip("the groups migration is not there yet")
    return importlib.import_module(f"relations.migrations.{found[0].stem}")


@pytest.fixture
def groups(db):
    """The groups as the migration leaves them (run again: a transactional test may have
    emptied the tables since)."""
    groups_migration().create_groups(django_apps, None)
    return Group.objects.get(name="Editors"), Group.objects.get(name="Analysts")


@pytest.fixture
def article(reference_data):
    return make_article("ankara.txt", TEXT)


@pytest.fixture
def meeting(article):
    return make_meeting(article)


def member(group: Group, name: str):
    user = get_user_model().objects.create_user(name, password="x", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def as_editor(client, groups):
    client.force_login(member(groups[0], "editor"))
    return client


@pytest.fixture
def as_analyst(client, groups):
    client.force_login(member(groups[1], "analyst"))
    return client


def codenames(group: Group, model: str) -> set[str]:
    return set(
        group.permissions.filter(content_type__model=model).values_list("codename", flat=True)
    )


def test_migrating_creates_both_groups():
    groups_migration()

    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Analysts"}


def test_editors_curate_records_and_only_view_reference_data(groups):
    editors, _ = groups

    for model in ("meeting", "agreement", "metric", "evidence", "person", "article"):
        assert codenames(editors, model) == {
            f"{a}_{model}" for a in ("add", "change", "delete", "view")
        }
    assert codenames(editors, "meetingparticipant") >= {"change_meetingparticipant"}
    assert codenames(editors, "country") == {"view_country"}
    assert codenames(editors, "rejection") == {"view_rejection"}
    assert codenames(editors, "sourcedocument") == {"view_sourcedocument"}


def test_analysts_only_view(groups):
    _, analysts = groups
    relations_models = Permission.objects.filter(
        content_type__app_label="relations", codename__startswith="view_"
    )

    assert set(analysts.permissions.all()) == set(relations_models)


def test_an_editor_corrects_a_meeting_and_may_upload(as_editor, meeting):
    url = reverse("admin:relations_meeting_change", args=[meeting.pk])
    response = as_editor.post(url, {**form_data(as_editor.get(url)), "location": "Istanbul"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Istanbul"
    assert as_editor.get(reverse("admin:relations_sourcedocument_upload")).status_code == 200
    actions = as_editor.get(reverse("admin:relations_meeting_changelist")).context["action_form"]
    choices = {value for value, _ in actions.fields["action"].choices}
    assert {"mark_reviewed", "merge_selected", "delete_selected"} <= choices


def test_an_analyst_reads_the_admin_but_cannot_change_anything(as_analyst, meeting):
    change = reverse("admin:relations_meeting_change", args=[meeting.pk])

    changelist = as_analyst.get(reverse("admin:relations_meeting_changelist"))
    page = as_analyst.get(change)
    post = as_analyst.post(change, {"location": "Istanbul"})

    assert changelist.status_code == 200
    assert "merge_selected" not in changelist.content.decode()
    assert "mark_reviewed" not in changelist.content.decode()
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert post.status_code == 403
    assert as_analyst.get(reverse("admin:relations_sourcedocument_upload")).status_code == 403
    history = reverse("admin:relations_meeting_history", args=[meeting.pk])
    assert as_analyst.get(history).status_code == 200
    meeting.refresh_from_db()
    assert meeting.location == "Ankara"


def test_an_analyst_cannot_merge_or_reject_by_posting_the_action(as_analyst, meeting, article):
    other = make_meeting(article, fingerprint="e" * 64)
    url = reverse("admin:relations_meeting_changelist")

    for action in ("merge_selected", "delete_selected", "mark_reviewed"):
        as_analyst.post(
            url,
            {
                "action": action,
                "_selected_action": [meeting.pk, other.pk],
                "post": "yes",
                "target": meeting.pk,
            },
        )

    assert Meeting.objects.count() == 2
    assert not Meeting.objects.filter(reviewed=True).exists()
