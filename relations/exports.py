"""CSV and JSON exports of every list, streamed row by row.

Each dataset is one SQL query: many-to-many values (partners, people, topics, sources)
arrive as text joined inside the database by correlated subqueries, so 100,000 rows need
one query and no more memory than 100. Columns are documented in README.md (CSV and JSON export);
change them only together with that file.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, TextField, Value
from django.urls import reverse

from . import selectors
from .models import (
    Agreement,
    Article,
    Country,
    Evidence,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Topic,
)

SEPARATOR = "; "
EVIDENCE_SEPARATOR = " | "
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
BOM = "\ufeff"


class JoinedText(Aggregate):
    """Text values joined with a fixed separator: GROUP_CONCAT on SQLite, STRING_AGG
    (ordered) on PostgreSQL. The separator is a module constant, never user input."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, separator: str = SEPARATOR, **extra):
        if "'" in separator:
            raise ValueError("separator must not contain a quote")
        self.separator = separator
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template=f"%(function)s(%(expressions)s, '{self.separator}')",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template=(
                f"%(function)s(CAST(%(expressions)s AS text), '{self.separator}' "
                "ORDER BY CAST(%(expressions)s AS text))"
            ),
            **extra_context,
        )


def joined(qs: QuerySet, field_name: str, separator: str = SEPARATOR) -> Subquery:
    """A correlated subquery joining ``field_name`` over ``qs`` into one text value."""
    # Grouping by a constant gives exactly one aggregate row per outer row.
    sub = (
        qs.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(joined=JoinedText(field_name, separator=separator))
        .values("joined")
    )
    return Subquery(sub, output_field=TextField())


@dataclass
class Column:
    """One export column: its name, how to read it from a row, and whether it is a list
    (values joined with "; ", sorted)."""

    name: str
    get: Callable[[Mapping], object]
    is_list: bool = False
    description: str = ""


@dataclass
class Dataset:
    """A named export: the annotated queryset to read and its columns."""

    name: str
    columns: list[Column] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]


def _key(name: str) -> Callable[[Mapping], object]:
    return lambda row: row[name]


def _sources(record_field: str) -> dict[str, Subquery]:
    """Source article ids, their URLs and the evidence sentences of each record."""
    evidence = Evidence.objects.filter(**{record_field: OuterRef("pk")})
    articles = Article.objects.filter(
        pk__in=Evidence.objects.filter(**{record_field: OuterRef(OuterRef("pk"))}).values(
            "article_id"
        )
    )
    return {
        "x_source_ids": joined(articles, "id"),
        "x_source_urls": joined(articles.exclude(url=""), "url"),
        "x_evidence": joined(evidence, "sentence", EVIDENCE_SEPARATOR),
    }


def _record_url(url_name: str, key: str = "id") -> Callable[[Mapping], str]:
    """A record's path from a prefix resolved once (``reverse()`` per row cost a quarter of
    a 100k-row export)."""
    prefix: list[str] = []

    def get(row: Mapping) -> str:
        if not prefix:
            prefix.append(reverse(url_name, args=["0"])[: -len("0/")])
        return f"{prefix[0]}{row[key]}/"

    return get


def _provenance_columns(url_name: str) -> list[Column]:
    return [
        Column("source_article_ids", _key("x_source_ids"), True, "Ids of the source articles"),
        Column("source_urls", _key("x_source_urls"), True, "Original URLs of the articles"),
        Column(
            "evidence", _key("x_evidence"), False, "Evidence sentences, joined with a vertical bar"
        ),
        Column("origin", _key("origin"), False, "extracted or manual"),
        Column("confidence", _key("confidence"), False, "Extractor confidence, 0 to 1"),
        Column("reviewed", _key("reviewed"), False, "true once a human reviewed it"),
        Column(
            "url",
            _record_url(url_name),
            False,
            "The record's page (path; absolute in web exports)",
        ),
    ]


MEETINGS = Dataset(
    "meetings",
    [
        Column("id", _key("id"), False, "Record id"),
        Column("date", _key("date"), False, "Start date (ISO); see date_precision"),
        Column("date_end", _key("date_end"), False, "Last day of a multi-day meeting"),
        Column("date_precision", _key("date_precision"), False, "day, month, year or unknown"),
        Column("status", _key("status"), False, "held or planned"),
        Column("format", _key("format"), False, "talks, visit, summit, call..."),
        Column("level", _key("level"), False, "Highest Kazakh level present"),
        Column("title", _key("title"), False, "Title of the meeting"),
        Column("location", _key("location"), False, "Place as the source names it"),
        Column("partners", _key("x_partners"), True, "ISO alpha-3 codes"),
        Column("partner_names", _key("x_partner_names"), True, "Country names"),
        Column("kz_people", _key("x_kz_people"), True, "Kazakh participants"),
        Column("partner_people", _key("x_partner_people"), True, "Partner participants"),
        Column("topics", _key("x_topics"), True, "Topic slugs"),
        Column("organizations", _key("x_organizations"), True, "Organization abbreviations"),
        *_provenance_columns("relations:meeting-detail"),
    ],
)

