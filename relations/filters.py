"""Query-string filters for every list, page table and export (django-filter).

Every filter reads the query string, so a filtered view is a shareable URL and its
CSV/JSON export takes the same query string. Values are validated by the filter form:
an invalid value becomes a form error, never a database error.
"""

from django import forms
from django.db.models import F, Q, QuerySet
from django_filters import (
    CharFilter,
    ChoiceFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
    NumberFilter,
    OrderingFilter,
)

from .models import (
    Agreement,
    Article,
    Country,
    Evidence,
    Level,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
    Topic,
)


class SortFilter(OrderingFilter):
    """Ordering with undated rows last on every database and the primary key as tie-breaker,
    so that pages never repeat or skip a row."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            if field.startswith("-"):
                ordering.append(F(field[1:]).desc(nulls_last=True))
            else:
                ordering.append(F(field).asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")


# Bounds that keep numbers inside every database's integer range.
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_TEXT = 200


class RecordType:
    """Values of the `type` filter on a partner's page."""

    MEETINGS = "meetings"
    AGREEMENTS = "agreements"
    CHOICES = [(MEETINGS, "Meetings"), (AGREEMENTS, "Agreements")]


# On a partner's timeline "held" also means a signed agreement: both are done deeds.
STATUS_CHOICES = [("held", "Held / signed"), ("planned", "Planned")]


