"""Fixes proposed for the slow pages, applied by patching for measurement only.

The benchmark owner does not own relations/selectors.py or views.py: ``bench_pages.py
--fixes`` applies these patches in the benchmark's own process and in gunicorn (through
bench/wsgi_fixed.py) so that bench/README.md can show what each fix buys before the owners
port them. Nothing in the application imports this module.

1. ``overview_counts``: partners with a record counted with EXISTS, not with a join of
   countries to meetings *and* agreements (rows = meetings x agreements per country, which
   never finished at 100k meetings).
2. ``people_queryset(partner=...)``: one GROUP BY over the partner's meetings' participants
   instead of three correlated subqueries for every person in the table; the latest side
   and role are read for the page's 20 people only (``DISTINCT ON``, PostgreSQL).
3. ``partner_engagement``: two GROUP BY queries over the link tables, not two correlated
   subqueries per country.
4. Page caching keyed to the data's generation: a counter that every committed write bumps
   (here a one-row table, ``relations_datageneration``); a page's HTML is cached under
   (generation, path and query string), so an ingest or an admin edit makes every cached
   page stale at once, and no page ever shows data older than the last commit.
"""

from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

GENERATION_TABLE = "relations_datageneration"
CACHED_VIEWS = ("home", "country_list", "country_detail", "meeting_list")
CACHE_SECONDS = 3600


def create_generation_table() -> None:
    """The one-row counter the real fix would add as a model (see bench/README.md)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {GENERATION_TABLE} (id integer PRIMARY KEY, value bigint)"
        )
        cursor.execute(f"INSERT INTO {GENERATION_TABLE} VALUES (1, 1) ON CONFLICT (id) DO NOTHING")


def generation() -> int:
    """The current data generation: one primary-key read."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {GENERATION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def cached_by_generation(view):
    """Serve a successful GET from the cache while the data generation is unchanged."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = f"page:{generation()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            from django.http import HttpResponse

            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    return wrapped


def overview_counts(*, since=None, until=None) -> dict[str, int]:
    """Headline numbers for the period (partners counted with EXISTS)."""
    from relations import selectors
    from relations.models import Agreement, Country, Meeting

    meetings = Meeting.objects.filter(
        selectors._period_q("", since, until), merged_into__isnull=True
    )
    agreements = Agreement.objects.filter(
        selectors._period_q("", since, until), merged_into__isnull=True
    )
    counts = meetings.aggregate(
        meetings_held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        meetings_planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)),
    )
    counts |= agreements.aggregate(
        agreements_signed=Count("pk", filter=Q(status=Agreement.Status.SIGNED)),
        agreements_planned=Count("pk", filter=Q(status=Agreement.Status.PLANNED)),
    )
    met = selectors.MEETING_THROUGH.objects.filter(
        country_id=OuterRef("pk"), meeting__in=meetings.values("pk")
    )
    signed = selectors.AGREEMENT_THROUGH.objects.filter(
        country_id=OuterRef("pk"), agreement__in=agreements.values("pk")
    )
    counts["partners"] = Country.objects.partners().filter(Exists(met) | Exists(signed)).count()
    return counts


def partner_engagement(*, since=None, until=None, limit: int = 15) -> list:
    """Partners ranked by meetings plus agreements: two GROUP BY queries over the link
    tables instead of two correlated subqueries for each of the 248 countries."""
    from relations import selectors
    from relations.models import HUB_CODE, Country

    meetings = dict(
        selectors.MEETING_THROUGH.objects.filter(
            selectors._period_q("meeting__", since, until), meeting__merged_into__isnull=True
        )
        .values("country_id")
        .annotate(n=Count("*"))
        .values_list("country_id", "n")
    )
    agreements = dict(
        selectors.AGREEMENT_THROUGH.objects.filter(
            selectors._period_q("agreement__", since, until),
            agreement__merged_into__isnull=True,
        )
        .values("country_id")
        .annotate(n=Count("*"))
        .values_list("country_id", "n")
    )
    codes = (set(meetings) | set(agreements)) - {HUB_CODE}
    countries = list(Country.objects.filter(code__in=codes).only("code", "name"))
    for country in countries:
        country.meeting_count = meetings.get(country.code, 0)
        country.agreement_count = agreements.get(country.code, 0)
        country.engagement = country.meeting_count + country.agreement_count
    countries.sort(key=lambda c: (-c.engagement, -c.meeting_count, c.name))
    return countries[:limit]


def people_queryset(*, partner=None) -> QuerySet:
    """People who took part in meetings, most met first: one GROUP BY over the partner's
    meetings instead of three correlated subqueries for every person in the table.

    ``side`` and ``role`` (of the latest meeting) are filled by ``label_people`` for the
    page's rows only.
    """

    from relations.models import Person

    met = {"participations__meeting__merged_into__isnull": True}
    if partner:
        met["participations__meeting__partners"] = partner
    return (
        Person.objects.filter(merged_into__isnull=True, **met)
        .select_related("country")
        .annotate(
            meeting_count=Count("participations__meeting", distinct=True),
            last_met=Max("participations__meeting__date"),
        )
        .order_by("-meeting_count", "name", "pk")
    )


def label_people(people) -> list:
    """Side, role and labels of the page's people, from their latest meeting (one query)."""
    from relations import selectors
    from relations.models import MeetingParticipant

    people = list(people)
    latest = (
        MeetingParticipant.objects.filter(
            person_id__in=[p.pk for p in people], meeting__merged_into__isnull=True
        )
        .order_by("person_id", F("meeting__date").desc(nulls_last=True), "-pk")
        .distinct("person_id")
        .values("person_id", "side", "role")
    )
    by_person = {row["person_id"]: row for row in latest}
    sides = dict(MeetingParticipant.Side.choices)
    for person in people:
        row = by_person.get(person.pk, {})
        person.side, person.role = row.get("side", ""), row.get("role", "")
        person.side_label = sides.get(person.side, "")
        person.last_met_label = selectors.date_label(person.last_met)
    return people


