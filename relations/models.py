"""Domain models: partner countries, people, source articles and the sourced records
(meetings, agreements, metrics) extracted from them."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.urls import reverse
from simple_history.models import HistoricalRecords

HUB_CODE = "KAZ"

# ``__length`` in the check constraints below.
models.CharField.register_lookup(Length)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class Level(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", "Head of state"
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
    MINISTER = "minister", "Minister"
    AMBASSADOR = "ambassador", "Ambassador"
    OTHER = "other", "Other"


LEVEL_RANK = {level: rank for rank, level in enumerate(Level.values)}


class Origin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    MANUAL = "manual", "Typed in by an admin"


# --- Reference data -----------------------------------------------------------


class CountryQuerySet(models.QuerySet):
    def partners(self):
        """Every country but the hub."""
        return self.exclude(code=HUB_CODE)


class Country(models.Model):
    """A country from ISO 3166-1; Kazakhstan is the hub and never a partner."""

    code = models.CharField("ISO alpha-3", max_length=3, primary_key=True)
    alpha2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=40, blank=True, db_index=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code=Upper("code")) & Q(code__length=3),
                name="country_code_upper_alpha3",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("relations:country-detail", args=[self.code])

    @property
    def is_hub(self) -> bool:
        return self.code == HUB_CODE


class CountryAlias(models.Model):
    """A name that resolves to a country: short, official, demonym or common alias."""

    class Kind(models.TextChoices):
        NAME = "name", "Name"
        OFFICIAL = "official", "Official name"
        COMMON = "common", "Common alias"
        DEMONYM = "demonym", "Demonym / adjective"
        CAPITAL = "capital", "Capital (metonym)"

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    # Case- and accent-folded form used for matching; unique so a name resolves to one country.
    normalized = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMON)

    class Meta:
        ordering = ["country", "alias"]
        verbose_name_plural = "country aliases"

    def __str__(self):
        return f"{self.alias} → {self.country_id}"


class Organization(models.Model):
    """A multilateral organization (OTS, SCO, CICA, UN...) that frames meetings and agreements."""

    abbreviation = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, unique=True)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["abbreviation"]

    def __str__(self):
        return self.abbreviation


class Topic(models.Model):
    """A subject from the keyword taxonomy (trade, energy, security...)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(models.Model):
    """An official or representative named in the news, learnt as they appear."""

    name = models.CharField(max_length=200)
    # Folded full name; unique per country so that namesakes in two countries stay apart.
    key = models.CharField(max_length=200)
    name_variants = models.JSONField(default=list, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    reviewed = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["key", "country"], name="person_unique_key_country"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(country__isnull=True),
                name="person_unique_key_stateless",
            ),
        ]

    def __str__(self):
        return self.name


