"""What editors do in the admin survives the next ingest, and uploads go through the pipeline."""

import datetime as dt
import hashlib
import importlib.util

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest.records import (
    ArticleRecord,
    DateValue,
    DocumentRecord,
    MeetingRecord,
    MetricRecord,
    PersonMention,
)
from ingest.store import store_document
from relations.models import Article, Meeting, Metric, Rejection, SourceDocument
from tests.spans import span_in

from .test_admin import form_data

pytestmark = pytest.mark.django_db

VISIT = (
    "Foreign Minister Murat Nurtleu held talks with Hakan Fidan, Minister of Foreign Affairs "
    "of Türkiye, in Ankara on May 20, 2025."
)
TRADE = "Trade turnover between Kazakhstan and Türkiye reached $5 billion in 2024."
ARTICLE = f"{VISIT} {TRADE}"
UPLOAD = (
    "Kazakhstan and Türkiye discuss trade\n\n"
    "Astana, 20 May 2025. Foreign Minister Murat Nurtleu held talks with Hakan Fidan, Minister "
    "of Foreign Affairs of Türkiye, in Ankara. Trade turnover between Kazakhstan and Türkiye "
    "reached $5 billion in 2024. The ministers signed a roadmap on trade and economic "
    "cooperation.\n"
)
needs_pipeline = pytest.mark.skipif(
    importlib.util.find_spec("ingest.pipeline") is None, reason="ingest.pipeline not built yet"
)


def extraction(date: str = "2025-05-20") -> ArticleRecord:
    """What the extractor reads in the article: the Nurtleu-Fidan talks and a trade figure."""
    return ArticleRecord(
        title="Kazakhstan and Türkiye discuss trade",
        text=ARTICLE,
        published="2025-05-21",
        partners=["TUR"],
        meetings=[
            MeetingRecord(
                partners=["TUR"],
                date=DateValue(date, precision="day"),
                status="held",
                format="talks",
                evidence=span_in(ARTICLE, VISIT),
                kz_people=[PersonMention("Murat Nurtleu", "kz", "KAZ", "Foreign Minister")],
                partner_people=[PersonMention("Hakan Fidan", "partner", "TUR")],
                location="Ankara",
            )
        ],
        metrics=[
            MetricRecord(
                partner="TUR",
                indicator="trade_turnover",
                value=5e9,
                unit="USD",
                period_start=2024,
                period_end=None,
                period_open=False,
                kind="actual",
                qualifier="exact",
                evidence=span_in(ARTICLE, TRADE),
                phrase="reached $5 billion",
            )
        ],
    )


def ingest(name: str, record: ArticleRecord | None = None, salt: str = ""):
    """Store a document as `manage.py ingest` would after extraction; ``salt`` changes its
    bytes so that it is read again."""
    body = ARTICLE + salt
    doc = DocumentRecord(
        name=name,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        size=len(body),
        content_type="text",
        articles=[record or extraction()],
    )
    result = store_document(doc)
    assert not result.errors
    return result


@pytest.fixture
def editor(client, reference_data):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client.force_login(user)
    return client


def edit(client, record, **changes):
    url = reverse(f"admin:relations_{record._meta.model_name}_change", args=[record.pk])
    response = client.post(url, {**form_data(client.get(url)), **changes})
    assert response.status_code == 302, response.context and response.context["errors"]


def action(client, model, name: str, records, **extra):
    url = reverse(f"admin:relations_{model._meta.model_name}_changelist")
    data = {"action": name, ACTION_CHECKBOX_NAME: [str(r.pk) for r in records], **extra}
    return client.post(url, data)


def test_a_date_and_a_kind_corrected_in_the_admin_stand_after_re_ingest(editor):
    ingest("astana-times.txt")
    meeting, metric = Meeting.objects.get(), Metric.objects.get()

    edit(editor, meeting, date="2025-05-19")
    edit(editor, metric, kind="target")
    ingest("astana-times.txt", salt=" (updated)")  # the same file, edited: read again
    ingest("kazinform.txt", salt=" Kazinform")  # another outlet, same facts

    meeting.refresh_from_db()
    metric.refresh_from_db()
    assert Meeting.objects.count() == 1 and Metric.objects.count() == 1
    assert meeting.date == dt.date(2025, 5, 19)
    assert metric.kind == "target"
    assert meeting.evidence.count() == 2


def test_a_meeting_rejected_in_the_admin_stays_gone_after_re_ingest(editor):
    ingest("astana-times.txt")
    meeting = Meeting.objects.get()

    action(editor, Meeting, "delete_selected", [meeting], post="yes")
    ingest("astana-times.txt", salt=" (updated)")
    ingest("kazinform.txt", salt=" Kazinform")

    assert not Meeting.objects.exists()
    assert Rejection.objects.filter(record_type="meeting").exists()
    assert Metric.objects.count() == 1  # only what the editor rejected is gone


