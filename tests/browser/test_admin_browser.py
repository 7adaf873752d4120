"""An editor corrects a meeting in the admin and the partner page shows the correction."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from relations.models import Article, Evidence, Meeting, SourceDocument

PASSWORD = "a long editor passphrase"
TEXT = (
    "Kazakh Foreign Minister Murat Nurtleu held talks with Turkish Foreign Minister Hakan Fidan "
    "in Ankara on 14 May 2025."
)

# Skipped where /usr/bin/chromium is missing (tests/browser/conftest.py).
pytestmark = pytest.mark.browser


def editor_user():
    """A staff user in the Editors group, with the group's permissions set as the migration
    sets them (a transactional test empties the tables the migration filled)."""
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        f"{action}_{model}"
        for model in ("meeting", "agreement", "metric", "evidence", "person", "meetingparticipant")
        for action in ("add", "change", "delete", "view")
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="relations", codename__in=codenames)
    )
    user = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(group)
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