def apply(*, cache_pages: bool = True) -> list[str]:
    """Patch the selectors (and, with ``cache_pages``, the views); returns what was patched.

    Must run before the URLconf is imported: urls.py holds the view functions themselves.
    """
    from relations import selectors, views

    selectors.overview_counts = overview_counts
    selectors.partner_engagement = partner_engagement
    selectors.people_queryset = people_queryset
    selectors.label_people = label_people
    patched = [
        "selectors.overview_counts",
        "selectors.partner_engagement",
        "selectors.people_queryset",
        "selectors.label_people",
    ]
    if cache_pages:
        for name in CACHED_VIEWS:
            setattr(views, name, cached_by_generation(getattr(views, name)))
            patched.append(f"views.{name} (cached by generation)")
    return patched


def meeting_export_rows(qs: QuerySet):
    """Meetings for the CSV/JSON export in chunks of 2,000: each chunk's related rows come
    in five ``IN (...)`` queries joined in Python, instead of nine correlated subqueries per
    row. The same columns in the same order as ``exports.export_rows`` (list cells are
    sorted and, unlike STRING_AGG, without repeated values)."""
    from collections import defaultdict

    from relations import exports
    from relations.models import Evidence, Meeting, MeetingParticipant

    fields = [
        "id", "date", "date_end", "date_precision", "status", "format", "level", "title",
        "location", "origin", "confidence", "reviewed",
    ]  # fmt: skip
    sep = exports.SEPARATOR

    def joined(values) -> str | None:
        values = sorted({str(v) for v in values})
        return sep.join(values) if values else None

    rows = qs.values(*fields).iterator(chunk_size=exports.CHUNK_SIZE)
    while True:
        chunk = [row for _, row in zip(range(exports.CHUNK_SIZE), rows, strict=False)]
        if not chunk:
            return
        ids = [row["id"] for row in chunk]
        related = defaultdict(lambda: defaultdict(list))
        for meeting_id, code, name in Meeting.partners.through.objects.filter(
            meeting_id__in=ids
        ).values_list("meeting_id", "country_id", "country__name"):
            related[meeting_id]["x_partners"].append(code)
            related[meeting_id]["x_partner_names"].append(name)
        for meeting_id, side, name in MeetingParticipant.objects.filter(
            meeting_id__in=ids
        ).values_list("meeting_id", "side", "person__name"):
            key = "x_kz_people" if side == MeetingParticipant.Side.KAZAKH else "x_partner_people"
            related[meeting_id][key].append(name)
        for meeting_id, slug in Meeting.topics.through.objects.filter(
            meeting_id__in=ids
        ).values_list("meeting_id", "topic__slug"):
            related[meeting_id]["x_topics"].append(slug)
        for meeting_id, abbreviation in Meeting.organizations.through.objects.filter(
            meeting_id__in=ids
        ).values_list("meeting_id", "organization__abbreviation"):
            related[meeting_id]["x_organizations"].append(abbreviation)
        for meeting_id, article_id, url, sentence in Evidence.objects.filter(
            meeting_id__in=ids
        ).values_list("meeting_id", "article_id", "article__url", "sentence"):
            related[meeting_id]["x_source_ids"].append(article_id)
            if url:
                related[meeting_id]["x_source_urls"].append(url)
            related[meeting_id]["x_evidence"].append(sentence)
        names = (
            "x_partners", "x_partner_names", "x_kz_people", "x_partner_people", "x_topics",
            "x_organizations", "x_source_ids", "x_source_urls",
        )  # fmt: skip
        for row in chunk:
            found = related.get(row["id"], {})
            for name in names:
                row[name] = joined(found.get(name, ()))
            # Evidence keeps duplicates, as STRING_AGG does; sorted like it.
            sentences = sorted(found.get("x_evidence", ()))
            row["x_evidence"] = exports.EVIDENCE_SEPARATOR.join(sentences) if sentences else None
            yield row


def apply_export() -> None:
    """Route the meetings export through ``meeting_export_rows``."""
    from relations import exports

    original = exports.export_rows

    def export_rows(dataset, qs):
        return meeting_export_rows(qs) if dataset == "meetings" else original(dataset, qs)

    exports.export_rows = export_rows


def apply_export_reverse() -> None:
    """Build record URLs from a prefix resolved once, not with ``reverse()`` on every row
    (a fifth of the export's time at 100k rows)."""
    from django.urls import reverse

    from relations import exports

    prefixes: dict[str, str] = {}

    def fast_reverse(viewname, args=None, **kwargs):
        if kwargs or not args or len(args) != 1:
            return reverse(viewname, args=args, **kwargs)
        if viewname not in prefixes:
            prefixes[viewname] = reverse(viewname, args=[0])[: -len("0/")]
        return f"{prefixes[viewname]}{args[0]}/"

    exports.reverse = fast_reverse
