"""Django admin: where editors correct, merge, review and reject what extraction produced.

Every change an editor makes to an extracted record is remembered in ``corrected_fields``
(so ingest never overwrites it), every delete is a rejection (so ingest never brings the
record back), and merges go through the services that keep every evidence link.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import review, services
from .cache import generation_bump
from .models import (
    HUB_CODE,
    Agreement,
    Article,
    Country,
    CountryAlias,
    DatePrecision,
    Evidence,
    Meeting,
    MeetingParticipant,
    Metric,
    Organization,
    Origin,
    Person,
    PersonRole,
    Rejection,
    SourceDocument,
    Topic,
)
from .reference import fold

PROVENANCE_FIELDS = (
    "origin",
    "confidence",
    "reviewed",
    "corrected_fields",
    "extractor_version",
    "fingerprint",
    "merged_into",
    "created_at",
    "updated_at",
)
# Editing these is bookkeeping, not a correction of what the source says.
NOT_CORRECTIONS = frozenset(PROVENANCE_FIELDS)


def _count(model, fk: str) -> Coalesce:
    """Number of ``model`` rows pointing at the outer row, as a subquery (no GROUP BY)."""
    rows = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _codes(countries) -> str:
    return ", ".join(sorted(c.code for c in countries)) or "—"


def _date_label(record) -> str:
    """The date at the precision the source gave it: 2025-05-14, 2025-05, 2025 or —."""
    if record.date is None:
        return "—"
    if record.date_precision == DatePrecision.YEAR:
        label = f"{record.date:%Y}"
    elif record.date_precision == DatePrecision.MONTH:
        label = f"{record.date:%Y-%m}"
    else:
        label = record.date.isoformat()
    if record.date_end and record.date_end != record.date:
        label += f" – {record.date_end.isoformat()}"
    return label


def evidence_url(evidence: Evidence) -> str:
    """The article page, scrolled to this sentence (the page highlights every evidence)."""
    return f"{evidence.article.get_absolute_url()}#ev-{evidence.pk}"


def changed_fields(form: forms.ModelForm, current) -> list[str]:
    """Names of the form's model fields whose new value differs from the stored ``current``.

    Compared with the database rather than with ``form.changed_data`` so that a revert from
    the history page, whose form starts from the old values, counts as a change too.
    """
    obj = form.instance
    names = []
    for name in form.fields:
        if name in NOT_CORRECTIONS:
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            new = {o.pk for o in form.cleaned_data.get(name) or []}
            old = set(getattr(current, name).values_list("pk", flat=True))
        else:
            new, old = getattr(obj, field.attname), getattr(current, field.attname)
        if new != old:
            names.append(name)
    return names


# --- Filters --------------------------------------------------------------------


class StalePagesMixin:
    """Every admin write makes the dashboard's cached pages stale (relations.cache)."""

    def log_addition(self, request, obj, message):
        generation_bump()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        generation_bump()
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        generation_bump()
        return super().log_deletions(request, queryset)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        # "Delete selected" runs outside a transaction: bump again once the rows are gone.
        generation_bump()


