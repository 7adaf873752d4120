"""Reads for the pages: keyword-only functions returning querysets, filtersets or plain values.

Every function here runs a fixed number of queries whatever the amount of data: counts are
correlated subqueries or aggregates, related rows come through prefetches.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from .filters import (
    AgreementFilter,
    ArticleFilter,
    CountryFilter,
    MeetingFilter,
    MetricFilter,
    PersonFilter,
)
from .models import (
    HUB_CODE,
    Agreement,
    Article,
    Country,
    DatePrecision,
    Evidence,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
)

MEETING_THROUGH = Meeting.partners.through
AGREEMENT_THROUGH = Agreement.parties.through
TRADE_INDICATORS = [
    Metric.Indicator.TRADE_TURNOVER,
    Metric.Indicator.EXPORTS,
    Metric.Indicator.IMPORTS,
    Metric.Indicator.INVESTMENT_INFLOW,
    Metric.Indicator.INVESTMENT_OUTFLOW,
]


# --- Labels -----------------------------------------------------------------------------
# Formatting happens here, once per row, rather than with template filters in loops.


def date_label(date: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """A date as precise as the source made it: "12 May 2025", "May 2025", "2025" or ""."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return date.strftime("%b %Y")
    return f"{date.day} {date.strftime('%b %Y')}"


def money_label(value: Decimal | None, unit: str) -> str:
    """A figure in words an analyst reads at a glance: "USD 4.6 billion", "12.5 %", "38"."""
    if value is None:
        return ""
    if unit == "percent":
        return f"{value.normalize():f} %"
    if unit == "count":
        return f"{int(value):,}"
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            number = f"{value / size:,.2f}".rstrip("0").rstrip(".")
            return f"{unit} {number} {word}"
    return f"{unit} {value:,.0f}"


def span_label(
    start: datetime.date | None, end: datetime.date | None, precision: str = DatePrecision.DAY
) -> str:
    """A date or a range, compact: "3–4 Feb 2026", "30 Jan – 2 Feb 2026"."""
    if not end or end == start or start is None:
        return date_label(start, precision)
    if precision != DatePrecision.DAY:
        return f"{date_label(start, precision)} – {date_label(end, precision)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_label(end)}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%b')} – {date_label(end)}"
    return f"{date_label(start)} – {date_label(end)}"


def label_dated(records: Iterable) -> list:
    """Give each meeting or agreement a ``date_label`` (with its end for multi-day visits)."""
    records = list(records)
    for record in records:
        record.date_label = span_label(record.date, record.date_end, record.date_precision)
    return records


def label_metrics(metrics: Iterable[Metric]) -> list[Metric]:
    """Give each metric a ``value_label`` and ``claimed_label``."""
    metrics = list(metrics)
    for metric in metrics:
        metric.value_label = money_label(metric.value, metric.unit)
        metric.claimed_label = date_label(metric.claimed_on)
    return metrics


# --- Base querysets ---------------------------------------------------------------------


def meeting_queryset(*, partner: Country | None = None) -> QuerySet[Meeting]:
    """Live meetings (not merged into another), newest first, undated last."""
    qs = Meeting.objects.filter(merged_into__isnull=True).order_by(
        F("date").desc(nulls_last=True), "-pk"
    )
    return qs.filter(partners=partner) if partner else qs


def agreement_queryset(*, partner: Country | None = None) -> QuerySet[Agreement]:
    """Live agreements, newest first, undated last."""
    qs = Agreement.objects.filter(merged_into__isnull=True).order_by(
        F("date").desc(nulls_last=True), "-pk"
    )
    return qs.filter(parties=partner) if partner else qs


def metric_queryset(*, partner: Country | None = None) -> QuerySet[Metric]:
    """Live metrics, most recent period first."""
    qs = Metric.objects.filter(merged_into__isnull=True).order_by(
        F("period_start").desc(nulls_last=True), "indicator", "-pk"
    )
    return qs.filter(partner=partner) if partner else qs


def meeting_filter(*, data: Mapping, partner: Country | None = None) -> MeetingFilter:
    """The meetings FilterSet bound to the query string (``.qs`` is the filtered queryset)."""
    return MeetingFilter(data or None, queryset=meeting_queryset(partner=partner))