def test_meetings_merged_in_the_admin_stay_one_with_all_evidence_after_re_ingest(editor):
    ingest("astana-times.txt")
    ingest("kazinform.txt", extraction(date="2025-05-23"), salt=" Kazinform")
    kept, duplicate = Meeting.objects.order_by("pk")

    action(editor, Meeting, "merge_selected", [kept, duplicate], post="yes", target=str(kept.pk))
    ingest("kazinform.txt", extraction(date="2025-05-23"), salt=" Kazinform, edited")

    assert list(Meeting.objects.all()) == [kept]
    assert kept.evidence.count() == 2


# --- Upload ---------------------------------------------------------------------------------


def upload(client, *files):
    return client.post(reverse("admin:relations_sourcedocument_upload"), {"files": list(files)})


def test_the_upload_page_is_linked_from_the_admin_index_and_the_document_list(editor):
    url = reverse("admin:relations_sourcedocument_upload")

    assert url in editor.get(reverse("admin:index")).content.decode()
    assert url in editor.get(reverse("admin:app_list", args=["relations"])).content.decode()
    assert url in editor.get(reverse("admin:relations_sourcedocument_changelist")).content.decode()
    assert editor.get(url).status_code == 200


def test_staff_without_the_editor_permission_cannot_upload(client, reference_data):
    user = get_user_model().objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_sourcedocument"))
    client.force_login(user)

    response = upload(client, SimpleUploadedFile("news.txt", UPLOAD.encode()))

    assert response.status_code == 403
    assert not SourceDocument.objects.exists()


def test_each_bad_file_is_reported_on_the_page(editor, settings):
    settings.INGEST_MAX_BYTES = 100

    response = upload(
        editor,
        SimpleUploadedFile("long-read.txt", UPLOAD.encode()),
        SimpleUploadedFile("scan.pdf", b"%PDF-1.7 binary"),
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert "long-read.txt" in page and "too large" in page and "limit 100" in page
    assert "scan.pdf" in page and "not a text, HTML or JSON Lines file" in page
    assert "2 files processed, 2 failed" in page
    assert not SourceDocument.objects.exists()


def test_uploading_nothing_asks_for_a_file(editor):
    response = upload(editor)

    assert response.status_code == 200
    assert response.context["form"].errors["files"]


@needs_pipeline
def test_an_uploaded_document_goes_through_the_ingest_pipeline(editor):
    response = upload(
        editor,
        SimpleUploadedFile("nurtleu-fidan.txt", UPLOAD.encode()),
        SimpleUploadedFile("empty.txt", b"   \n"),
    )
    page = response.content.decode()

    document = SourceDocument.objects.get(name="nurtleu-fidan.txt")
    assert document.complete
    assert Article.objects.filter(document=document).exists()
    assert "empty.txt" in page and "empty file" in page
    assert "/tmp" not in page  # errors name the uploaded file, not the server's copy

    again = upload(editor, SimpleUploadedFile("nurtleu-fidan.txt", UPLOAD.encode()))
    assert "already ingested" in again.content.decode()


def test_a_file_that_breaks_the_pipeline_is_reported_and_the_others_still_run(editor, monkeypatch):
    import ingest.admin
    from ingest.store import StoreResult

    def pipeline(name, upload):
        if name == "broken.txt":
            raise RuntimeError("tokenizer exploded")
        return StoreResult(files=1)

    monkeypatch.setattr(ingest.admin, "ingest_upload", pipeline)

    response = upload(
        editor,
        SimpleUploadedFile("broken.txt", UPLOAD.encode()),
        SimpleUploadedFile("fine.txt", UPLOAD.encode()),
    )
    results = {r.name: r for r in response.context["results"]}

    assert not results["broken.txt"].ok
    assert "RuntimeError: tokenizer exploded" in results["broken.txt"].message
    assert results["fine.txt"].ok


@needs_pipeline
def test_corrections_stand_when_the_article_is_uploaded_again(editor):
    upload(editor, SimpleUploadedFile("nurtleu-fidan.txt", UPLOAD.encode()))
    meeting, metric = Meeting.objects.get(), Metric.objects.get()
    assert meeting.date is None  # the dateline is not in the sentence: a human fixes it

    edit(editor, meeting, date="2025-05-20")
    edit(editor, metric, kind="target")
    # The same file edited, and a copy of the article from another outlet.
    upload(editor, SimpleUploadedFile("nurtleu-fidan.txt", (UPLOAD + "\nUpdated.\n").encode()))
    upload(editor, SimpleUploadedFile("kazinform-copy.txt", ("Kazinform\n\n" + UPLOAD).encode()))

    meeting.refresh_from_db()
    metric.refresh_from_db()
    assert Meeting.objects.count() == 1 and Metric.objects.count() == 1
    assert meeting.date == dt.date(2025, 5, 20) and meeting.date_precision == "day"
    assert metric.kind == "target"


@needs_pipeline
def test_a_rejected_extraction_stays_gone_when_the_article_is_uploaded_again(editor):
    upload(editor, SimpleUploadedFile("nurtleu-fidan.txt", UPLOAD.encode()))
    metric = Metric.objects.get()

    action(editor, Metric, "delete_selected", [metric], post="yes")
    upload(editor, SimpleUploadedFile("kazinform-copy.txt", ("Kazinform\n\n" + UPLOAD).encode()))

    assert not Metric.objects.exists()
    assert Meeting.objects.count() == 1