class NeedsReviewFilter(admin.SimpleListFilter):
    """Records in the review queue, optionally for one reason."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        reasons = [(r.value, r.label) for r in review.reasons_for(model_admin.model)]
        return [("any", "Any reason"), *reasons, ("no", "No")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(needs_review=True)
        if value == "no":
            return queryset.filter(needs_review=False)
        if value in review.reasons_for(queryset.model):
            return queryset.filter(needs_review=True, **{f"review_{value}": True})
        return queryset


# --- Inlines --------------------------------------------------------------------


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EvidenceInline(ReadOnlyInline):
    """The sentences behind a record, each linking to its highlighted article."""

    model = Evidence
    fields = ("quote", "source")
    readonly_fields = ("quote", "source")
    verbose_name_plural = "evidence (read-only; the sentence opens the highlighted article)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description="sentence")
    def quote(self, evidence):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            evidence_url(evidence),
            evidence.sentence,
        )

    @admin.display(description="article")
    def source(self, evidence):
        article = evidence.article
        change = reverse("admin:relations_article_change", args=[article.pk])
        return format_html(
            '<a href="{}">{}</a><br>{}', change, article.title[:120], article.published or ""
        )


class MeetingEvidenceInline(EvidenceInline):
    fk_name = "meeting"


class AgreementEvidenceInline(EvidenceInline):
    fk_name = "agreement"


class MetricEvidenceInline(EvidenceInline):
    fk_name = "metric"


class ArticleEvidenceInline(ReadOnlyInline):
    """What was extracted from an article, sentence by sentence."""

    model = Evidence
    fk_name = "article"
    fields = ("quote", "record_link")
    readonly_fields = ("quote", "record_link")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article", "meeting", "agreement", "metric__partner")
        )

    @admin.display(description="sentence")
    def quote(self, evidence):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            evidence_url(evidence),
            evidence.sentence,
        )

    @admin.display(description="record")
    def record_link(self, evidence):
        record = evidence.record
        opts = record._meta
        url = reverse(f"admin:relations_{opts.model_name}_change", args=[record.pk])
        return format_html('{}: <a href="{}">{}</a>', opts.verbose_name, url, record)


class ParticipantInline(admin.TabularInline):
    model = MeetingParticipant
    fields = ("person", "side", "role", "level")
    autocomplete_fields = ("person",)
    extra = 0


class PersonRoleInline(admin.TabularInline):
    model = PersonRole
    fields = ("title", "level", "country", "start", "end")
    autocomplete_fields = ("country",)
    extra = 0


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    fields = ("alias", "kind", "normalized")
    readonly_fields = ("normalized",)
    extra = 0


# --- Shared behaviour of extracted records ------------------------------------------


class DatedRecordForm(forms.ModelForm):
    """Keeps a date and its precision consistent when an editor fixes only the date."""

    def clean(self):
        cleaned = super().clean()
        if "date" in self.changed_data and "date_precision" not in self.changed_data:
            # A date typed into a date field is a day; a cleared date is unknown.
            if cleaned.get("date") is None:
                cleaned["date_precision"] = DatePrecision.UNKNOWN
            else:
                cleaned["date_precision"] = DatePrecision.DAY
            self.instance.date_precision = cleaned["date_precision"]
        return cleaned


class SubqueryDistinctChangeList(ChangeList):
    """Removes the duplicates a search or filter across a relation makes with ``pk IN
    (subquery)`` instead of SELECT DISTINCT over every column and annotation, which costs
    seconds on a large table."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        query = queryset.query
        if not query.distinct or query.distinct_fields:
            return queryset
        matches = queryset.order_by().values("pk")
        deduplicated = self.apply_select_related(self.root_queryset.filter(pk__in=matches))
        return deduplicated.order_by(*query.order_by)