AGREEMENTS = Dataset(
    "agreements",
    [
        Column("id", _key("id"), False, "Record id"),
        Column("date", _key("date"), False, "Date signed or planned (ISO)"),
        Column("date_end", _key("date_end"), False, "End of a date range, if any"),
        Column("date_precision", _key("date_precision"), False, "day, month, year or unknown"),
        Column("status", _key("status"), False, "signed or planned"),
        Column("kind", _key("kind"), False, "agreement, memorandum, roadmap..."),
        Column("title", _key("title"), False, "Name of the document"),
        Column("parties", _key("x_parties"), True, "ISO alpha-3 codes"),
        Column("party_names", _key("x_party_names"), True, "Country names"),
        Column("organizations", _key("x_organizations"), True, "Organization abbreviations"),
        Column("meeting_id", _key("meeting_id"), False, "The meeting where it was signed"),
        *_provenance_columns("relations:agreement-detail"),
    ],
)


def _period(row: Mapping) -> str:
    start, end = row["period_start"], row["period_end"]
    if start is None:
        return ""
    if row["period_open"]:
        return f"{start}-"
    return f"{start}-{end}" if end and end != start else str(start)


METRICS = Dataset(
    "metrics",
    [
        Column("id", _key("id"), False, "Record id"),
        Column("partner", _key("partner_id"), False, "ISO alpha-3 code"),
        Column("partner_name", _key("partner__name"), False, "Country name"),
        Column("indicator", _key("indicator"), False, "trade_turnover, exports, imports..."),
        Column("kind", _key("kind"), False, "actual or target"),
        Column("value", _key("value"), False, "In base units (USD, not millions)"),
        Column("unit", _key("unit"), False, "ISO 4217 currency, percent or count"),
        Column("qualifier", _key("qualifier"), False, "exact, approximately, at_least..."),
        Column("period", _period, False, "2024, 2005-2025 or 2005- (open)"),
        Column("period_start", _key("period_start"), False, "First year"),
        Column("period_end", _key("period_end"), False, "Last year of a range"),
        Column("period_open", _key("period_open"), False, "true for 'since <year>'"),
        Column("claimed_on", _key("claimed_on"), False, "Date of the claim (ISO)"),
        *_provenance_columns("relations:metric-detail"),
    ],
)

COUNTRIES = Dataset(
    "countries",
    [
        Column("code", _key("code"), False, "ISO alpha-3 code"),
        Column("name", _key("name"), False, "Country name"),
        Column("region", _key("region"), False, "Region"),
        Column("meetings", _key("meeting_count"), False, "Meetings (held and planned)"),
        Column("agreements", _key("agreement_count"), False, "Agreements (signed and planned)"),
        Column("metrics", _key("metric_count"), False, "Figures claimed"),
        Column("last_contact", _key("last_contact"), False, "Latest held meeting (ISO date)"),
        Column("trade_turnover", _key("trade_value"), False, "Latest annual trade turnover"),
        Column("trade_turnover_unit", _key("trade_unit"), False, "Its unit"),
        Column("trade_turnover_year", _key("trade_year"), False, "Its year"),
        Column(
            "url",
            _record_url("relations:country-detail", "code"),
            False,
            "The partner's page",
        ),
    ],
)

PEOPLE = Dataset(
    "people",
    [
        Column("id", _key("id"), False, "Person id"),
        Column("name", _key("name"), False, "Name as the news writes it"),
        Column("country", _key("country_id"), False, "Their country (ISO alpha-3), if known"),
        Column("side", _key("side"), False, "kz, partner or other (latest meeting)"),
        Column("role", _key("role"), False, "Role in their latest meeting"),
        Column("meetings", _key("meeting_count"), False, "Meetings (with the partner filter)"),
        Column("last_met", _key("last_met"), False, "Date of the latest meeting (ISO)"),
    ],
)