def agreement_filter(*, data: Mapping, partner: Country | None = None) -> AgreementFilter:
    """The agreements FilterSet bound to the query string."""
    return AgreementFilter(data or None, queryset=agreement_queryset(partner=partner))


def metric_filter(*, data: Mapping, partner: Country | None = None) -> MetricFilter:
    """The metrics FilterSet bound to the query string."""
    return MetricFilter(data or None, queryset=metric_queryset(partner=partner))


def filters_ok(filterset) -> bool:
    """Whether every value of the query string is valid (an empty query string is)."""
    return not filterset.is_bound or filterset.is_valid()


def filtered(filterset) -> QuerySet:
    """The filterset's rows, or none when a value is invalid: a wrong filter must not
    silently widen the result (an analyst would export the wrong rows)."""
    return filterset.qs if filters_ok(filterset) else filterset.queryset.none()


def meeting_rows(
    qs: QuerySet[Meeting], evidence: QuerySet[Evidence] | None = None
) -> QuerySet[Meeting]:
    """Meetings with everything a table row shows (``evidence``: how much of it)."""
    return qs.prefetch_related(
        Prefetch("partners", queryset=Country.objects.only("code", "name")),
        "topics",
        Prefetch(
            "participants",
            queryset=MeetingParticipant.objects.select_related("person").order_by("side", "pk"),
        ),
        Prefetch("evidence", queryset=evidence if evidence is not None else _evidence_links()),
    )


def agreement_rows(
    qs: QuerySet[Agreement], evidence: QuerySet[Evidence] | None = None
) -> QuerySet[Agreement]:
    """Agreements with their parties and evidence links."""
    return qs.prefetch_related(
        Prefetch("parties", queryset=Country.objects.only("code", "name")),
        Prefetch("evidence", queryset=evidence if evidence is not None else _evidence_links()),
    )


def _evidence_links() -> QuerySet[Evidence]:
    """Just enough of each evidence row to link a table row to its sentence."""
    return Evidence.objects.only("id", "article_id", "meeting_id", "agreement_id").order_by("pk")


def metric_rows(qs: QuerySet[Metric]) -> QuerySet[Metric]:
    """Metrics with partner and the articles that claim them."""
    return qs.select_related("partner").prefetch_related(
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("article").only(
                "id",
                "metric_id",
                "sentence",
                "article__id",
                "article__title",
                "article__publisher",
                "article__published",
            ),
        )
    )


# --- Counts as subqueries ---------------------------------------------------------------


def _count(through_qs: QuerySet, group: str) -> Coalesce:
    """A per-country count as a correlated subquery (no join explosion across relations)."""
    sub = through_qs.values(group).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _period_q(prefix: str, since: datetime.date | None, until: datetime.date | None) -> Q:
    q = Q()
    if since:
        q &= Q(**{f"{prefix}date__gte": since})
    if until:
        q &= Q(**{f"{prefix}date__lte": until})
    return q


def _counts_by_country(
    through, record: str, since: datetime.date | None = None, until: datetime.date | None = None
) -> dict[str, int]:
    """Live records per country in one GROUP BY over a link table (``record``: its FK)."""
    return dict(
        through.objects.filter(
            _period_q(f"{record}__", since, until), **{f"{record}__merged_into__isnull": True}
        )
        .values("country_id")
        .annotate(n=Count("*"))
        .values_list("country_id", "n")
        .order_by()
    )


def partner_engagement(
    *, since: datetime.date | None = None, until: datetime.date | None = None, limit: int = 15
) -> list[Country]:
    """Partners ranked by meetings plus agreements in the period, with both counts.

    Two GROUP BY queries over the link tables and a sort of the ~200 partners in Python:
    a correlated count per country cost seconds at 100k meetings.
    """
    meetings = _counts_by_country(MEETING_THROUGH, "meeting", since, until)
    agreements = _counts_by_country(AGREEMENT_THROUGH, "agreement", since, until)
    codes = (set(meetings) | set(agreements)) - {HUB_CODE}
    countries = list(Country.objects.filter(code__in=codes).only("code", "name"))
    for country in countries:
        country.meeting_count = meetings.get(country.code, 0)
        country.agreement_count = agreements.get(country.code, 0)
        country.engagement = country.meeting_count + country.agreement_count
    countries.sort(key=lambda c: (-c.engagement, -c.meeting_count, c.name))
    return countries[:limit]


