"""Upload documents from the admin; they go through the same pipeline as `manage.py ingest`.

The page hangs off the source documents admin (relations' SourceDocumentAdmin, extended
here because relations must not import ingest).
"""

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import get_valid_filename

from ingest.store import StoreResult, ingest_file
from relations.admin import SourceDocumentAdmin
from relations.models import SourceDocument

logger = logging.getLogger(__name__)

ACCEPTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson")
UPLOAD_PERMISSION = "relations.add_article"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Each file is judged on its own by the view, so one empty or bad file is reported
        # beside the others instead of rejecting the whole upload.
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Documents",
        help_text="Plain text, HTML or JSON Lines; several at once.",
    )


@dataclass
class UploadResult:
    """What happened to one uploaded file, as the page lists it."""

    name: str
    ok: bool
    message: str
    errors: list[str] = field(default_factory=list)


def ingest_upload(name: str, upload) -> StoreResult:
    """Run one uploaded file through the pipeline `manage.py ingest` uses, under its own name."""
    # The pipeline reads files; a private folder keeps the uploaded name (the document's
    # name in the database) without clashing with another upload of the same name.
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        result = ingest_file(path)
    result.errors = [line.replace(str(path), name) for line in result.errors]
    return result


def handle_uploads(files) -> list[UploadResult]:
    """Ingest each file on its own, so that one bad file does not stop the others."""
    limit = settings.INGEST_MAX_BYTES
    results = []
    for upload in files:
        name = get_valid_filename(Path(upload.name).name) or "upload.txt"
        if not name.lower().endswith(ACCEPTED_SUFFIXES):
            results.append(UploadResult(name, False, "not a text, HTML or JSON Lines file"))
        elif upload.size > limit:
            message = f"too large ({upload.size} bytes, limit {limit})"
            results.append(UploadResult(name, False, message))
        else:
            try:
                result = ingest_upload(name, upload)
            # The pipeline reports bad input itself; anything else is a bug, which must not
            # cost the other files of the upload their results.
            except Exception as exc:
                logger.exception("upload of %s failed", name)
                message = f"could not be ingested ({type(exc).__name__}: {exc})"
                results.append(UploadResult(name, False, message))
                continue
            if result.skipped:
                message = "already ingested (same bytes): nothing to do"
            else:
                message = str(result)
            results.append(UploadResult(name, not result.errors, message, result.errors))
    return results


class SourceDocumentUploadAdmin(SourceDocumentAdmin):
    """Source documents, plus the upload page."""

    change_list_template = "admin/relations/sourcedocument/change_list.html"

    def get_urls(self):
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="relations_sourcedocument_upload",
        )
        return [upload, *super().get_urls()]

    def has_upload_permission(self, request) -> bool:
        return request.user.has_perm(UPLOAD_PERMISSION)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not self.has_upload_permission(request):
            raise PermissionDenied
        results = []
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                results = handle_uploads(form.cleaned_data["files"])
                form = UploadForm()
        else:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload documents",
            "opts": self.model._meta,
            "form": form,
            "results": results,
            "failed": sum(1 for r in results if not r.ok),
            "max_bytes": settings.INGEST_MAX_BYTES,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/relations/sourcedocument/upload.html", context)


admin.site.unregister(SourceDocument)
admin.site.register(SourceDocument, SourceDocumentUploadAdmin)