ARTICLES = Dataset(
    "articles",
    [
        Column("id", _key("id"), False, "Article id"),
        Column("published", _key("published"), False, "Publication date (ISO)"),
        Column("title", _key("title"), False, "Title"),
        Column("publisher", _key("publisher"), False, "Publisher"),
        Column("source_url", _key("url"), False, "Original URL"),
        Column("partners", _key("x_partners"), True, "Partners it reports on (ISO alpha-3)"),
        Column("evidence_count", _key("record_count"), False, "Evidence sentences in it"),
        Column(
            "url",
            _record_url("relations:article-detail"),
            False,
            "The article's page, evidence highlighted",
        ),
    ],
)

DATASETS = {d.name: d for d in (MEETINGS, AGREEMENTS, METRICS, COUNTRIES, PEOPLE, ARTICLES)}


def filterset_for(dataset: str, data: Mapping, partner: Country | None = None):
    """The same FilterSet the dataset's page uses, bound to ``data``."""
    if dataset == "meetings":
        return selectors.meeting_filter(data=data, partner=partner)
    if dataset == "agreements":
        return selectors.agreement_filter(data=data, partner=partner)
    if dataset == "metrics":
        return selectors.metric_filter(data=data, partner=partner)
    if dataset == "countries":
        return selectors.partner_table(data=data)
    if dataset == "people":
        return selectors.people_filter(data=data, partner=partner, latest=True)
    if dataset == "articles":
        return selectors.article_filter(data=data, partner=partner)
    raise KeyError(dataset)


def export_rows(dataset: str, qs: QuerySet) -> Iterator[Mapping]:
    """Rows of the (already filtered) queryset as dicts, in one streamed query."""
    if dataset == "meetings":
        participants = MeetingParticipant.objects.filter(meeting_id=OuterRef("pk"))
        through = Meeting.partners.through.objects.filter(meeting_id=OuterRef("pk"))
        qs = qs.annotate(
            x_partners=joined(through, "country_id"),
            x_partner_names=joined(through, "country__name"),
            x_kz_people=joined(
                participants.filter(side=MeetingParticipant.Side.KAZAKH), "person__name"
            ),
            x_partner_people=joined(
                participants.exclude(side=MeetingParticipant.Side.KAZAKH), "person__name"
            ),
            x_topics=joined(
                Meeting.topics.through.objects.filter(meeting_id=OuterRef("pk")), "topic__slug"
            ),
            x_organizations=joined(
                Meeting.organizations.through.objects.filter(meeting_id=OuterRef("pk")),
                "organization__abbreviation",
            ),
            **_sources("meeting"),
        )
        fields = [
            "id", "date", "date_end", "date_precision", "status", "format", "level", "title",
            "location", "origin", "confidence", "reviewed",
        ]  # fmt: skip
    elif dataset == "agreements":
        through = Agreement.parties.through.objects.filter(agreement_id=OuterRef("pk"))
        qs = qs.annotate(
            x_parties=joined(through, "country_id"),
            x_party_names=joined(through, "country__name"),
            x_organizations=joined(
                Agreement.organizations.through.objects.filter(agreement_id=OuterRef("pk")),
                "organization__abbreviation",
            ),
            **_sources("agreement"),
        )
        fields = [
            "id", "date", "date_end", "date_precision", "status", "kind", "title", "meeting_id",
            "origin", "confidence", "reviewed",
        ]  # fmt: skip
    elif dataset == "metrics":
        qs = qs.annotate(**_sources("metric"))
        fields = [
            "id", "partner_id", "partner__name", "indicator", "kind", "value", "unit",
            "qualifier", "period_start", "period_end", "period_open", "claimed_on", "origin",
            "confidence", "reviewed",
        ]  # fmt: skip
    elif dataset == "people":
        fields = ["id", "name", "country_id", "side", "role", "meeting_count", "last_met"]
    elif dataset == "articles":
        qs = qs.annotate(
            x_partners=joined(
                Article.partners.through.objects.filter(article_id=OuterRef("pk")),
                "country_id",
            )
        )
        fields = ["id", "published", "title", "publisher", "url", "record_count"]
    else:
        fields = [
            "code", "name", "region", "meeting_count", "agreement_count", "metric_count",
            "last_contact", "trade_value", "trade_unit", "trade_year",
        ]  # fmt: skip
    extra = [name for name in qs.query.annotations if name.startswith("x_")]
    return qs.values(*fields, *extra).iterator(chunk_size=CHUNK_SIZE)


# --- PostgreSQL fast path -----------------------------------------------------------------
# 100,000 meetings through the ORM and csv_cell took 14-20 s: nine correlated subqueries per
# row and 25 Python calls per row. Here PostgreSQL joins each list once per link table
# (GROUP BY over the exported meetings), formats every cell as csv_cell would and writes the
# CSV itself (COPY ... TO STDOUT), so Python only passes bytes on. The output is byte for byte
# the generic one's (tests/relations/test_exports.py compares them).

