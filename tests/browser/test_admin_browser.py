"""An editor corrects a meeting in the admin and the partner page shows the correction."""

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from relations.models import Article, Evidence, Meeting, SourceDocument
from tests.relations.test_admin_roles import groups_migration

PASSWORD = "a long editor passphrase"
TEXT = (
    "Kazakh Foreign Minister Murat Nurtleu held talks with Turkish Foreign Minister Hakan Fidan "
    "in Ankara on 14 May 2025."
)

# Skipped where /usr/bin/chromium is missing (tests/browser/conftest.py).
pytestmark = pytest.mark.browser


def editor_user():
    """A staff user in the Editors group as the migration defines it (run again: a
    transactional test empties the tables the migration filled)."""
    groups_migration().create_groups(django_apps, None)
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def meeting(reference_data):
    document = SourceDocument.objects.create(name="ankara.txt", sha256="a" * 64, size=len(TEXT))
    article = Article.objects.create(
        document=document,
        title="Kazakhstan and Türkiye discuss trade",
        text=TEXT,
        published=dt.date(2025, 5, 14),
        sha256="b" * 64,
    )
    meeting = Meeting.objects.create(
        title="Nurtleu – Fidan talks",
        date=dt.date(2025, 5, 14),
        date_precision="day",
        status="held",
        format="talks",
        location="Ankara",
        confidence=0.9,
        fingerprint="m" * 64,
    )
    meeting.partners.set(["TUR"])
    Evidence.objects.create(article=article, meeting=meeting, sentence=TEXT, start=0, end=len(TEXT))
    return meeting


def test_an_editor_corrects_a_meeting_and_the_partner_page_shows_it(live_server, page, meeting):
    editor_user()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    page.goto(f"{live_server.url}/admin/relations/meeting/{meeting.pk}/change/")
    page.fill("#id_location", "Istanbul")
    page.fill("#id_date", "2025-05-15")
    page.click("input[name=_save]")
    assert "was changed successfully" in page.inner_text(".messagelist")

    page.goto(f"{live_server.url}/countries/TUR/")
    row = page.locator("#meetings-table tbody tr").first
    assert "Istanbul" in row.inner_text()
    assert "15 May 2025" in row.inner_text()
    meeting.refresh_from_db()
    assert {"date", "location"} <= set(meeting.corrected_fields)