class PersonRole(models.Model):
    """A post a person held, with the span over which the news shows them in it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.OTHER)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["person", "title"], name="personrole_unique_title"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="personrole_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}"


# --- Sources ------------------------------------------------------------------


class SourceDocument(models.Model):
    """One ingested file (or URL), identified by the sha256 of its bytes."""

    name = models.CharField(max_length=500, db_index=True)
    # Where the file was read from (absolute), so that two files with one name in different
    # folders stay two documents; blank for uploads, which are known by name alone.
    path = models.CharField(max_length=1000, blank=True)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=20, default="text")
    ingested_at = models.DateTimeField(auto_now=True)
    extractor_version = models.CharField(max_length=20, blank=True)
    # Set once every article of the file is stored; an unfinished file is resumed, not skipped.
    complete = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            # A file's earlier versions: by path, or by name among uploads (blank path).
            models.Index(fields=["path", "name"], name="document_path_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sha256__length=64), name="document_sha256_length"),
        ]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def without_text(self):
        """Everything but the (large) text, for lists."""
        return self.defer("text")


class Article(models.Model):
    """One news item; a document may hold several (a feed dump)."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=1000)
    published = models.DateField(null=True, blank=True, db_index=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=10, default="en")
    text = models.TextField()
    sha256 = models.CharField(max_length=64, db_index=True)
    partners = models.ManyToManyField(Country, blank=True, related_name="articles")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "document", "position"]
        indexes = [
            # The order of every article list (newest first, undated last).
            models.Index(
                F("published").desc(nulls_last=True), F("id").desc(), name="article_published_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="article_unique_position"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("relations:article-detail", args=[self.pk])

    @property
    def safe_url(self) -> str:
        """The source URL when it is a web address; never a javascript: or data: link."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else ""


# --- Extracted records --------------------------------------------------------


class Provenance(models.Model):
    """Where a record came from and what humans did to it."""

    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    extractor_version = models.CharField(max_length=20, blank=True)
    confidence = models.FloatField(default=1.0)
    reviewed = models.BooleanField(default=False, db_index=True)
    # Names of fields an admin changed; ingest never overwrites them.
    corrected_fields = models.JSONField(default=list, blank=True)
    # Stable hash of the facts that identify the record, used to match re-extractions.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def _provenance_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(confidence__gte=0) & Q(confidence__lte=1),
            name=f"{prefix}_confidence_0_1",
        ),
    ]


def _dated_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(date_end__isnull=True)
            | (Q(date__isnull=False) & Q(date_end__gte=F("date"))),
            name=f"{prefix}_end_after_start",
        ),
        models.CheckConstraint(
            condition=Q(date__isnull=True, date_precision=DatePrecision.UNKNOWN)
            | (Q(date__isnull=False) & ~Q(date_precision=DatePrecision.UNKNOWN)),
            name=f"{prefix}_date_matches_precision",
        ),
    ]


class MeetingQuerySet(models.QuerySet):
    def with_related(self):
        """Everything a timeline row shows, in a fixed number of queries."""
        return self.prefetch_related(
            "partners",
            "organizations",
            "topics",
            models.Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related("person").order_by("side", "pk"),
            ),
        )

    def held(self):
        return self.filter(status=Meeting.Status.HELD)

    def planned(self):
        return self.filter(status=Meeting.Status.PLANNED)

    def for_partner(self, code: str):
        return self.filter(partners__code=code)


class Meeting(Provenance):
    """An encounter between Kazakh officials and a partner, held or planned."""

    class Status(models.TextChoices):
        HELD = "held", "Held"
        PLANNED = "planned", "Planned"

    class Format(models.TextChoices):
        TALKS = "talks", "Talks"
        VISIT = "visit", "Visit"
        STATE_VISIT = "state_visit", "State visit"
        SUMMIT = "summit", "Summit"
        CALL = "call", "Phone or video call"
        CONSULTATIONS = "consultations", "Consultations"
        ROUNDTABLE = "roundtable", "Roundtable"
        FORUM = "forum", "Forum"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.OTHER)
    # Highest level among the Kazakh participants, kept for the level filter.
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.OTHER)
    location = models.CharField(max_length=200, blank=True)
    partners = models.ManyToManyField(Country, related_name="meetings")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="meetings")
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings")
    people = models.ManyToManyField(
        Person, through="MeetingParticipant", blank=True, related_name="meetings"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date", "status"]),
            models.Index(fields=["status", "format"]),
            models.Index(fields=["level"]),
            # The order of every meeting list (newest first, undated last).
            models.Index(
                F("date").desc(nulls_last=True), F("id").desc(), name="meeting_date_desc_idx"
            ),
            # Ingest's candidate look-up: each date window branch is one range of it.
            models.Index(fields=["date_precision", "date"], name="meeting_precision_date_idx"),
        ]
        constraints = [*_provenance_constraints("meeting"), *_dated_constraints("meeting")]

    def __str__(self):
        return self.title or f"{self.get_format_display()} ({self.date or 'undated'})"

    def get_absolute_url(self):
        return reverse("relations:meeting-detail", args=[self.pk])


class MeetingParticipant(models.Model):
    """A person at a meeting, on one side, in the role they held then."""

    class Side(models.TextChoices):
        KAZAKH = "kz", "Kazakh"
        PARTNER = "partner", "Partner"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    side = models.CharField(max_length=10, choices=Side.choices)
    role = models.CharField(max_length=300, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.OTHER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participant_unique"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_side_display()})"


class AgreementQuerySet(models.QuerySet):
    def with_related(self):
        return self.prefetch_related("parties", "organizations")


class Agreement(Provenance):
    """A document signed or planned between Kazakhstan and partners."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement"
        MEMORANDUM = "memorandum", "Memorandum"
        PLAN = "plan", "Plan"
        ROADMAP = "roadmap", "Roadmap"
        DECLARATION = "declaration", "Declaration"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        TREATY = "treaty", "Treaty"
        PROGRAMME = "programme", "Programme"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SIGNED = "signed", "Signed or adopted"
        PLANNED = "planned", "Planned"

    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AGREEMENT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SIGNED)
    date = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    parties = models.ManyToManyField(Country, related_name="agreements")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="agreements")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date", "status"]),
            models.Index(fields=["kind"]),
            models.Index(
                F("date").desc(nulls_last=True), F("id").desc(), name="agreement_date_desc_idx"
            ),
            models.Index(fields=["date_precision", "date"], name="agreement_precision_date_idx"),
        ]
        constraints = [
            *_provenance_constraints("agreement"),
            *_dated_constraints("agreement"),
            models.CheckConstraint(condition=Q(title__length__gt=0), name="agreement_has_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("relations:agreement-detail", args=[self.pk])


class MetricQuerySet(models.QuerySet):
    def actuals(self):
        return self.filter(kind=Metric.Kind.ACTUAL)

    def targets(self):
        return self.filter(kind=Metric.Kind.TARGET)


class Metric(Provenance):
    """A figure about Kazakhstan's relations with one partner, as a source claims it."""

    class Indicator(models.TextChoices):
        TRADE_TURNOVER = "trade_turnover", "Trade turnover"
        EXPORTS = "exports", "Exports (Kazakhstan to partner)"
        IMPORTS = "imports", "Imports (partner to Kazakhstan)"
        INVESTMENT_INFLOW = "investment_inflow", "Investment into Kazakhstan"
        INVESTMENT_OUTFLOW = "investment_outflow", "Kazakh investment abroad"
        JOINT_PROJECTS = "joint_projects", "Joint projects"
        FLIGHTS = "flights", "Flights"
        TOURISTS = "tourists", "Tourists"
        OTHER = "other", "Other"

    class Kind(models.TextChoices):
        ACTUAL = "actual", "Actual"
        TARGET = "target", "Target"

    class Qualifier(models.TextChoices):
        EXACT = "exact", "Exact"
        APPROXIMATELY = "approximately", "Approximately"
        AT_LEAST = "at_least", "At least / over"
        AT_MOST = "at_most", "At most / under"

    partner = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="metrics")
    indicator = models.CharField(max_length=20, choices=Indicator.choices)
    value = models.DecimalField(max_digits=24, decimal_places=4)
    # ISO 4217 currency code, "percent" for growth rates, "count" for counts.
    unit = models.CharField(max_length=10, default="USD")
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    # True for "since 2005": the period runs from period_start to the claim date.
    period_open = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTUAL)
    qualifier = models.CharField(max_length=15, choices=Qualifier.choices, default=Qualifier.EXACT)
    claimed_on = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    objects = MetricQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "indicator", "-period_start"]
        indexes = [
            models.Index(fields=["partner", "indicator", "period_start"]),
            models.Index(fields=["indicator", "kind"]),
        ]
        constraints = [
            *_provenance_constraints("metric"),
            models.CheckConstraint(condition=Q(value__gte=0), name="metric_value_not_negative"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | (Q(period_start__isnull=False) & Q(period_end__gte=F("period_start"))),
                name="metric_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(period_open=False)
                | Q(period_start__isnull=False, period_end__isnull=True),
                name="metric_open_period_has_start",
            ),
            models.CheckConstraint(condition=~Q(partner=HUB_CODE), name="metric_partner_not_hub"),
        ]

    def __str__(self):
        return f"{self.partner_id} {self.get_indicator_display()} {self.value} {self.unit}"

    def get_absolute_url(self):
        return reverse("relations:metric-detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        """The period as the schema writes it: "2024", "2005-2025", "2005-" or ""."""
        if self.period_start is None:
            return ""
        if self.period_open:
            return f"{self.period_start}-"
        if self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}-{self.period_end}"
        return str(self.period_start)


class Evidence(models.Model):
    """The sentence of an article that supports one record, with its character span."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    metric = models.ForeignKey(
        Metric, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Fingerprint of the extraction this sentence produced, so a re-extraction finds its record
    # even after an admin corrected the facts the record was first matched on.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["article", "start"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, agreement__isnull=True, metric__isnull=True)
                    | Q(meeting__isnull=True, agreement__isnull=False, metric__isnull=True)
                    | Q(meeting__isnull=True, agreement__isnull=True, metric__isnull=False)
                ),
                name="evidence_exactly_one_record",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="evidence_span_ordered"),
            models.UniqueConstraint(
                fields=["article", "meeting", "start"],
                condition=Q(meeting__isnull=False),
                name="evidence_unique_meeting_span",
            ),
            models.UniqueConstraint(
                fields=["article", "agreement", "start"],
                condition=Q(agreement__isnull=False),
                name="evidence_unique_agreement_span",
            ),
            models.UniqueConstraint(
                fields=["article", "metric", "start"],
                condition=Q(metric__isnull=False),
                name="evidence_unique_metric_span",
            ),
        ]

    def __str__(self):
        return self.sentence[:80]

    @property
    def record(self):
        return self.meeting or self.agreement or self.metric


class Rejection(models.Model):
    """A record an admin rejected: ingest never recreates a record with this fingerprint."""

    class RecordType(models.TextChoices):
        MEETING = "meeting", "Meeting"
        AGREEMENT = "agreement", "Agreement"
        METRIC = "metric", "Metric"

    record_type = models.CharField(max_length=10, choices=RecordType.choices)
    fingerprint = models.CharField(max_length=64)
    # When the rejection stands for a merge, the record that absorbed it.
    merged_into_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "fingerprint"], name="rejection_unique_fingerprint"
            ),
        ]

    def __str__(self):
        return f"{self.record_type} {self.fingerprint[:12]}"


class DataGeneration(models.Model):
    """A counter bumped after every committed write, so caches keyed to it expire with the data."""

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return f"generation {self.value}"