# Bytes handed to the response at a time; COPY's rows are joined up to this size.
COPY_CHUNK_BYTES = 64 * 1024


def _cell(sql: str) -> str:
    """SQL text as csv_cell writes it: a formula guard (a leading = + - @ tab or CR gets a
    quote), and NULL for '' because COPY writes "" for an empty string, csv.writer nothing."""
    prefixes = "'=', '+', '-', '@', chr(9), chr(13)"
    return (
        f"NULLIF(CASE WHEN left({sql}, 1) IN ({prefixes}) THEN chr(39) || {sql} ELSE {sql} END, '')"
    )


def _sorted_join(sql: str) -> str:
    # COLLATE "C" sorts by code point, as Python's sorted() does in _with_base.
    return f"STRING_AGG({sql}, '{SEPARATOR}' ORDER BY {sql} COLLATE \"C\")"


def fast_csv_available(dataset: str) -> bool:
    """Whether ``fast_csv_lines`` can write this dataset on this database."""
    return dataset == "meetings" and connection.vendor == "postgresql"


def fast_csv_sql(qs: QuerySet, *, base_url: str = "") -> tuple[str, tuple]:
    """The SELECT whose rows are the meetings CSV's cells (all text or NULL), and its params."""
    base, params = qs.values("id").query.sql_with_params()
    record_url = base_url.rstrip("/") + reverse("relations:meeting-detail", args=[0])[:-2]
    meeting = Meeting._meta.db_table
    links = Meeting.partners.through._meta.db_table
    topics = Meeting.topics.through._meta.db_table
    organizations = Meeting.organizations.through._meta.db_table
    participant = MeetingParticipant._meta.db_table
    evidence, article = Evidence._meta.db_table, Article._meta.db_table
    kz = MeetingParticipant.Side.KAZAKH.value
    # Only table names and module constants are formatted in; values go as parameters.
    # ROW_NUMBER() OVER () numbers the rows in the order the filtered queryset returns them
    # (its ORDER BY, sort filter included); the joins below lose that order, n restores it.
    # Sources and evidence come from one pass over the evidence rows: an article's id and
    # URL count once per meeting (first), each sentence every time. A whole confidence gets
    # ".0" as str(1.0) has it (PostgreSQL writes 1; confidence is from 0 to 1).
    sql = f"""
        WITH o AS MATERIALIZED (SELECT q.id, ROW_NUMBER() OVER () AS n FROM ({base}) AS q),
        p AS (
            SELECT l.meeting_id, {_sorted_join("l.country_id")} AS codes,
                {_sorted_join("c.name")} AS names
            FROM o JOIN {links} l ON l.meeting_id = o.id
            JOIN {Country._meta.db_table} c ON c.code = l.country_id GROUP BY l.meeting_id
        ),
        pe AS (
            SELECT x.meeting_id,
                {_sorted_join("h.name")} FILTER (WHERE x.side = '{kz}') AS kz,
                {_sorted_join("h.name")} FILTER (WHERE x.side <> '{kz}') AS other
            FROM o JOIN {participant} x ON x.meeting_id = o.id
            JOIN {Person._meta.db_table} h ON h.id = x.person_id GROUP BY x.meeting_id
        ),
        t AS (
            SELECT l.meeting_id, {_sorted_join("t.slug")} AS slugs
            FROM o JOIN {topics} l ON l.meeting_id = o.id
            JOIN {Topic._meta.db_table} t ON t.id = l.topic_id GROUP BY l.meeting_id
        ),
        g AS (
            SELECT l.meeting_id, {_sorted_join("g.abbreviation")} AS abbreviations
            FROM o JOIN {organizations} l ON l.meeting_id = o.id
            JOIN {Organization._meta.db_table} g ON g.id = l.organization_id
            GROUP BY l.meeting_id
        ),
        s AS (
            SELECT x.meeting_id,
                {_sorted_join("CAST(x.article_id AS text)")} FILTER (WHERE x.first) AS ids,
                {_sorted_join("NULLIF(x.url, '')")} FILTER (WHERE x.first) AS urls,
                STRING_AGG(x.sentence, '{EVIDENCE_SEPARATOR}' ORDER BY CAST(x.sentence AS text))
                    AS sentences
            FROM (
                SELECT x.meeting_id, x.article_id, x.sentence, a.url,
                    ROW_NUMBER() OVER (PARTITION BY x.meeting_id, x.article_id) = 1 AS first
                FROM o JOIN {evidence} x ON x.meeting_id = o.id
                JOIN {article} a ON a.id = x.article_id
            ) x
            GROUP BY x.meeting_id
        )
        SELECT m.id, CAST(m.date AS text), CAST(m.date_end AS text),
            {_cell("m.date_precision")}, {_cell("m.status")}, {_cell("m.format")},
            {_cell("m.level")}, {_cell("m.title")}, {_cell("m.location")}, {_cell("p.codes")},
            {_cell("p.names")}, {_cell("pe.kz")}, {_cell("pe.other")}, {_cell("t.slugs")},
            {_cell("g.abbreviations")}, s.ids, {_cell("s.urls")}, {_cell("s.sentences")},
            {_cell("m.origin")},
            CASE WHEN m.confidence = trunc(m.confidence)
                THEN CAST(m.confidence AS text) || '.0' ELSE CAST(m.confidence AS text) END,
            CASE WHEN m.reviewed THEN 'true' ELSE 'false' END,
            %s || CAST(m.id AS text) || '/'
        FROM o JOIN {meeting} m ON m.id = o.id
        LEFT JOIN p ON p.meeting_id = m.id LEFT JOIN pe ON pe.meeting_id = m.id
        LEFT JOIN t ON t.meeting_id = m.id LEFT JOIN g ON g.meeting_id = m.id
        LEFT JOIN s ON s.meeting_id = m.id
        ORDER BY o.n
    """
    return sql, (*params, record_url)