class ReviewFirstChangeList(SubqueryDistinctChangeList):
    """Unless the editor sorts by a column, records that need review come first."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if ORDER_VAR in self.params:
            return ordering
        return ["-needs_review", *ordering]


class ReviewQueueMixin:
    """Review-queue flags on every row, flagged records first, with the reasons shown."""

    def get_queryset(self, request):
        return self.with_list_data(review.with_review(super().get_queryset(request)))

    def with_list_data(self, queryset):
        return queryset

    def get_changelist(self, request, **kwargs):
        return ReviewFirstChangeList

    @admin.display(description="review", ordering="needs_review")
    def review_reason(self, record):
        reasons = review.review_reasons(record)
        if not reasons:
            return "✓" if getattr(record, "reviewed", False) else ""
        return format_html('<span class="review-reason">{}</span>', "; ".join(reasons))

    @admin.action(
        description="Mark selected %(verbose_name_plural)s as reviewed", permissions=["change"]
    )
    def mark_reviewed(self, request, queryset):
        records = self.model._default_manager.filter(pk__in=_pks(queryset))
        count = services.record_mark_reviewed(records=records)
        self.message_user(request, f"Marked {count} as reviewed.", messages.SUCCESS)


def mark_participants_corrected(meeting: Meeting) -> None:
    """Participants are rows of their own: a human edit to any of them protects the list."""
    if "participants" in meeting.corrected_fields:
        return
    meeting.corrected_fields = sorted({*meeting.corrected_fields, "participants"})
    Meeting.objects.filter(pk=meeting.pk).update(corrected_fields=meeting.corrected_fields)


def _pks(queryset) -> list[int]:
    # Services get plain querysets: the admin's annotations and ordering are not theirs.
    return list(queryset.order_by().values_list("pk", flat=True))


class MergeActionMixin:
    """A merge action with a confirmation page on which the editor picks the record to keep."""

    merge_service = ""  # name of the function in relations.services
    merge_template = "admin/relations/merge_confirmation.html"

    @admin.action(
        description="Merge selected %(verbose_name_plural)s into one",
        permissions=["change", "delete"],
    )
    def merge_selected(self, request, queryset):
        records = list(self.model._default_manager.filter(pk__in=_pks(queryset)))
        if len(records) < 2:
            self.message_user(request, "Select at least two records to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            by_pk = {str(r.pk): r for r in records}
            target = by_pk.get(request.POST.get("target", ""))
            if target is None:
                self.message_user(request, "Choose the record to keep.", messages.ERROR)
                return None
            others = [r for r in records if r.pk != target.pk]
            getattr(services, self.merge_service)(target=target, others=others)
            self.message_user(
                request,
                f"Merged {len(others)} into “{target}”; their evidence and links now point to it.",
                messages.SUCCESS,
            )
            return None
        rows = sorted(self.merge_rows(records), key=lambda row: row["rank"])
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "rows": rows,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "merge_selected",
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.merge_template, context)

    def merge_rows(self, records) -> list[dict]:
        """One row per record for the confirmation page; the lowest rank is proposed."""
        return [{"pk": r.pk, "label": str(r), "summary": "", "rank": (r.pk,)} for r in records]


class ExtractedRecordAdmin(StalePagesMixin, ReviewQueueMixin, MergeActionMixin, SimpleHistoryAdmin):
    """Admin for meetings, agreements and metrics: corrections stick, deletes are rejections."""

    readonly_fields = tuple(f for f in PROVENANCE_FIELDS if f != "reviewed")
    actions = ["mark_reviewed", "merge_selected"]
    delete_confirmation_template = "admin/relations/reject_confirmation.html"
    delete_selected_confirmation_template = "admin/relations/reject_selected_confirmation.html"
    list_per_page = 50
    show_full_result_count = False

    # The record's link to its partner countries: a many-to-many, or Metric's foreign key.
    country_field = "partners"

    def with_list_data(self, queryset):
        field = self.model._meta.get_field(self.country_field)
        related = queryset.prefetch_related if field.many_to_many else queryset.select_related
        return related(self.country_field).annotate(
            evidence_count=_count(Evidence, self.model._meta.model_name)
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Kazakhstan is the hub, never a partner.
        if db_field.name == self.country_field and formfield is not None:
            formfield.queryset = Country.objects.partners()
        return formfield

    @admin.display(description="date", ordering="date")
    def date_label(self, record):
        return _date_label(record)

    @admin.display(description="evidence", ordering="evidence_count")
    def evidence_count(self, record):
        return record.evidence_count

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not change:
            obj.origin = Origin.MANUAL
            obj.save()
            return
        current = self.model._default_manager.get(pk=obj.pk)
        corrected = changed_fields(form, current)
        if not corrected:
            obj.save()
            return
        changes = {
            name: form.cleaned_data[name]
            if obj._meta.get_field(name).many_to_many
            else getattr(obj, name)
            for name in corrected
        }
        services.record_correct(record=obj, changes=changes, user=request.user)
        # The service saves only the corrected fields; bookkeeping such as "reviewed" too.
        bookkeeping = [
            name
            for name in form.fields
            if name in NOT_CORRECTIONS and getattr(obj, name) != getattr(current, name)
        ]
        if bookkeeping:
            obj.save(update_fields=[*bookkeeping, "updated_at"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        edited = change and any(
            formset.has_changed() for formset in formsets if formset.model is MeetingParticipant
        )
        if edited:
            mark_participants_corrected(obj)

    def delete_model(self, request, obj):
        services.record_reject(record=obj)

    def delete_queryset(self, request, queryset):
        for record in self.model._default_manager.filter(pk__in=_pks(queryset)):
            services.record_reject(record=record)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _ = actions["delete_selected"]
            # Deleting an extracted record rejects it: ingest will not recreate it.
            actions["delete_selected"] = (
                func,
                name,
                "Reject (delete) selected %(verbose_name_plural)s",
            )
        return actions

    def merge_rows(self, records):
        evidence = dict(
            Evidence.objects.filter(**{f"{self.model._meta.model_name}__in": records})
            .values_list(self.model._meta.model_name)
            .annotate(n=Count("pk"))
        )
        return [
            {
                "pk": r.pk,
                "label": str(r),
                "summary": self.merge_summary(r),
                "evidence": evidence.get(r.pk, 0),
                "rank": (not r.reviewed, r.origin != Origin.MANUAL, -evidence.get(r.pk, 0), r.pk),
            }
            for r in records
        ]

    def merge_summary(self, record) -> str:
        return ""


# --- Extracted records ---------------------------------------------------------------


@admin.register(Meeting)
class MeetingAdmin(ExtractedRecordAdmin):
    form = DatedRecordForm
    merge_service = "meeting_merge"
    list_display = (
        "__str__",
        "date_label",
        "partner_codes",
        "status",
        "format",
        "level",
        "evidence_count",
        "reviewed",
        "review_reason",
    )
    list_filter = (
        NeedsReviewFilter,
        "reviewed",
        ("partners", admin.RelatedOnlyFieldListFilter),
        "status",
        "format",
        "level",
        "date_precision",
        ("date", admin.DateFieldListFilter),
        "origin",
    )
    search_fields = ("title", "location", "partners__name", "partners__code", "people__name")
    date_hierarchy = "date"
    autocomplete_fields = ("partners", "organizations", "topics")
    inlines = (ParticipantInline, MeetingEvidenceInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    ("date", "date_end", "date_precision"),
                    ("status", "format", "level"),
                    "location",
                )
            },
        ),
        ("Who and what", {"fields": ("partners", "organizations", "topics")}),
        ("Provenance", {"fields": PROVENANCE_FIELDS}),
    )

    @admin.display(description="partners")
    def partner_codes(self, meeting):
        return _codes(meeting.partners.all())

    def merge_summary(self, meeting):
        partners = _codes(meeting.partners.all())
        return f"{_date_label(meeting)} · {meeting.get_status_display()} · {partners}"


@admin.register(Agreement)
class AgreementAdmin(ExtractedRecordAdmin):
    country_field = "parties"
    form = DatedRecordForm
    merge_service = "agreement_merge"
    list_display = (
        "title",
        "kind",
        "status",
        "date_label",
        "party_codes",
        "evidence_count",
        "reviewed",
        "review_reason",
    )
    list_filter = (
        NeedsReviewFilter,
        "reviewed",
        ("parties", admin.RelatedOnlyFieldListFilter),
        "status",
        "kind",
        "date_precision",
        ("date", admin.DateFieldListFilter),
        "origin",
    )
    search_fields = ("title", "parties__name", "parties__code")
    date_hierarchy = "date"
    autocomplete_fields = ("parties", "organizations", "meeting")
    inlines = (AgreementEvidenceInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    ("kind", "status"),
                    ("date", "date_end", "date_precision"),
                    "parties",
                    "organizations",
                    "meeting",
                )
            },
        ),
        ("Provenance", {"fields": PROVENANCE_FIELDS}),
    )

    @admin.display(description="parties")
    def party_codes(self, agreement):
        return _codes(agreement.parties.all())

    def merge_summary(self, agreement):
        parties = _codes(agreement.parties.all())
        return f"{_date_label(agreement)} · {agreement.get_kind_display()} · {parties}"


@admin.register(Metric)
class MetricAdmin(ExtractedRecordAdmin):
    country_field = "partner"
    merge_service = "metric_merge"
    list_display = (
        "partner",
        "indicator",
        "value_label",
        "unit",
        "period",
        "kind",
        "qualifier",
        "claimed_on",
        "evidence_count",
        "reviewed",
        "review_reason",
    )
    list_filter = (
        NeedsReviewFilter,
        "reviewed",
        ("partner", admin.RelatedOnlyFieldListFilter),
        "indicator",
        "kind",
        "qualifier",
        "unit",
        ("claimed_on", admin.DateFieldListFilter),
        "origin",
    )
    search_fields = ("partner__name", "partner__code", "evidence__sentence")
    date_hierarchy = "claimed_on"
    autocomplete_fields = ("partner",)
    inlines = (MetricEvidenceInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("partner", "indicator"),
                    ("value", "unit", "qualifier"),
                    ("period_start", "period_end", "period_open"),
                    ("kind", "claimed_on"),
                )
            },
        ),
        ("Provenance", {"fields": PROVENANCE_FIELDS}),
    )

    @admin.display(description="value", ordering="value")
    def value_label(self, metric):
        return f"{metric.value.normalize():,f}"

    @admin.display(description="period", ordering="period_start")
    def period(self, metric):
        return metric.period_label or "—"

    def merge_summary(self, metric):
        return f"{metric.get_kind_display()} · {metric.period_label or 'no period'}"


# --- People ---------------------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(StalePagesMixin, ReviewQueueMixin, MergeActionMixin, SimpleHistoryAdmin):
    merge_service = "person_merge"
    list_display = ("name", "country", "current_role", "meeting_count", "reviewed", "review_reason")
    list_filter = (
        NeedsReviewFilter,
        "reviewed",
        ("country", admin.RelatedOnlyFieldListFilter),
        "roles__level",
        ("merged_into", admin.EmptyFieldListFilter),
    )
    search_fields = ("name", "key", "roles__title")
    autocomplete_fields = ("country",)
    readonly_fields = ("key", "merged_into")
    fields = ("name", "key", "name_variants", "country", "reviewed", "merged_into")
    inlines = (PersonRoleInline,)
    actions = ["mark_reviewed", "merge_selected"]

    def with_list_data(self, queryset):
        return (
            queryset.select_related("country")
            .prefetch_related("roles")
            .annotate(meeting_count=_count(MeetingParticipant, "person"))
        )

    @admin.display(description="role")
    def current_role(self, person):
        roles = list(person.roles.all())
        return roles[0].title if roles else "—"

    @admin.display(description="meetings", ordering="meeting_count")
    def meeting_count(self, person):
        return person.meeting_count

    def merge_rows(self, records):
        meetings = dict(
            MeetingParticipant.objects.filter(person__in=records)
            .values_list("person")
            .annotate(n=Count("pk"))
        )
        return [
            {
                "pk": p.pk,
                "label": p.name,
                "summary": p.country.name if p.country else "no country",
                "evidence": meetings.get(p.pk, 0),
                "rank": (not p.reviewed, -meetings.get(p.pk, 0), p.pk),
            }
            for p in records
        ]


@admin.register(PersonRole)
class PersonRoleAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("person", "title", "level", "country", "start", "end")
    list_filter = ("level", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("person__name", "title")
    autocomplete_fields = ("person", "country")
    list_select_related = ("person", "country")


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("person", "side", "role", "level", "meeting")
    list_filter = ("side", "level")
    search_fields = ("person__name", "role", "meeting__title")
    autocomplete_fields = ("meeting", "person")
    list_select_related = ("person", "meeting")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        mark_participants_corrected(obj.meeting)
        if change and "meeting" in form.changed_data:
            mark_participants_corrected(Meeting.objects.get(pk=form.initial["meeting"]))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        mark_participants_corrected(obj.meeting)

    def delete_queryset(self, request, queryset):
        meetings = list(Meeting.objects.filter(participants__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for meeting in meetings:
            mark_participants_corrected(meeting)


# --- Sources ----------------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("title", "published", "publisher", "partner_codes", "evidence_count")
    list_filter = (
        ("published", admin.DateFieldListFilter),
        ("partners", admin.RelatedOnlyFieldListFilter),
        "language",
        "publisher",
    )
    search_fields = ("title", "url", "publisher")
    date_hierarchy = "published"
    autocomplete_fields = ("partners",)
    readonly_fields = ("document", "position", "sha256", "view_link")
    fields = (
        "title",
        ("published", "publisher", "language"),
        "url",
        "partners",
        "view_link",
        "text",
        ("document", "position", "sha256"),
    )
    inlines = (ArticleEvidenceInline,)
    list_per_page = 50
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return SubqueryDistinctChangeList

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .without_text()
            .prefetch_related("partners")
            .annotate(evidence_count=_count(Evidence, "article"))
        )

    def has_add_permission(self, request):
        # Articles come from documents; new ones arrive through the upload page.
        return False

    @admin.display(description="partners")
    def partner_codes(self, article):
        return _codes(article.partners.all())

    @admin.display(description="evidence", ordering="evidence_count")
    def evidence_count(self, article):
        return article.evidence_count

    @admin.display(description="on the site")
    def view_link(self, article):
        url = article.get_absolute_url()
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)


@admin.register(SourceDocument)
class SourceDocumentAdmin(StalePagesMixin, admin.ModelAdmin):
    """Ingested files, read-only: they change only by ingesting them again."""

    list_display = (
        "name",
        "content_type",
        "size",
        "article_count",
        "complete",
        "ingested_at",
        "extractor_version",
    )
    list_filter = (
        "content_type",
        "complete",
        "extractor_version",
        ("ingested_at", admin.DateFieldListFilter),
    )
    search_fields = ("name", "sha256")
    date_hierarchy = "ingested_at"

    def get_readonly_fields(self, request, obj=None):
        return [*(f.name for f in self.model._meta.concrete_fields), "articles_list"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=_count(Article, "document"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, document):
        return document.article_count

    @admin.display(description="articles")
    def articles_list(self, document):
        articles = document.articles.without_text().order_by("position")
        return format_html_join(
            "",
            '<div><a href="{}">{}</a></div>',
            ((reverse("admin:relations_article_change", args=[a.pk]), a.title) for a in articles),
        )


@admin.register(Evidence)
class EvidenceAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("quote", "article", "record_link", "start", "end")
    list_filter = (("article__published", admin.DateFieldListFilter),)
    search_fields = ("sentence", "article__title")
    autocomplete_fields = ("article", "meeting", "agreement", "metric")
    list_select_related = ("article", "meeting", "agreement", "metric__partner")
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description="sentence")
    def quote(self, evidence):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            evidence_url(evidence),
            evidence.sentence[:160],
        )

    @admin.display(description="record")
    def record_link(self, evidence):
        return ArticleEvidenceInline.record_link(None, evidence)


@admin.register(Rejection)
class RejectionAdmin(StalePagesMixin, admin.ModelAdmin):
    """Rejected fingerprints; deleting one lets ingest create that record again."""

    list_display = ("record_type", "summary", "short_fingerprint", "merged_into_id", "rejected_at")
    list_filter = ("record_type", ("rejected_at", admin.DateFieldListFilter))
    search_fields = ("summary", "fingerprint")
    date_hierarchy = "rejected_at"
    readonly_fields = ("record_type", "fingerprint", "merged_into_id", "summary", "rejected_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description="fingerprint")
    def short_fingerprint(self, rejection):
        return rejection.fingerprint[:12]


# --- Reference data ---------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("code", "name", "alpha2", "region", "official_name")
    list_filter = ("region",)
    search_fields = ("code", "name", "alpha2", "official_name", "aliases__alias")
    inlines = (CountryAliasInline,)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Autocomplete for a partner field never offers the hub.
        if request.GET.get("field_name") in {"partners", "parties", "partner"}:
            queryset = queryset.exclude(code=HUB_CODE)
        return queryset, may_have_duplicates


@admin.register(CountryAlias)
class CountryAliasAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("alias", "country", "kind", "normalized")
    list_filter = ("kind",)
    search_fields = ("alias", "normalized", "country__name")
    autocomplete_fields = ("country",)
    readonly_fields = ("normalized",)
    list_select_related = ("country",)

    def save_model(self, request, obj, form, change):
        obj.normalized = fold(obj.alias)
        super().save_model(request, obj, form, change)


@admin.register(Organization)
class OrganizationAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("abbreviation", "name")
    search_fields = ("abbreviation", "name")


@admin.register(Topic)
class TopicAdmin(StalePagesMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