def overview_counts(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> dict[str, int]:
    """Headline numbers for the period."""
    meetings = Meeting.objects.filter(_period_q("", since, until), merged_into__isnull=True)
    agreements = Agreement.objects.filter(_period_q("", since, until), merged_into__isnull=True)
    counts = meetings.aggregate(
        meetings_held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        meetings_planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
    )
    counts |= agreements.aggregate(
        agreements_signed=Count("pk", filter=Q(status=Agreement.Status.SIGNED)),
        agreements_planned=Count("pk", filter=Q(status=Agreement.Status.PLANNED)),
    )
    # EXISTS per country: a join to meetings *and* agreements multiplies their rows.
    met = MEETING_THROUGH.objects.filter(country_id=OuterRef("pk"), meeting__in=meetings)
    signed = AGREEMENT_THROUGH.objects.filter(country_id=OuterRef("pk"), agreement__in=agreements)
    counts["partners"] = Country.objects.partners().filter(Exists(met) | Exists(signed)).count()
    return counts


def latest_meetings(
    *, since: datetime.date | None = None, until: datetime.date | None = None, limit: int = 8
) -> list[Meeting]:
    """The most recent meetings in the period (held or planned), labelled."""
    qs = meeting_queryset().filter(_period_q("", since, until))
    return label_dated(meeting_rows(qs)[:limit])


def latest_agreements(
    *, since: datetime.date | None = None, until: datetime.date | None = None, limit: int = 8
) -> list[Agreement]:
    """The most recent agreements in the period, labelled."""
    qs = agreement_queryset().filter(_period_q("", since, until))
    return label_dated(agreement_rows(qs)[:limit])


def partner_table(*, data: Mapping) -> CountryFilter:
    """Every partner with a record: counts, last contact and the latest trade turnover.

    Each figure comes from one GROUP BY (or one ordered scan) and reaches the countries as a
    CASE over the ~200 partners, so the FilterSet can still filter and sort on it; five
    correlated subqueries per country cost seconds at 100k meetings.
    """
    today = datetime.date.today()
    meetings = _counts_by_country(MEETING_THROUGH, "meeting")
    agreements = _counts_by_country(AGREEMENT_THROUGH, "agreement")
    metrics = dict(
        Metric.objects.filter(merged_into__isnull=True)
        .values("partner_id")
        .annotate(n=Count("*"))
        .values_list("partner_id", "n")
        .order_by()
    )
    last_contact = dict(
        MEETING_THROUGH.objects.filter(
            meeting__merged_into__isnull=True,
            meeting__status=Meeting.Status.HELD,
            meeting__date__lte=today,
        )
        .values("country_id")
        .annotate(last=Max("meeting__date"))
        .values_list("country_id", "last")
        .order_by()
    )
    trade: dict[str, tuple] = {}
    latest_trade = (
        Metric.objects.filter(
            merged_into__isnull=True,
            indicator=Metric.Indicator.TRADE_TURNOVER,
            kind=Metric.Kind.ACTUAL,
            period_start__isnull=False,
        )
        .order_by("partner_id", "-period_start", F("claimed_on").desc(nulls_last=True), "-pk")
        .values_list("partner_id", "value", "unit", "period_start")
    )
    for partner_id, value, unit, year in latest_trade:
        trade.setdefault(partner_id, (value, unit, year))
    codes = set(meetings) | set(agreements) | set(metrics)

    def by_code(values: Mapping, output_field, default=None):
        whens = [When(code=code, then=Value(v)) for code, v in values.items() if code in codes]
        if not whens:
            return Value(default, output_field=output_field)
        return Case(*whens, default=Value(default), output_field=output_field)

    qs = (
        Country.objects.partners()
        .filter(code__in=codes)
        .annotate(
            meeting_count=by_code(meetings, IntegerField(), 0),
            agreement_count=by_code(agreements, IntegerField(), 0),
            metric_count=by_code(metrics, IntegerField(), 0),
            last_contact=by_code(last_contact, DateField()),
            trade_value=by_code(
                {c: t[0] for c, t in trade.items()}, DecimalField(max_digits=24, decimal_places=4)
            ),
            trade_unit=by_code({c: t[1] for c, t in trade.items()}, CharField()),
            trade_year=by_code({c: t[2] for c, t in trade.items()}, IntegerField()),
        )
        .order_by("-meeting_count", "name")
    )
    return CountryFilter(data or None, queryset=qs)


def label_partners(countries: Iterable[Country]) -> list[Country]:
    """Give each row of ``partner_table`` its display labels."""
    countries = list(countries)
    for country in countries:
        country.last_contact_label = date_label(country.last_contact)
        country.trade_label = (
            f"{money_label(country.trade_value, country.trade_unit)} ({country.trade_year})"
            if country.trade_value is not None
            else ""
        )
    return countries


# --- A partner's page -------------------------------------------------------------------


def partner_summary(*, country: Country) -> dict:
    """Counts and first/last dates of a partner's records, in two queries."""
    meetings = meeting_queryset(partner=country).order_by()
    summary = meetings.aggregate(
        meetings_held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        meetings_planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
        last_held=Max("date", filter=Q(status=Meeting.Status.HELD)),
        top_level_meetings=Count("pk", filter=Q(level="head_of_state")),
    )
    summary |= (
        agreement_queryset(partner=country)
        .order_by()
        .aggregate(
            agreements_signed=Count("pk", filter=Q(status=Agreement.Status.SIGNED)),
            agreements_planned=Count("pk", filter=Q(status=Agreement.Status.PLANNED)),
        )
    )
    summary["last_held_label"] = date_label(summary["last_held"])
    return summary


@dataclass
class TimelineBin:
    """Counts of one month on a partner's timeline."""

    month: datetime.date
    counts: dict[str, int]


def timeline(*, meetings: QuerySet[Meeting], agreements: QuerySet[Agreement]) -> dict:
    """Monthly counts of meetings (by status and format) and agreements (by status).

    Returns ``{"series": [names...], "bins": [TimelineBin...], "undated": n}``; series
    are named "Held: Talks", "Planned meetings", "Agreements signed", "Agreements planned".
    """
    formats = dict(Meeting.Format.choices)
    bins: dict[datetime.date, dict[str, int]] = {}
    series: list[str] = []

    def add(month, name, n):
        bins.setdefault(month, {})
        bins[month][name] = bins[month].get(name, 0) + n
        if name not in series:
            series.append(name)

    meeting_counts = (
        meetings.order_by()
        .annotate(month=TruncMonth("date"))
        .values("month", "status", "format")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    undated = 0
    for row in meeting_counts:
        if row["month"] is None:
            undated += row["n"]
            continue
        if row["status"] == Meeting.Status.PLANNED:
            name = "Planned meetings"
        else:
            name = f"Held: {formats.get(row['format'], row['format'])}"
        add(_as_date(row["month"]), name, row["n"])
    agreement_counts = (
        agreements.order_by()
        .annotate(month=TruncMonth("date"))
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    for row in agreement_counts:
        if row["month"] is None:
            undated += row["n"]
            continue
        name = (
            "Agreements planned"
            if row["status"] == Agreement.Status.PLANNED
            else "Agreements signed"
        )
        add(_as_date(row["month"]), name, row["n"])
    order = {name: i for i, name in enumerate(_series_order())}
    series.sort(key=lambda name: order.get(name, len(order)))
    ordered = [TimelineBin(month=m, counts=bins[m]) for m in sorted(bins)]
    return {
        "series": series,
        "bins": ordered,
        "table": [
            {"month": b.month.strftime("%b %Y"), "values": [b.counts.get(n, 0) for n in series]}
            for b in ordered
        ],
        "undated": undated,
    }


def _series_order() -> list[str]:
    held = [f"Held: {label}" for label in Meeting.Format.labels]
    return [*held, "Planned meetings", "Agreements signed", "Agreements planned"]


def _as_date(value) -> datetime.date:
    # TruncMonth gives a date on PostgreSQL and SQLite for a DateField; be lenient anyway.
    return value.date() if isinstance(value, datetime.datetime) else value


def partner_claims(*, country: Country) -> QuerySet[Metric]:
    """Every figure claimed for the partner, most recent first, with its sources (the
    partner page shows them a page at a time)."""
    return metric_rows(metric_queryset(partner=country))


# What the trade chart can draw (charts.is_drawn, as a filter): a single year in USD, or a
# USD target without a year.
DRAWN = Q(indicator__in=TRADE_INDICATORS, unit="USD") & (
    Q(period_start__isnull=False, period_open=False)
    & (Q(period_end__isnull=True) | Q(period_end=F("period_start")))
    | Q(kind=Metric.Kind.TARGET, period_start__isnull=True)
)


def trade_claims(*, country: Country) -> list[Metric]:
    """The partner's figures the trade chart draws, each with its sources, labelled."""
    return label_metrics(metric_rows(metric_queryset(partner=country).filter(DRAWN)))


def people_queryset(*, partner: Country | None = None, latest: bool = False) -> QuerySet[Person]:
    """People who took part in meetings (with ``partner`` when given), most met first,
    with their meeting count and last meeting date.

    One GROUP BY over the participants: three correlated subqueries per person cost seconds.
    ``latest`` adds the side and role of each person's latest meeting as subqueries (for
    exports); pages read them for their rows only with ``label_people``.
    """
    met = {"participations__meeting__merged_into__isnull": True}
    if partner:
        met["participations__meeting__partners"] = partner
    qs = (
        Person.objects.filter(merged_into__isnull=True, **met)
        .select_related("country")
        .annotate(
            meeting_count=Count("participations__meeting", distinct=True),
            last_met=Max("participations__meeting__date"),
        )
        .order_by("-meeting_count", "name", "pk")
    )
    if latest:
        parts = _participations(partner).filter(person_id=OuterRef("pk"))
        qs = qs.annotate(
            side=Subquery(parts.values("side")[:1]),
            role=Subquery(parts.exclude(role="").values("role")[:1]),
        )
    return qs


def _participations(partner: Country | None) -> QuerySet[MeetingParticipant]:
    """Live participations (with ``partner``), latest meeting first."""
    parts = MeetingParticipant.objects.filter(meeting__merged_into__isnull=True)
    if partner:
        parts = parts.filter(meeting__partners=partner)
    return parts.order_by(F("meeting__date").desc(nulls_last=True), "-pk")


def people_filter(
    *, data: Mapping, partner: Country | None = None, latest: bool = False
) -> PersonFilter:
    """The people FilterSet; counts are the partner's when a partner is given or chosen."""
    data = data or None
    if partner is None and data:
        # Validate the chosen partner first so that the counts can be the partner's.
        probe = PersonFilter(data, queryset=Person.objects.none())
        if probe.is_valid():
            partner = probe.form.cleaned_data.get("partner")
    return PersonFilter(data, queryset=people_queryset(partner=partner, latest=latest))


def label_people(people: Iterable[Person], partner: Country | None = None) -> list[Person]:
    """Give each person row its side and role (of their latest meeting, with ``partner``
    when given) and labels, reading the participations of these rows only."""
    people = list(people)
    latest: dict[int, dict[str, str]] = {}
    rows = _participations(partner).filter(person_id__in=[p.pk for p in people])
    for person_id, side, role in rows.values_list("person_id", "side", "role"):
        found = latest.setdefault(person_id, {"side": side, "role": ""})
        if role and not found["role"]:
            found["role"] = role
    sides = dict(MeetingParticipant.Side.choices)
    for person in people:
        found = latest.get(person.pk, {"side": "", "role": ""})
        person.side, person.role = found["side"], found["role"]
        person.side_label = sides.get(person.side, "")
        person.last_met_label = date_label(person.last_met)
    return people


def article_queryset(*, partner: Country | None = None) -> QuerySet[Article]:
    """Source articles without their text, newest first, with their evidence count."""
    evidence = Evidence.objects.filter(article_id=OuterRef("pk"))
    qs = (
        Article.objects.without_text()
        .annotate(record_count=_count(evidence, "article_id"))
        .order_by(F("published").desc(nulls_last=True), "-pk")
    )
    return qs.filter(partners=partner) if partner else qs


def article_filter(*, data: Mapping, partner: Country | None = None) -> ArticleFilter:
    """The articles FilterSet bound to the query string."""
    return ArticleFilter(data or None, queryset=article_queryset(partner=partner))


def label_articles(articles: Iterable[Article]) -> list[Article]:
    """Give each article its publication label."""
    articles = list(articles)
    for article in articles:
        article.published_label = date_label(article.published)
    return articles


# --- Records and articles ---------------------------------------------------------------


def meeting_detail(*, pk: int) -> Meeting | None:
    """One meeting with its people, partners, topics, agreements and evidence."""
    meeting = (
        meeting_rows(Meeting.objects.all(), evidence=_evidence_full())
        .select_related("merged_into")
        .prefetch_related("organizations", "agreements")
        .filter(pk=pk)
        .first()
    )
    if meeting:
        label_dated([meeting])
    return meeting


def agreement_detail(*, pk: int) -> Agreement | None:
    """One agreement with its parties, meeting and evidence."""
    agreement = (
        agreement_rows(Agreement.objects.all(), evidence=_evidence_full())
        .select_related("meeting", "merged_into")
        .prefetch_related("organizations")
        .filter(pk=pk)
        .first()
    )
    if agreement:
        label_dated([agreement])
    return agreement


def metric_detail(*, pk: int) -> Metric | None:
    """One metric with its partner and evidence."""
    metric = (
        Metric.objects.select_related("partner", "merged_into")
        .prefetch_related(Prefetch("evidence", queryset=_evidence_full()))
        .filter(pk=pk)
        .first()
    )
    if metric:
        label_metrics([metric])
    return metric


def _evidence_full() -> QuerySet[Evidence]:
    return (
        Evidence.objects.select_related("article")
        .defer("article__text")
        .order_by("article_id", "start")
    )


@dataclass
class Segment:
    """A run of article text, highlighted when evidence covers it."""

    text: str
    evidence: Evidence | None = None


def article_detail(*, pk: int) -> tuple[Article, list[Segment], list[Evidence]] | None:
    """The article, its text cut into plain and evidence segments, and its evidence."""
    article = Article.objects.filter(pk=pk).prefetch_related("partners").first()
    if article is None:
        return None
    evidence = list(
        Evidence.objects.filter(article=article)
        .select_related("meeting", "agreement", "metric")
        .order_by("start", "pk")
    )
    for item in evidence:
        item.record_label = record_label(item.record)
    return article, _segments(article.text, evidence), evidence


def record_label(record) -> str:
    """A record named as an analyst reads it; a figure by what it claims."""
    if isinstance(record, Metric):
        period = f" ({record.period_label})" if record.period_label else ""
        kind = " target" if record.kind == Metric.Kind.TARGET else ""
        value = money_label(record.value, record.unit)
        return f"{record.get_indicator_display()}{kind}: {value}{period}"
    return str(record)


def _segments(text: str, evidence: list[Evidence]) -> list[Segment]:
    """Cut the text at evidence spans; overlapping spans keep the first, and a span that
    no longer fits the text is located again by its sentence (or left unhighlighted)."""
    spans = []
    for item in evidence:
        start, end = item.start, item.end
        if text[start:end] != item.sentence:
            found = text.find(item.sentence) if item.sentence else -1
            if found < 0:
                continue
            start, end = found, found + len(item.sentence)
        spans.append((start, end, item))
    spans.sort(key=lambda span: (span[0], -span[1]))
    for item in evidence:
        item.anchor = None  # set below for every span that is drawn or covered
    segments, cursor = [], 0
    for start, end, item in spans:
        if start < cursor:
            # Covered by the previous highlight: link to that one.
            item.anchor = segments[-1].evidence.pk
            continue
        item.anchor = item.pk
        if start > cursor:
            segments.append(Segment(_tidy(text[cursor:start])))
        segments.append(Segment(text[start:end], item))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(_tidy(text[cursor:])))
    return segments


def _tidy(text: str) -> str:
    # Feed dumps pad paragraphs with runs of blank lines; one blank line reads better.
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text)


def search(*, q: str, limit: int = 10) -> dict:
    """Countries, meetings, agreements and articles matching words, a few of each."""
    countries = list(
        Country.objects.partners()
        .filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(aliases__alias__icontains=q))
        .distinct()
        .order_by("name")[:limit]
    )
    meetings = filtered(meeting_filter(data={"q": q}))
    agreements = filtered(agreement_filter(data={"q": q}))
    articles = (
        Article.objects.without_text()
        .filter(Q(title__icontains=q) | Q(publisher__icontains=q))
        .order_by(F("published").desc(nulls_last=True), "-pk")
    )
    return {
        "countries": countries,
        "meetings": label_dated(meeting_rows(meetings)[:limit]),
        "meeting_count": meetings.count(),
        "agreements": label_dated(agreement_rows(agreements)[:limit]),
        "agreement_count": agreements.count(),
        "articles": list(articles[:limit]),
        "article_count": articles.count(),
    }