def _date_filter(lookup: str, label: str, field_name: str = "date") -> DateFilter:
    return DateFilter(
        field_name=field_name,
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _text_filter(label: str, method: str, placeholder: str = "") -> CharFilter:
    return CharFilter(
        label=label,
        method=method,
        max_length=MAX_TEXT,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


def _partner_filter(field_name: str) -> ModelChoiceFilter:
    return ModelChoiceFilter(
        field_name=field_name,
        label="Partner",
        queryset=Country.objects.partners().only("code", "name"),
        to_field_name="code",
        empty_label="All partners",
    )


def _topic_filter(field_name: str) -> ModelChoiceFilter:
    return ModelChoiceFilter(
        field_name=field_name,
        label="Topic",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label="All topics",
    )


class MeetingFilter(FilterSet):
    """Filters for meetings: the partner page's timeline, /meetings/ and its export."""

    date_from = _date_filter("gte", "From")
    date_to = _date_filter("lte", "To")
    type = ChoiceFilter(
        label="Record type", choices=RecordType.CHOICES, method="filter_type", empty_label="All"
    )
    status = ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label="Any"
    )
    format = ChoiceFilter(label="Format", choices=Meeting.Format.choices, empty_label="Any")
    level = ChoiceFilter(label="Level", choices=Level.choices, empty_label="Any")
    topic = _topic_filter("topics")
    person = _text_filter("Person", "filter_person", "Name")
    q = _text_filter("Text", "filter_text", "Words in title, place or evidence")
    partner = _partner_filter("partners")
    sort = SortFilter(
        fields=(("date", "date"), ("title", "title"), ("level", "level"), ("format", "format")),
        field_labels={"date": "Date", "title": "Title", "level": "Level", "format": "Format"},
        label="Sort",
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == RecordType.MEETINGS else queryset.none()

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(status=value)

    def filter_person(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        people = MeetingParticipant.objects.filter(person__name__icontains=value)
        return queryset.filter(pk__in=people.values("meeting_id"))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Subqueries rather than joins: no duplicate rows, no DISTINCT over the whole row.
        evidence = Evidence.objects.filter(sentence__icontains=value, meeting__isnull=False)
        return queryset.filter(
            Q(title__icontains=value)
            | Q(location__icontains=value)
            | Q(pk__in=evidence.values("meeting_id"))
        )


class AgreementFilter(FilterSet):
    """Filters for agreements; format, level, topic and person apply through the meeting
    at which the agreement was signed."""

    date_from = _date_filter("gte", "From")
    date_to = _date_filter("lte", "To")
    type = ChoiceFilter(
        label="Record type", choices=RecordType.CHOICES, method="filter_type", empty_label="All"
    )
    status = ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label="Any"
    )
    kind = ChoiceFilter(label="Kind", choices=Agreement.Kind.choices, empty_label="Any")
    format = ChoiceFilter(
        label="Format",
        field_name="meeting__format",
        choices=Meeting.Format.choices,
        empty_label="Any",
    )
    level = ChoiceFilter(
        label="Level", field_name="meeting__level", choices=Level.choices, empty_label="Any"
    )
    topic = _topic_filter("meeting__topics")
    person = _text_filter("Person", "filter_person", "Name")
    q = _text_filter("Text", "filter_text", "Words in title or evidence")
    partner = _partner_filter("parties")
    sort = SortFilter(
        fields=(("date", "date"), ("title", "title"), ("kind", "kind")),
        field_labels={"date": "Date", "title": "Title", "kind": "Kind"},
        label="Sort",
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset if value == RecordType.AGREEMENTS else queryset.none()

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        status = Agreement.Status.PLANNED if value == "planned" else Agreement.Status.SIGNED
        return queryset.filter(status=status)

    def filter_person(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        people = MeetingParticipant.objects.filter(person__name__icontains=value)
        return queryset.filter(meeting_id__in=people.values("meeting_id"))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        evidence = Evidence.objects.filter(sentence__icontains=value, agreement__isnull=False)
        return queryset.filter(
            Q(title__icontains=value) | Q(pk__in=evidence.values("agreement_id"))
        )


class MetricFilter(FilterSet):
    """Filters for trade, investment and other figures."""

    partner = _partner_filter("partner")
    indicator = ChoiceFilter(
        label="Indicator", choices=Metric.Indicator.choices, empty_label="All indicators"
    )
    kind = ChoiceFilter(label="Actual or target", choices=Metric.Kind.choices, empty_label="Both")
    year_from = NumberFilter(
        field_name="period_start",
        lookup_expr="gte",
        label="Year from",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        decimal_places=0,
    )
    year_to = NumberFilter(
        field_name="period_start",
        lookup_expr="lte",
        label="Year to",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        decimal_places=0,
    )
    date_from = _date_filter("gte", "Claimed from", field_name="claimed_on")
    date_to = _date_filter("lte", "Claimed to", field_name="claimed_on")
    q = _text_filter("Text", "filter_text", "Words in the evidence")
    sort = SortFilter(
        fields=(
            ("period_start", "year"),
            ("value", "value"),
            ("claimed_on", "claimed"),
            ("indicator", "indicator"),
            ("partner__name", "partner"),
        ),
        field_labels={
            "period_start": "Year",
            "value": "Value",
            "claimed_on": "Claimed on",
            "indicator": "Indicator",
            "partner__name": "Partner",
        },
        label="Sort",
    )

    class Meta:
        model = Metric
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        evidence = Evidence.objects.filter(sentence__icontains=value, metric__isnull=False)
        return queryset.filter(pk__in=evidence.values("metric_id"))


def _regions() -> list[tuple[str, str]]:
    regions = (
        Country.objects.partners()
        .exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )
    return [(region, region) for region in regions]


class CountryFilter(FilterSet):
    """Filters for the partner list: name and region, plus sorting."""

    q = CharFilter(
        label="Country",
        method="filter_name",
        max_length=MAX_TEXT,
        widget=forms.TextInput(attrs={"placeholder": "Name or code", "type": "search"}),
    )
    region = ChoiceFilter(
        field_name="region", label="Region", choices=_regions, empty_label="All regions"
    )
    sort = SortFilter(
        fields=(
            ("name", "name"),
            ("meeting_count", "meetings"),
            ("agreement_count", "agreements"),
            ("metric_count", "metrics"),
            ("last_contact", "last_contact"),
        ),
        field_labels={
            "name": "Name",
            "meeting_count": "Meetings",
            "agreement_count": "Agreements",
            "metric_count": "Figures",
            "last_contact": "Last contact",
        },
        label="Sort",
    )

    class Meta:
        model = Country
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(name__icontains=value) | Q(code__iexact=value) | Q(aliases__alias__icontains=value)
        ).distinct()


class PersonFilter(FilterSet):
    """Filters for people met: by partner and by name."""

    partner = ModelChoiceFilter(
        label="Partner",
        queryset=Country.objects.partners().only("code", "name"),
        to_field_name="code",
        method="filter_partner",
        empty_label="All partners",
    )
    q = CharFilter(label="Name", field_name="name", lookup_expr="icontains", max_length=MAX_TEXT)

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_partner(self, queryset: QuerySet, name: str, value: Country) -> QuerySet:
        met = MeetingParticipant.objects.filter(meeting__partners=value)
        return queryset.filter(pk__in=met.values("person_id"))


class ArticleFilter(FilterSet):
    """Filters for source articles: partner, publication dates, words in the title."""

    partner = _partner_filter("partners")
    date_from = _date_filter("gte", "Published from", field_name="published")
    date_to = _date_filter("lte", "Published to", field_name="published")
    q = _text_filter("Text", "filter_text", "Words in title or publisher")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value))