def fast_csv_lines(qs: QuerySet, *, bom: bool = False, base_url: str = "") -> Iterator[bytes]:
    """The meetings CSV of ``csv_lines`` as UTF-8 bytes, written by PostgreSQL's COPY.

    COPY's CSV is csv.writer's (quotes only around a comma, a quote, CR or LF; quotes
    doubled) but for the line end, "\\n" where csv.writer has "\\r\\n". COPY sends every row
    as one message ending in "\\n" (the protocol's newline, also inside quoted cells), so
    each row's last byte is replaced and no cell is parsed."""
    sql, params = fast_csv_sql(qs, base_url=base_url)
    writer = csv.writer(_Echo())
    yield ((BOM if bom else "") + writer.writerow(MEETINGS.header)).encode()
    # Parameters merged client-side, as psycopg's copy() would; the statement is also what
    # the query log (DEBUG, tests) shows.
    statement = connection.ops.compose_sql(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
    with connection.cursor() as cursor:
        log = getattr(cursor, "debug_sql", None)
        with (
            log(statement) if log else nullcontext(),
            connection.wrap_database_errors,
            cursor.cursor.copy(statement) as copy,
        ):
            lines: list = []
            size = 0
            for row in copy:
                lines.append(row[:-1])
                size += len(row)
                if size >= COPY_CHUNK_BYTES:
                    lines.append(b"")
                    yield b"\r\n".join(lines)
                    lines, size = [], 0
            if lines:
                lines.append(b"")
                yield b"\r\n".join(lines)


# --- Cell formatting --------------------------------------------------------------------


def _plain(value) -> object:
    """A value as JSON has it: ISO dates, exact numbers, booleans."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def csv_cell(value) -> str:
    """A value as a CSV cell: ISO dates, plain numbers, true/false, and text that cannot
    run as a spreadsheet formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value
    return str(value)


class _Echo:
    """A file-like object whose write() hands the line back to the generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    dataset: Dataset, rows: Iterable[Mapping], *, bom: bool = False, base_url: str = ""
) -> Iterator[str]:
    """The CSV text, one line at a time."""
    writer = csv.writer(_Echo())
    yield (BOM if bom else "") + writer.writerow(dataset.header)
    for row in rows:
        yield writer.writerow(
            [csv_cell(_with_base(column, row, base_url)) for column in dataset.columns]
        )


def json_chunks(dataset: Dataset, rows: Iterable[Mapping], *, base_url: str = "") -> Iterator[str]:
    """A JSON array of objects keyed by the CSV column names, one object at a time."""
    yield "["
    first = True
    for row in rows:
        item = {}
        for column in dataset.columns:
            value = _plain(_with_base(column, row, base_url))
            if column.is_list:
                value = value.split(SEPARATOR) if value else []
            item[column.name] = value
        yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _with_base(column: Column, row: Mapping, base_url: str) -> object:
    value = column.get(row)
    if column.name == "url" and base_url:
        return base_url.rstrip("/") + value
    if column.is_list and value:
        # Sorted here because SQLite before 3.44 cannot order inside GROUP_CONCAT.
        return SEPARATOR.join(sorted(str(value).split(SEPARATOR)))
    return value
