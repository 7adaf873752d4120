"""Writes to the domain. Every write to relations' tables goes through a function here.

Ingest and the admin share these functions, so the rules that protect human work live in
one place: a field an admin corrected is never overwritten by ingest, a rejected record is
never recreated, and evidence for a merged-away record lands on the record that absorbed it.
"""

import collections
import contextlib
import contextvars
import datetime
import functools
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import reference
from .cache import generation_bump
from .cache import generation_bumps_coalesced as generation_bumps_coalesced  # for ingest
from .models import (
    HUB_CODE,
    LEVEL_RANK,
    Agreement,
    Article,
    Country,
    CountryAlias,
    DatePrecision,
    Evidence,
    Level,
    Meeting,
    MeetingParticipant,
    Metric,
    Organization,
    Origin,
    Person,
    PersonRole,
    Provenance,
    Rejection,
    SourceDocument,
    Topic,
)

TOPICS = [
    ("trade", "Trade"),
    ("investment", "Investment"),
    ("energy", "Energy"),
    ("transport", "Transport and logistics"),
    ("agriculture", "Agriculture"),
    ("culture", "Culture and humanitarian"),
    ("education", "Education and science"),
    ("security", "Security and defence"),
    ("health", "Health"),
    ("digital", "Digital and AI"),
    ("environment", "Environment"),
    ("tourism", "Tourism"),
]

# Outcomes an upsert reports, counted by the ingest summary.
CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"

# Two figures are the same claim when they differ by less than this share (press rounding).
SAME_FIGURE_TOLERANCE = Decimal("0.005")
# A multi-day visit reported by two outlets often starts or ends a day or two apart.
RANGE_SLACK = datetime.timedelta(days=2)
# Share of the shorter title's content words the other title must contain.
TITLE_OVERLAP = 0.6

_PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.MONTH: 1,
    DatePrecision.YEAR: 2,
    DatePrecision.UNKNOWN: 3,
}
# Words too common in titles to say two titles name the same thing.
_STOPWORDS = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "between",
        "its",
        "their",
        "from",
        "into",
        "about",
        "this",
        "that",
        "republic",
        "kazakhstan",
        "kazakh",
        "government",
        "governments",
    }
)
_DATE_FIELDS = ("date", "date_end", "date_precision")


@dataclass(frozen=True)
class SpanFacts:
    """A sentence of an article supporting a record, with its character span."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class PersonFacts:
    """A person as an article names them at a meeting."""

    name: str
    side: str  # MeetingParticipant.Side value
    country: str | None = None
    role: str = ""
    level: str = Level.OTHER


# --- Reference data -----------------------------------------------------------


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create or refresh every ISO 3166 country with aliases, organizations and topics.

    Idempotent: running it again changes nothing; aliases an admin added stay.
    """
    generation_bump()
    reference_cache_clear()
    records = reference.countries()
    existing = {c.code: c for c in Country.objects.all()}
    to_create, to_update = [], []
    for rec in records:
        values = {
            "alpha2": rec.alpha2,
            "name": rec.name,
            "official_name": rec.official_name,
            "region": rec.region,
        }
        country = existing.get(rec.code)
        if country is None:
            to_create.append(Country(code=rec.code, **values))
        elif any(getattr(country, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(country, key, value)
            to_update.append(country)
    Country.objects.bulk_create(to_create)
    if to_update:
        Country.objects.bulk_update(to_update, ["alpha2", "name", "official_name", "region"])

    known = set(CountryAlias.objects.values_list("normalized", flat=True))
    aliases = [
        CountryAlias(country_id=rec.code, alias=alias, normalized=key, kind=kind)
        for rec in records
        for alias, kind in rec.aliases
        if (key := reference.fold(alias)) not in known
    ]
    CountryAlias.objects.bulk_create(aliases, ignore_conflicts=True)

    for abbreviation, name, alias_list in reference.ORGANIZATIONS:
        Organization.objects.update_or_create(
            abbreviation=abbreviation, defaults={"name": name, "aliases": alias_list}
        )
    for slug, name in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name})
    return {
        "countries_created": len(to_create),
        "countries_updated": len(to_update),
        "aliases_created": len(aliases),
    }


# --- Helpers: fingerprints, similarity, locks ----------------------------------


def _date_key(date: datetime.date | None, precision: str) -> str:
    """The date as far as its precision knows it: "2025-05-20", "2025-05", "2025" or ""."""
    if date is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        word
        for word in re.findall(r"[a-z0-9]+", reference.fold(text or ""))
        if len(word) > 2 and word not in _STOPWORDS
    )


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def meeting_fingerprint(
    *,
    partners: Iterable[str],
    date: datetime.date | None,
    date_precision: str,
    format: str,
    title: str = "",
    people: Iterable[str] = (),
    reported_on: datetime.date | None = None,
) -> str:
    """Stable hash of the facts that identify an extracted meeting.

    An undated meeting is identified by who met and when it was reported, too: "talks with
    Türkiye" alone names a different event in every article.
    """
    words = " ".join(sorted(_content_words(title)))
    parts = ["meeting", ",".join(sorted(set(partners))), _date_key(date, date_precision)]
    parts += [format, words]
    if not _date_key(date, date_precision):
        parts.append(",".join(sorted({reference.fold(name) for name in people})))
        parts.append(reported_on.isoformat() if reported_on else "")
    return _fingerprint(*parts)


def agreement_fingerprint(
    *, partners: Iterable[str], title: str, date: datetime.date | None, date_precision: str
) -> str:
    """Stable hash of the facts that identify an extracted agreement."""
    words = " ".join(sorted(_content_words(title)))
    return _fingerprint(
        "agreement", ",".join(sorted(set(partners))), words, _date_key(date, date_precision)
    )


def metric_fingerprint(
    *,
    partner: str,
    indicator: str,
    value: Decimal | float,
    unit: str,
    kind: str,
    period_start: int | None,
    period_end: int | None,
    period_open: bool,
) -> str:
    """Stable hash of the facts that identify an extracted figure."""
    return _fingerprint(
        "metric",
        partner,
        indicator,
        f"{float(value):.6g}",
        unit,
        kind,
        period_start,
        period_end,
        period_open,
    )


def _titles_similar(a: str, b: str) -> bool:
    words_a, words_b = _content_words(a), _content_words(b)
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / min(len(words_a), len(words_b)) >= TITLE_OVERLAP


def _dates_compatible(
    a: datetime.date | None,
    a_end: datetime.date | None,
    a_precision: str,
    b: datetime.date | None,
    b_end: datetime.date | None,
    b_precision: str,
) -> bool | None:
    """True or False when both dates are known; None when either is unknown (no evidence)."""
    if a is None or b is None or DatePrecision.UNKNOWN in (a_precision, b_precision):
        return None
    coarser = max(a_precision, b_precision, key=_PRECISION_RANK.__getitem__)
    if coarser == DatePrecision.YEAR:
        return a.year == b.year
    if coarser == DatePrecision.MONTH:
        return (a.year, a.month) == (b.year, b.month)
    if a_end or b_end:
        return a <= (b_end or b) + RANGE_SLACK and b <= (a_end or a) + RANGE_SLACK
    return a == b


def _lock_key(kind: str, value: str) -> int:
    """A signed 32-bit key, as PostgreSQL's two-key advisory locks take."""
    key = zlib.crc32(f"{kind}:{value}".encode())
    return key - 2**32 if key >= 2**31 else key


# Lock namespaces (first key of the two-key advisory locks), so a document key and a
# partner key can never collide.
_PARTNER_LOCKS, _DOCUMENT_LOCKS = 7201, 7202


def partners_lock(*, codes: Iterable[str]) -> None:
    """Serialize record matching per partner across processes (PostgreSQL; a no-op elsewhere).

    Held until the transaction ends. Take every lock an article needs in one call at the
    start of its transaction: sorted order means two ingests never wait on each other in
    a cycle, and the later per-record calls find their locks already held. In an ingest
    session the lock statement goes out with the next look-up, in its round trip (every
    upsert starts with one, before it decides anything).
    """
    if not _on_postgresql() or not _db().in_atomic_block:
        return
    _, held, owed = _partner_locks()
    keys = sorted({_lock_key("partner", code) for code in codes} - held)
    held.update(keys)
    if not keys:
        return
    if _pipelining():
        owed[:] = sorted({*owed, *keys})
        return
    with connection.cursor() as cursor:
        cursor.execute(_PARTNER_LOCK_SQL, [_PARTNER_LOCKS, keys])


_PARTNER_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s, k) FROM unnest(%s::int[]) AS k ORDER BY k"


def _partner_locks() -> tuple[object, set[int], list[int]]:
    """(transaction, keys held, keys taken but not sent yet) of the current transaction."""
    db = _db()
    outermost = db.atomic_blocks[0]
    state = getattr(db, "_kz_partner_locks", None)
    if state is None or state[0] is not outermost:
        # Holding the block object (not its id) means a later block cannot reuse its address.
        state = (outermost, set(), [])
        db._kz_partner_locks = state
    return state


def _locks_owed() -> "_Query | None":
    """The partner locks taken but not sent yet (see partners_lock), as one statement."""
    if not _on_postgresql() or not _db().in_atomic_block:
        return None
    owed = _partner_locks()[2]
    if not owed:
        return None
    keys = owed[:]
    owed.clear()
    return _Query(_PARTNER_LOCK_SQL, [_PARTNER_LOCKS, keys])


@contextlib.contextmanager
def document_lock(*, sha256: str) -> Iterator[None]:
    """Hold a session lock on one file's hash so two ingests never store it at once."""
    if connection.vendor != "postgresql":
        yield
        return
    key = _lock_key("document", sha256)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_DOCUMENT_LOCKS, key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_DOCUMENT_LOCKS, key])


@contextlib.contextmanager
def relaxed_commits() -> Iterator[None]:
    """Let commits return before the disk flush (PostgreSQL), for bulk writes like ingest.

    A crash can lose the last fraction of a second of commits but never consistency: commits
    stay in order, so a file whose articles were lost also lost its "complete" mark, and the
    next ingest stores it again.
    """
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or getattr(connection, "_kz_relaxed", False)
    ):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    connection._kz_relaxed = True
    try:
        yield
    finally:
        connection._kz_relaxed = False
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


# The tables an ingest writes, whose planner statistics it keeps fresh while it fills them.
_INGEST_TABLES = (
    SourceDocument,
    Article,
    Evidence,
    Meeting,
    Meeting.partners.through,
    MeetingParticipant,
    Agreement,
    Agreement.parties.through,
    Metric,
    Person,
    PersonRole,
)


def statistics_refresh() -> None:
    """ANALYZE the tables ingest writes (PostgreSQL; nothing elsewhere).

    Autovacuum analyzes a table only after it has grown by a tenth and up to a minute later;
    an ingest into a young database doubles its tables faster than that, and with statistics
    of near-empty tables the planner picks scans that grow with the data.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in _INGEST_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


class StatisticsKeeper:
    """Calls statistics_refresh() each time the stored articles have doubled during a run."""

    FIRST = 250

    def __init__(self) -> None:
        self.stored = Article.objects.count()
        self.threshold = max(self.FIRST, 2 * self.stored)

    def add(self, articles: int) -> None:
        self.stored += articles
        if self.stored >= self.threshold:
            statistics_refresh()
            self.threshold = 2 * self.stored


# Known country codes. Reference data only grows, so a code seen once stays valid; an unknown
# code reloads the set before it is refused.
_known_codes: set[str] = set()


def _country_known(code: str) -> bool:
    if code not in _known_codes:
        _known_codes.update(Country.objects.values_list("code", flat=True))
    return code in _known_codes


def _check_codes(codes: Iterable[str]) -> list[str]:
    """The partner codes without the hub, each known as a Country, in first-seen order."""
    wanted = list(dict.fromkeys(code for code in codes if code and code != HUB_CODE))
    unknown = [code for code in wanted if not _country_known(code)]
    if unknown:
        raise ValueError(f"unknown country code(s) {', '.join(unknown)} (load reference data?)")
    return wanted


def _is_protected(record: Provenance) -> bool:
    """A record a human touched, which ingest must never delete."""
    return bool(record.corrected_fields) or record.reviewed or record.origin == Origin.MANUAL


def _write(record: models.Model, changes: dict[str, object]) -> bool:
    """Save only the given fields of an already locked row."""
    changes = {k: v for k, v in changes.items() if getattr(record, k) != v}
    if not changes:
        return False
    for name, value in changes.items():
        setattr(record, name, value)
    if _is_pending(record):
        return True  # its INSERT, still to come, carries the change
    fields = list(changes)
    if isinstance(record, Provenance):
        fields.append("updated_at")
    record.save(update_fields=fields)
    return True


_RECORD_TYPES: dict[type[Provenance], str] = {
    Meeting: Rejection.RecordType.MEETING,
    Agreement: Rejection.RecordType.AGREEMENT,
    Metric: Rejection.RecordType.METRIC,
}
_EVIDENCE_FIELD = {Meeting: "meeting", Agreement: "agreement", Metric: "metric"}


def _fingerprint_sql(
    model: type[Provenance], fingerprints: Sequence[str], columns: int = 0
) -> tuple[str, list[object]]:
    """Rows (source, pk, fingerprint, NULL x columns) for what fingerprints point at.

    Source 0: a rejection (pk NULL) or a merge (pk the record it went into); 1: a record's
    own fingerprint; 2: the fingerprint of a record's evidence.
    """
    field = _EVIDENCE_FIELD[model]
    among, prints = _in("fingerprint", fingerprints, "text")
    nulls = "".join([", NULL"] * columns)
    sql = (
        f"SELECT 0, merged_into_id, fingerprint{nulls} FROM {Rejection._meta.db_table}"
        f" WHERE record_type = %s AND {among}"
        f" UNION ALL SELECT 1, id, fingerprint{nulls} FROM {model._meta.db_table}"
        f" WHERE {among}"
        f" UNION ALL SELECT 2, {field}_id, fingerprint{nulls} FROM {Evidence._meta.db_table}"
        f" WHERE {among} AND {field}_id IS NOT NULL"
    )
    return sql, [_RECORD_TYPES[model], *prints, *prints, *prints]


def _resolved(
    model: type[Provenance], fingerprint: str, found: Iterable[tuple[int, int | None]]
) -> tuple[Provenance | None, bool]:
    """(record, rejected) from what a fingerprint points at, the record row-locked."""
    batch = _batch.get()
    found = set(found)
    if batch is not None:
        # Evidence this article has not written yet points at records too.
        found |= {(2, pk) for pk in batch.prints.get((model, fingerprint), ())}
    for source, pk in sorted(found, key=lambda row: (row[0], row[1] or 0)):
        if source == 0 and pk is None:
            return None, True
        record = _locked(model, pk)
        if record is not None:
            return record, False
    return None, False


def _locked(model: type[Provenance], pk: int) -> Provenance | None:
    """The row, locked until the transaction ends, so concurrent admin edits wait for us."""
    batch = _batch.get()
    if batch is not None and (model, pk) in batch.created:
        # Created in this transaction (so already ours); the same object keeps its history
        # deferred, so the one creation row records its final state.
        return batch.created[model, pk]
    return model.objects.select_for_update().filter(pk=pk).first()


# --- One article's writes, batched ------------------------------------------------


@dataclass
class _ArticleBatch:
    """Writes deferred to the end of one article's transaction (see article_batch)."""

    article_pk: int | None
    # (evidence field, record pk, start) -> the row (_EVIDENCE_COLUMNS), in the order first
    # attached.
    evidence: dict[tuple[str, int, int], tuple] = field(default_factory=dict)
    # (model, fingerprint) -> pks of records that deferred evidence with that fingerprint.
    prints: dict[tuple[type, str], set[int]] = field(default_factory=dict)
    # model -> pks of records this article's evidence supports.
    touched: dict[type, set[int]] = field(default_factory=dict)
    # (model, pk) -> records created in this transaction, awaiting their one history row.
    created: dict[tuple[type, int], models.Model] = field(default_factory=dict)
    # (folded name, country) -> the person, or None when looked up and absent.
    people: dict[tuple[str, str | None], Person | None] = field(default_factory=dict)
    # Link rows (partners, participants, topics...) of the records created in this batch:
    # (table, columns) -> rows, and (table, owner pk) -> the keys linked so far.
    links: dict[tuple[str, tuple[str, ...]], list[tuple]] = field(default_factory=dict)
    linked: dict[tuple[str, int], set] = field(default_factory=dict)
    # (person pk, title) -> the role, or None when known to be absent.
    roles: dict[tuple[int, str], PersonRole | None] = field(default_factory=dict)
    # Look-up key -> rows records_prefetch fetched ahead for the upserts, taken as used.
    prefetched: dict[tuple, list[list[tuple]]] = field(default_factory=dict)
    # New rows whose id came from the run's id blocks: their INSERTs wait for the flush.
    pending: dict[tuple[type, int], models.Model] = field(default_factory=dict)


_batch: contextvars.ContextVar[_ArticleBatch | None] = contextvars.ContextVar(
    "kz_article_batch", default=None
)


def _history_user():
    """The signed-in user of the current request (an upload), as simple_history records it."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _create(model: type[models.Model], **values) -> models.Model:
    """Insert a row; inside an article batch its history row is written at the batch's end."""
    batch = _batch.get()
    if batch is None:
        return model.objects.create(**values)
    record = model(**values)
    if model in _HISTORY_MODELS:
        _save_new(record, batch)
    else:
        _insert_new(record, batch)
    return record


def _save_new(record: models.Model, batch: "_ArticleBatch") -> None:
    # simple_history skips instances carrying this attribute; the flush writes the "+" row.
    record.skip_history_when_saving = True
    record._history_user = _history_user()
    _insert_new(record, batch)
    batch.created[type(record), record.pk] = record


def _insert_new(record: models.Model, batch: "_ArticleBatch") -> None:
    """Insert a new row now, or, with an id drawn from the run's blocks, with the flush."""
    ids = _id_blocks.get()
    if ids is None or record.pk is not None:
        record.save(force_insert=True)
        return
    record.pk = ids.take(type(record))
    record._state.adding = False
    record._state.db = connection.alias
    batch.pending[type(record), record.pk] = record


def _is_pending(record: models.Model) -> bool:
    """A row of this article's batch whose INSERT has not been sent yet."""
    batch = _batch.get()
    return batch is not None and (type(record), record.pk) in batch.pending


class _IdBlocks:
    """Primary keys drawn ahead from PostgreSQL's sequences, a block at a time.

    A new row's id is known before its INSERT, so the INSERT can wait for the article's
    one batched round trip while other rows already refer to it (foreign keys on
    PostgreSQL are checked at commit). Ids of a rolled-back article are skipped, as
    sequences always do.
    """

    BLOCK = 200

    def __init__(self) -> None:
        self.free: dict[type, list[int]] = {}

    def take(self, model: type[models.Model]) -> int:
        free = self.free.setdefault(model, [])
        if not free:
            table = model._meta.db_table
            column = model._meta.pk.column
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, self.BLOCK],
                )
                free.extend(sorted((pk for (pk,) in cursor.fetchall()), reverse=True))
        return free.pop()


_id_blocks: contextvars.ContextVar[_IdBlocks | None] = contextvars.ContextVar(
    "kz_id_blocks", default=None
)


@contextlib.contextmanager
def ingest_session() -> Iterator[None]:
    """A bulk run (an ingest) on PostgreSQL; elsewhere nothing changes.

    New rows' ids are drawn in blocks, so that each article's INSERTs travel with its one
    batched round trip; and the look-ups every article makes run as prepared statements
    (settings.INGEST_PREPARED_LOOKUPS), planned once per connection instead of once per
    article, where planning cost several times what running them does.
    """
    if connection.vendor != "postgresql":
        yield
        return
    prepared = settings.INGEST_PREPARED_LOOKUPS and not connection.in_atomic_block
    if prepared:
        # Generic plans for the prepared look-ups (tests/relations/test_ingest_lookups.py
        # checks they stay on indexes): left to choose, PostgreSQL keeps planning the simple
        # ones anew for every article. Statements Django sends are not prepared: unaffected.
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")
    token = _id_blocks.set(_IdBlocks())
    try:
        yield
    finally:
        _id_blocks.reset(token)
        if (unlock := _document_unlock_owed()) and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute(unlock.sql, unlock.params)
        if connection.connection is not None:
            # _new_cursor turned preparing on for this connection, whatever block we ran in.
            connection.connection.prepare_threshold = None
            if prepared:
                with connection.cursor() as cursor:
                    cursor.execute("RESET plan_cache_mode")


_spare_work: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "kz_spare_work", default=None
)


@contextlib.contextmanager
def spare_work(steps: Iterator[None] | None) -> Iterator[None]:
    """Fit ``steps`` (an iterator whose steps must not raise) into the block's waits for
    PostgreSQL: a step while an article's look-ups run, the rest while its writes do, and
    whatever is left when the block ends. An ingest reads and extracts its next file so."""
    pending = [steps] if steps is not None else []
    token = _spare_work.set(pending)
    try:
        yield
    finally:
        _spare_work.reset(token)
        if pending:
            collections.deque(pending.pop(), maxlen=0)  # the steps no wait took


def _spare_work_run(*, all_of_it: bool = False) -> None:
    pending = _spare_work.get()
    if not pending:
        return
    if all_of_it:
        collections.deque(pending.pop(), maxlen=0)
    elif next(pending[0], _DONE) is _DONE:
        pending.pop()


_DONE = object()


@contextlib.contextmanager
def _pipeline() -> Iterator[None]:
    """psycopg's pipeline mode; errors it reports on leaving (when the results come in)
    become Django's, as any cursor's do, so that callers can tell an IntegrityError."""
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def _pipelining() -> bool:
    """Whether look-ups travel together (an ingest session on PostgreSQL)."""
    return _id_blocks.get() is not None


@dataclass(frozen=True)
class _Query:
    """A look-up: ``prepared`` when its text is the same from one article to the next."""

    sql: str
    params: Sequence[object]
    prepared: bool = True


def _new_cursor(*, prepared: bool):
    """A cursor for ingest statements: with ``prepared``, in an ingest session, one whose
    statements PostgreSQL prepares (server-side binding); else Django's usual one."""
    db = _db()  # the proxy's thread-local look-up once, not per attribute (a hot path)
    if not (prepared and _pipelining() and settings.INGEST_PREPARED_LOOKUPS):
        return db.cursor()
    db.ensure_connection()
    raw = db.connection
    if raw.prepare_threshold is None:
        # Django leaves preparing off (connection poolers in transaction mode lose prepared
        # statements); it only ever applies to server-side binding cursors like this one.
        raw.prepare_threshold = 0
    from django.db.backends.postgresql.base import ServerBindingCursor

    return db._prepare_cursor(ServerBindingCursor(raw))


def _db():
    """The default database's wrapper itself: ``connection`` is a proxy that finds it in
    thread-local storage on every attribute it is asked for."""
    return connections[DEFAULT_DB_ALIAS]


@functools.cache
def _on_postgresql() -> bool:
    # One database per process; its engine does not change while it runs.
    return connection.vendor == "postgresql"


def _lookups(*queries: _Query | None) -> list[list[tuple]]:
    """The rows of each look-up (none for a None), in one round trip where possible.

    In an ingest session on PostgreSQL they go out together in pipeline mode, behind the
    partner locks the article still owes (partners_lock), most as prepared statements;
    elsewhere they run one after the other. Rows records_prefetch fetched already for
    the article are taken from it.
    """
    batch = _batch.get()
    results: list[list[tuple] | None] = []
    for query in queries:
        ready = batch.prefetched.get(_query_key(query)) if batch and query else None
        results.append([] if query is None else ready.pop() if ready else None)
    todo = [query for query, rows in zip(queries, results, strict=True) if rows is None]
    if owed := _locks_owed():
        todo.insert(0, owed)
    fetched = iter(_fetched(todo)[1 if owed else 0 :])
    return [next(fetched) if rows is None else rows for rows in results]


def _query_key(query: _Query) -> tuple:
    return query.sql, tuple(tuple(p) if isinstance(p, list) else p for p in query.params)


def _fetched(queries: list[_Query]) -> list[list[tuple]]:
    if not queries:
        return []
    cursors = [_new_cursor(prepared=query.prepared) for query in queries]
    try:
        with _pipeline() if _pipelining() else contextlib.nullcontext():
            for cursor, query in zip(cursors, queries, strict=True):
                cursor.execute(query.sql, query.params)
            if _pipelining():
                _spare_work_run()  # a step of the caller's spare work while they run
        # Leaving the pipeline waited for every result: fetching needs no more round trips.
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def records_prefetch(
    *,
    article: Article,
    meetings: Sequence[dict] = (),
    agreements: Sequence[dict] = (),
    figures: Sequence["FigureFacts"] = (),
) -> None:
    """Run, in one round trip, the look-ups the upserts of an article's records will make
    (meeting_upsert and agreement_upsert arguments, metrics_upsert figures), so that each
    upsert then finds its rows ready. Inside the article's batch in an ingest session on
    PostgreSQL; elsewhere nothing. Records the upserts would refuse are left to them.
    """
    batch = _batch.get()
    if batch is None or not _pipelining():
        return
    queries: list[_Query | None] = []
    for kind, records in ((_MeetingLookup, meetings), (_AgreementLookup, agreements)):
        for facts in records:
            with contextlib.suppress(ValueError):
                queries += kind.of(article=article, **facts).queries()
    with contextlib.suppress(ValueError):
        if figures:
            queries.append(_figures_query([_figure(facts) for facts in figures]))
    # Everyone the meetings name, learnt for the rest of the article.
    known = _PeopleLookup.of([p for facts in meetings for p in facts.get("people", ())])
    *rows, people = _lookups(*queries, known.query() if known else None)
    if known:
        known.learn(people)
    for query, found in zip(queries, rows, strict=True):
        if query is not None:
            batch.prefetched.setdefault(_query_key(query), []).append(found)


def _in(column: str, values: Sequence[object], cast: str) -> tuple[str, list[object]]:
    """``column`` among ``values``: one array parameter on PostgreSQL, so that the statement
    reads the same whatever their number (and can be prepared once); a list elsewhere."""
    if _on_postgresql():
        return f"{column} = ANY(%s::{cast}[])", [list(values)]
    return f"{column} IN ({_placeholders(values)})", list(values)


_HISTORY_MODELS = frozenset({Person, Meeting, Agreement, Metric})


def _saved_new(record: Provenance) -> None:
    """Insert a new extracted record (its history deferred inside an article batch)."""
    batch = _batch.get()
    if batch is None:
        record.save()
    else:
        _save_new(record, batch)


@contextlib.contextmanager
def article_batch(
    *,
    article: Article | None = None,
    complete: SourceDocument | None = None,
    commit: bool = False,
) -> Iterator[None]:
    """Defer an article's evidence rows and its new records' history to one round trip.

    For the records of an article that has no evidence yet (just created, or cleared because
    its text changed), inside that article's transaction: nothing else can have written
    evidence for it, so attaching needs no lookups. The upserts see the deferred rows.
    Without ``article``, the batch's article is the one article_upsert stores next in it
    (a new one is inserted with the batch, under ingest_session).
    ``complete``: the article is its document's last, so the same round trip marks it stored.
    ``commit``: the batch is the last of the caller's transaction, whose COMMIT then travels
    with it in an ingest session (the caller's own commit finds nothing left to do; nothing
    may be written after the block).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("article_batch needs the article's transaction")
    batch = _ArticleBatch(article_pk=article.pk if article is not None else None)
    token = _batch.set(batch)
    try:
        yield
        # Only the outermost transaction can end here (not one a test or caller wraps ours in).
        _batch_flush(batch, complete, commit=commit and len(connection.atomic_blocks) == 1)
    finally:
        _batch.reset(token)
        for record in batch.created.values():
            record.__dict__.pop("skip_history_when_saving", None)


def _batch_flush(
    batch: _ArticleBatch, complete: SourceDocument | None, *, commit: bool = False
) -> None:
    """Write the deferred rows: on PostgreSQL in one round trip, elsewhere one per table."""
    # New rows first, then links: the history snapshot of a new meeting's partners reads them.
    statements: list[_Rows | tuple[str, Sequence]] = _pending_rows(batch.pending.values())
    statements += [_Rows(table, columns, rows) for (table, columns), rows in batch.links.items()]
    statements += _evidence_rows(list(batch.evidence.values()))
    by_model: dict[type, list[models.Model]] = {}
    for (model, _), record in batch.created.items():
        by_model.setdefault(model, []).append(record)
    now = timezone.now()
    for model, records in by_model.items():
        statements.append(_history_copy_sql(model, records, now))
    if Meeting in by_model:
        statements.append(_meeting_partner_history_sql([r.pk for r in by_model[Meeting]]))
    if complete is not None:
        table = SourceDocument._meta.db_table
        statements.append((f"UPDATE {table} SET complete = %s WHERE id = %s", (True, complete.pk)))
    if _pipelining():
        # In pipeline mode they go out together and are answered together; one INSERT per
        # row and table, so that each statement is prepared once for the whole run.
        with _new_cursor(prepared=True) as cursor, _pipeline():
            for statement in statements:
                if isinstance(statement, _Rows):
                    cursor.executemany(statement.sql(1), statement.rows)
                else:
                    cursor.execute(*statement)
            if commit:
                cursor.execute("COMMIT")
            # The statements are on their way: do the caller's spare work while they run.
            _spare_work_run(all_of_it=True)
    else:
        statements = [s.rendered() if isinstance(s, _Rows) else s for s in statements]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Client-side binding sends this as one simple query: statements run in order.
                cursor.execute(
                    ";\n".join(sql for sql, _ in statements),
                    [param for _, params in statements for param in params],
                )
            else:
                for sql, params in statements:
                    cursor.execute(sql, params)
    if complete is not None:
        complete.complete = True


# Evidence columns written by the flush, in order (the id is the database's).
_EVIDENCE_COLUMNS = (
    "article_id", "meeting_id", "agreement_id", "metric_id", "sentence", "start", "end",
    "fingerprint",
)  # fmt: skip


@dataclass
class _Rows:
    """Rows for one table, written with plain INSERTs: bulk_create's compiler costs more
    CPU than the write."""

    table: str
    columns: Sequence[str]
    rows: list[Sequence[object]]

    def sql(self, rows: int) -> str:
        return _insert_sql(self.table, tuple(self.columns), rows)

    def rendered(self) -> tuple[str, tuple]:
        """One multi-row INSERT."""
        return self.sql(len(self.rows)), tuple(value for row in self.rows for value in row)


@functools.lru_cache(maxsize=512)
def _insert_sql(table: str, columns: tuple[str, ...], rows: int) -> str:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * rows)
    return f"INSERT INTO {table} ({names}) VALUES {values}"


def _pending_rows(records: Iterable[models.Model]) -> list[_Rows]:
    """One multi-row INSERT per model for the rows the batch holds back, as they stand now
    (a record matched again later in the article is written once, in its final state)."""
    by_model: dict[type, list[models.Model]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    statements = []
    db = _db()
    for model, rows in by_model.items():
        fields = _insert_fields(model)
        values = [
            [
                getattr(row, f.attname) if plain else f.get_db_prep_save(f.pre_save(row, True), db)
                for f, plain in fields
            ]
            for row in rows
        ]
        columns = [f.column for f, _ in fields]
        statements.append(_Rows(model._meta.db_table, columns, values))
    return statements


# Fields whose Python value psycopg writes as the ORM would (the rows go to PostgreSQL
# only): no auto_now, no JSON or decimal adaptation.
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.FloatField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)


@functools.cache
def _insert_fields(model: type[models.Model]) -> list[tuple[models.Field, bool]]:
    """(field, written as it stands) for each column of the model's INSERT."""
    return [
        (f, isinstance(f, _PLAIN_FIELDS) and not isinstance(f, models.JSONField))
        for f in model._meta.concrete_fields
    ]


def _evidence_rows(rows: list[tuple]) -> list[_Rows]:
    return [_Rows(Evidence._meta.db_table, _EVIDENCE_COLUMNS, rows)] if rows else []


def _history_copy_sql(
    model: type[models.Model], records: list[models.Model], now: datetime.datetime
) -> tuple[str, tuple]:
    """The "+" history rows of new records, copied from their rows as they stand now.

    What simple_history writes on creation, but the snapshot is the state the article's
    transaction leaves (a record matched again later in the article is recorded once).
    """
    quote = connection.ops.quote_name
    history = _history_manager(model).model
    columns = [quote(field.column) for field in history.tracked_fields]
    users = {getattr(r, "_history_user", None) for r in records}
    user = users.pop() if len(users) == 1 else None
    among, pks = _in(quote(model._meta.pk.column), [r.pk for r in records], "bigint")
    sql = (
        f"INSERT INTO {history._meta.db_table} ({', '.join(columns)}, history_date,"
        " history_type, history_user_id, history_change_reason)"
        f" SELECT {', '.join(columns)}, %s, %s, CAST(%s AS INTEGER), NULL"
        f" FROM {model._meta.db_table} WHERE {among}"
    )
    return sql, (now, "+", user.pk if user is not None else None, *pks)


_history_managers: dict[type, models.Manager] = {}


def _history_manager(model: type[models.Model]) -> models.Manager:
    # simple_history builds a new manager class on every ``Model.history`` access (~0.5 ms).
    if model not in _history_managers:
        _history_managers[model] = model.history
    return _history_managers[model]


def _meeting_partner_history_sql(meetings: list[int]) -> tuple[str, tuple]:
    """The partner snapshot simple_history keeps with each new meeting's history row."""
    history = _history_manager(Meeting).model._meta.db_table
    m2m = apps.get_model("relations", "HistoricalMeeting_partners")._meta.db_table
    through = Meeting.partners.through._meta.db_table
    among, pks = _in("p.meeting_id", meetings, "bigint")
    return (
        f"INSERT INTO {m2m} (id, meeting_id, country_id, history_id)"
        f" SELECT p.id, p.meeting_id, p.country_id, h.history_id FROM {through} p"
        f" JOIN {history} h ON h.id = p.meeting_id AND h.history_type = %s WHERE {among}",
        ("+", *pks),
    )


# --- Sources --------------------------------------------------------------------


def documents_unchanged(*, sha256s: Iterable[str]) -> set[str]:
    """Which of these file hashes are already fully stored (so ingest can skip reading them)."""
    hashes = list(sha256s)
    found: set[str] = set()
    for i in range(0, len(hashes), 500):
        found.update(
            SourceDocument.objects.filter(
                sha256__in=hashes[i : i + 500], complete=True
            ).values_list("sha256", flat=True)
        )
    return found


def document_store(
    *,
    name: str,
    sha256: str,
    size: int,
    content_type: str = "text",
    extractor_version: str = "",
    path: str = "",
    _lock: int | None = None,
) -> tuple[SourceDocument, str]:
    """Register one file; (document, "unchanged" | "resumed" | "created" | "replaced").

    A changed file replaces the earlier version at the same path (or, for uploads, with the
    same name): the earlier file's articles and evidence go, and records left without
    evidence that no human touched are deleted.
    """
    generation_bump()
    path, name = path[-1000:], name[-500:]
    values = {
        "name": name,
        "path": path,
        "sha256": sha256,
        "size": size,
        "content_type": content_type,
        "extractor_version": extractor_version,
    }
    if _lock is not None and (document := _document_register_locked(_lock, values)):
        return document, CREATED
    same_file = models.Q(path=path) if path else models.Q(path="", name=name)
    # One look finds the same bytes stored before and earlier versions of the same file.
    found = list(SourceDocument.objects.filter(models.Q(sha256=sha256) | same_file))
    document = next((d for d in found if d.sha256 == sha256), None)
    if document is not None:
        return document, UNCHANGED if document.complete else "resumed"
    # Not get_or_create: its savepoint costs two more round trips for every file. A new file
    # is one INSERT, atomic by itself; replacing an older version needs a transaction.
    guarded = found or connection.in_atomic_block
    try:
        with transaction.atomic() if guarded else contextlib.nullcontext():
            document = SourceDocument.objects.create(**values)
            if not found:
                return document, CREATED
            older = SourceDocument.objects.filter(same_file).exclude(pk=document.pk)
            _evidence_delete(Evidence.objects.filter(article__document__in=older))
            older.delete()
            return document, "replaced"
    except IntegrityError:
        # Another ingest registered the same bytes between our look and our insert.
        document = SourceDocument.objects.get(sha256=sha256)
        return document, UNCHANGED if document.complete else "resumed"


def _document_register_locked(key: int, values: dict[str, object]) -> SourceDocument | None:
    """Take the file's session lock and insert it if nothing like it is stored: one round
    trip (PostgreSQL). None when the hash or an earlier version of the file is stored
    already: the caller looks at those under the lock now held."""
    table = SourceDocument._meta.db_table
    values = {**values, "ingested_at": timezone.now(), "complete": False}
    same_file = "path = %s" if values["path"] else "path = '' AND name = %s"
    columns = ", ".join(connection.ops.quote_name(column) for column in values)
    register = (
        f"WITH found AS (SELECT id FROM {table} WHERE sha256 = %s OR ({same_file}))"
        f" INSERT INTO {table} ({columns})"
        f" SELECT {', '.join(['%s'] * len(values))} WHERE NOT EXISTS (SELECT 1 FROM found)"
        " ON CONFLICT (sha256) DO NOTHING RETURNING id"
    )
    params = [values["sha256"], values["path"] or values["name"], *values.values()]
    # One round trip in an ingest session, with the previous file's unlock; the INSERT's
    # snapshot is taken after the lock is granted.
    *_, rows = _lookups(
        _document_unlock_owed(),
        _Query("SELECT pg_advisory_lock(%s, %s)", [_DOCUMENT_LOCKS, key]),
        _Query(register, params),
    )
    if not rows:
        return None
    document = SourceDocument(id=rows[0][0], **values)
    document._state.adding = False
    return document


@contextlib.contextmanager
def document_claimed(**facts) -> Iterator[tuple[SourceDocument, str]]:
    """document_store (same arguments) under document_lock for the block.

    On PostgreSQL, outside a transaction, the lock and the registration of a new file are
    one round trip.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        with document_lock(sha256=facts["sha256"]):
            yield document_store(**facts)
        return
    key = _lock_key("document", facts["sha256"])
    try:
        yield document_store(**facts, _lock=key)
    finally:
        if _pipelining():
            # Sent with the next file's registration (or when the session ends): the lock
            # outlives the file's last commit by the time it takes to read the next file.
            connection._kz_document_unlock_owed = key
        else:
            with connection.cursor() as cursor:
                cursor.execute(_DOCUMENT_UNLOCK_SQL, [_DOCUMENT_LOCKS, key])


_DOCUMENT_UNLOCK_SQL = "SELECT pg_advisory_unlock(%s, %s)"


def _document_unlock_owed() -> _Query | None:
    key = getattr(connection, "_kz_document_unlock_owed", None)
    if key is None:
        return None
    connection._kz_document_unlock_owed = None
    return _Query(_DOCUMENT_UNLOCK_SQL, [_DOCUMENT_LOCKS, key])


@transaction.atomic(savepoint=False)
def document_complete(*, document: SourceDocument) -> None:
    """Mark a file as fully stored, so the next ingest skips it."""
    SourceDocument.objects.filter(pk=document.pk).update(complete=True)
    document.complete = True


def _evidence_delete(evidence: models.QuerySet) -> int:
    """Delete evidence rows, then the extracted records they leave unsupported."""
    ids = {
        model: set(evidence.filter(**{f"{field}__isnull": False}).values_list(field, flat=True))
        for model, field in _EVIDENCE_FIELD.items()
    }
    count, _ = evidence.delete()
    for model, pks in ids.items():
        if not pks:
            continue
        orphans = model.objects.filter(
            pk__in=pks, evidence__isnull=True, origin=Origin.EXTRACTED, reviewed=False
        ).only("pk", "corrected_fields", "reviewed", "origin")
        doomed = [r.pk for r in orphans if not _is_protected(r)]
        if doomed:
            model.objects.filter(pk__in=doomed).delete()
    return count


def _safe_url(url: str) -> str:
    """An http(s) link, or "" for anything else: a bad link must not cost the article."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url if len(url) <= 1000 else ""


@transaction.atomic(savepoint=False)
def article_upsert(
    *,
    document: SourceDocument,
    position: int,
    title: str,
    text: str,
    published: datetime.date | None = None,
    publisher: str = "",
    url: str = "",
    language: str = "en",
    partners: Sequence[str] = (),
    new_document: bool = False,
) -> tuple[Article, str]:
    """Store one article of a document; (article, "created" | "unchanged" | "updated").

    An article whose text changed loses its evidence (and the records only it supported)
    before its records are stored again.
    """
    generation_bump()
    sha = hashlib.sha256(text.encode()).hexdigest()
    codes = _check_codes(partners)
    values = {
        "title": title[:1000] or text.strip().split("\n", 1)[0][:1000] or "(untitled)",
        "published": published,
        "publisher": publisher[:200],
        "url": _safe_url(url),
        "language": language[:10] or "en",
        "text": text,
        "sha256": sha,
    }
    Article(document=document, position=position, **values).clean_fields(exclude=["document"])
    # No savepoint-guarded get_or_create: document_lock keeps two ingests off one file.
    # A document registered just now (new_document) has no articles to look for.
    article = (
        None
        if new_document
        else Article.objects.filter(document=document, position=position).first()
    )
    batch = _batch.get()
    if batch is None or batch.article_pk is not None:
        batch = None  # not this article's batch
    if article is None:
        if batch is not None:  # inserted with the batch, under ingest_session
            article = _create(Article, document=document, position=position, **values)
        else:
            article = Article.objects.create(document=document, position=position, **values)
        through = Article.partners.through
        if batch is not None and _is_pending(article):
            rows = {code: {"country_id": code} for code in codes}
            _defer_links(batch, through, "article_id", article.pk, rows)
        else:
            through.objects.bulk_create(through(article=article, country_id=c) for c in codes)
        if batch is not None:
            batch.article_pk = article.pk
        return article, CREATED
    article = Article.objects.select_for_update().get(pk=article.pk)
    if batch is not None:
        batch.article_pk = article.pk
    if article.sha256 == sha:
        return article, UNCHANGED
    _evidence_delete(Evidence.objects.filter(article=article))
    _write(article, values)
    article.partners.set(codes)
    return article, UPDATED


@transaction.atomic(savepoint=False)
def evidence_attach(
    *, article: Article, record: Provenance, span: SpanFacts, fingerprint: str = ""
) -> bool:
    """Link a sentence of an article to a record; False when that link already exists."""
    field = _EVIDENCE_FIELD[type(record)]
    start = max(0, span.start)
    end = max(span.end, start + 1)
    batch = _batch.get()
    if batch is not None and batch.article_pk == article.pk:
        return _defer_evidence(batch, article, record, field, span, start, end, fingerprint)
    _, created = Evidence.objects.get_or_create(
        article=article,
        start=start,
        **{field: record},
        defaults={"sentence": span.sentence, "end": end, "fingerprint": fingerprint},
    )
    return created


def _defer_evidence(
    batch: _ArticleBatch,
    article: Article,
    record: Provenance,
    field: str,
    span: SpanFacts,
    start: int,
    end: int,
    fingerprint: str,
) -> bool:
    key = (field, record.pk, start)
    if key in batch.evidence:
        return False
    # A row in _EVIDENCE_COLUMNS' order (a model instance per sentence cost more than its write).
    batch.evidence[key] = (
        article.pk,
        record.pk if field == "meeting" else None,
        record.pk if field == "agreement" else None,
        record.pk if field == "metric" else None,
        span.sentence,
        start,
        end,
        fingerprint,
    )
    model = type(record)
    batch.touched.setdefault(model, set()).add(record.pk)
    if fingerprint:
        batch.prints.setdefault((model, fingerprint), set()).add(record.pk)
    return True


def _touched(model: type[Provenance]) -> set[int]:
    """Records that evidence of the batched article (not yet written) supports."""
    batch = _batch.get()
    return batch.touched.get(model, set()) if batch is not None else set()


def _deferred(record: models.Model) -> _ArticleBatch | None:
    """The batch of the current article when it created ``record``: its links wait for it."""
    batch = _batch.get()
    if batch is not None and (type(record), record.pk) in batch.created:
        return batch
    return None


def _defer_links(
    batch: _ArticleBatch,
    through: type[models.Model],
    owner: str,
    owner_pk: int,
    rows: dict[object, dict[str, object]],
) -> list[object]:
    """Queue link rows {key: {column: value}} of a record created in this batch; the keys
    it did not have yet are returned (a record reported twice in one article links once)."""
    table = through._meta.db_table
    seen = batch.linked.setdefault((table, owner_pk), set())
    added = []
    for key, values in rows.items():
        if key in seen:
            continue
        seen.add(key)
        batch.links.setdefault((table, (owner, *values)), []).append((owner_pk, *values.values()))
        added.append(key)
    return added


# --- People ---------------------------------------------------------------------


def _get_or_create(
    model: type[models.Model], defaults: dict[str, object], **lookup
) -> tuple[models.Model, bool]:
    """Like QuerySet.get_or_create without its savepoint (two round trips per new row).

    A row created by a concurrent ingest between the look and the insert raises
    IntegrityError; the ingest retries the whole article, and the retry finds the row.
    """
    found = model.objects.filter(**lookup).first()
    if found is not None:
        return found, False
    return _create(model, **lookup, **defaults), True


def _person_get_or_create(name: str, key: str, country: str | None) -> Person:
    batch = _batch.get()
    if batch is None or (key, country) not in batch.people:
        person, _ = _get_or_create(Person, {"name": name}, key=key, country_id=country)
    else:
        person = batch.people[key, country] or _create(
            Person, name=name, key=key, country_id=country
        )
    if batch is not None:
        batch.people[key, country] = person
    return person


def _person_key(name: str) -> str:
    return reference.fold(" ".join(name.split())[:200])


@dataclass
class _PeopleLookup:
    """Every person a meeting names, with the roles it gives them, in one query (inside an
    article batch, which remembers them for the rest of the article)."""

    batch: _ArticleBatch
    wanted: set[tuple[str, str | None]]
    titles: list[str]

    @classmethod
    def of(cls, people: Sequence[PersonFacts]) -> "_PeopleLookup | None":
        batch = _batch.get()
        if batch is None:
            return None
        wanted = set()
        for facts in people:
            key = _person_key(facts.name)
            country = facts.country if facts.country and _country_known(facts.country) else None
            if key and (key, country) not in batch.people:
                wanted.add((key, country))
        if not wanted:
            return None
        titles = sorted({" ".join(f.role.split())[:200] for f in people} - {""})
        return cls(batch, wanted, titles)

    def query(self) -> _Query:
        quote = connection.ops.quote_name
        person = ", ".join(f"p.{quote(f.column)}" for f in Person._meta.concrete_fields)
        role = ", ".join(f"r.{quote(f.column)}" for f in PersonRole._meta.concrete_fields)
        keys, key_params = _in("p.key", sorted({key for key, _ in self.wanted}), "text")
        held, title_params = _in("r.title", self.titles, "text") if self.titles else ("1 = 0", [])
        return _Query(
            f"SELECT {person}, {role} FROM {Person._meta.db_table} p"
            f" LEFT JOIN {PersonRole._meta.db_table} r ON r.person_id = p.id AND {held}"
            f" WHERE {keys}",
            [*title_params, *key_params],
        )

    def learn(self, rows: Sequence[tuple]) -> None:
        batch, width = self.batch, len(Person._meta.concrete_fields)
        found: dict[int, Person] = {}
        for row in rows:
            person_row, role_row = row[:width], row[width:]
            if (person_row[2], person_row[4]) not in self.wanted:
                continue  # the same name in another country
            if (person := found.get(person_row[0])) is None:
                person = found[person_row[0]] = _from_row(Person, person_row)
                batch.people[person.key, person.country_id] = person
            if role_row[0] is not None:
                role = _from_row(PersonRole, role_row)
                batch.roles[role.person_id, role.title] = role
        for pair in self.wanted:
            batch.people.setdefault(pair, None)
        # What the look-up did not return is known to be absent: recording it needs none.
        for pk in found:
            for title in self.titles:
                batch.roles.setdefault((pk, title), None)


def _from_row(model: type[models.Model], row: Sequence[object]) -> models.Model:
    """A model instance from a raw row of its concrete columns, converted as the ORM would
    (JSON text, SQLite's dates and booleans)."""
    db = _db()
    values = []
    for (column, converters), value in zip(_converters(model), row, strict=True):
        for converter in converters:
            value = converter(value, column, db)
        values.append(value)
    return model.from_db(db.alias, None, values)


@functools.cache
def _converters(model: type[models.Model]) -> list[tuple[object, list]]:
    db = _db()
    return [
        (f.cached_col, f.get_db_converters(db) + db.ops.get_db_converters(f.cached_col))
        for f in model._meta.concrete_fields
    ]


@transaction.atomic(savepoint=False)
def person_upsert(
    *,
    name: str,
    country: str | None = None,
    role: str = "",
    level: str = Level.OTHER,
    seen_on: datetime.date | None = None,
) -> Person:
    """Learn a person by folded name and country; record their role and widen its dates."""
    name = " ".join(name.split())[:200]
    key = reference.fold(name)
    if not key:
        raise ValueError("a person needs a name")
    if country and not _country_known(country):
        country = None
    person = _person_get_or_create(name, key, country or None)
    for _ in range(10):
        if person.merged_into_id is None:
            break
        person = Person.objects.get(pk=person.merged_into_id)
    if name != person.name and name not in person.name_variants:
        batch = _batch.get()
        locked = (batch.created.get((Person, person.pk)) if batch else None) or (
            Person.objects.select_for_update().get(pk=person.pk)
        )
        if name not in locked.name_variants:
            _write(locked, {"name_variants": [*locked.name_variants, name]})
        person = locked
    role = " ".join(role.split())[:200]
    if role:
        _role_record(person, role, level, country or None, seen_on)
    return person


def _role_record(
    person: Person, title: str, level: str, country: str | None, seen_on: datetime.date | None
) -> None:
    """Learn the role, or widen its span to ``seen_on`` and raise an unknown level."""
    batch = _batch.get()
    if batch is not None and (person.pk, title) in batch.roles:
        role = batch.roles[person.pk, title]
    elif batch is not None and (Person, person.pk) in batch.created:
        role = None  # a person created in this article has no roles yet
    else:
        role = PersonRole.objects.filter(person=person, title=title).first()
    if role is None:
        role = _create(
            PersonRole, person=person, title=title, level=level, country_id=country,
            start=seen_on, end=seen_on,
        )  # fmt: skip
    else:
        changes = {}
        if seen_on and (role.start is None or seen_on < role.start):
            changes["start"] = Least(Coalesce(F("start"), Value(seen_on)), Value(seen_on))
        if seen_on and (role.end is None or seen_on > role.end):
            changes["end"] = Greatest(Coalesce(F("end"), Value(seen_on)), Value(seen_on))
        if role.level == Level.OTHER and level != Level.OTHER:
            changes["level"] = Case(When(level=Level.OTHER, then=Value(level)), default=F("level"))
        if changes and not _is_pending(role):
            # One statement, widening whatever the row holds now: no lock-then-update.
            PersonRole.objects.filter(pk=role.pk).update(**changes)
        if changes:
            role.start = min(filter(None, (role.start, seen_on)), default=None)
            role.end = max(filter(None, (role.end, seen_on)), default=None)
            if role.level == Level.OTHER:
                role.level = level
    if batch is not None:
        batch.roles[person.pk, title] = role


# --- Meetings -------------------------------------------------------------------


# Day-precision records are looked up by their start date within this distance before the
# window, so that the (date_precision, date) index bounds the scan; a longer stored span is
# still found by its fingerprint or evidence, just not as a near match.
LONGEST_SPAN = datetime.timedelta(days=31)


def _as_date(value: object) -> datetime.date | None:
    """A date column read through a raw cursor (SQLite returns ISO text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


def _date_window_sql(
    alias: str, date: datetime.date, date_end: datetime.date | None, precision: str
) -> tuple[str, list[object]]:
    """Records whose dates could be compatible with this one (the exact test runs in Python).

    Each branch names its precisions and bounds its date range, so that the
    (date_precision, date) index serves it whatever the size of the table.
    """
    column, kind = f"{alias}.date", f"{alias}.date_precision"
    y_first, y_last = date.replace(month=1, day=1), date.replace(month=12, day=31)
    if precision == DatePrecision.YEAR:
        return f"({kind} IN (%s, %s, %s) AND {column} BETWEEN %s AND %s)", [
            DatePrecision.YEAR,
            DatePrecision.MONTH,
            DatePrecision.DAY,
            y_first,
            y_last,
        ]
    same_year = f"({kind} = %s AND {column} BETWEEN %s AND %s)"
    first = date.replace(day=1)
    if precision == DatePrecision.MONTH:
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return f"({same_year} OR ({kind} IN (%s, %s) AND {column} >= %s AND {column} < %s))", [
            DatePrecision.YEAR,
            y_first,
            y_last,
            DatePrecision.MONTH,
            DatePrecision.DAY,
            first,
            following,
        ]
    low, high = date - RANGE_SLACK, (date_end or date) + RANGE_SLACK
    return (
        f"({same_year} OR ({kind} = %s AND {column} = %s)"
        f" OR ({kind} = %s AND {column} BETWEEN %s AND %s"
        f" AND COALESCE({alias}.date_end, {column}) >= %s))"
    ), [
        DatePrecision.YEAR,
        y_first,
        y_last,
        DatePrecision.MONTH,
        first,
        DatePrecision.DAY,
        low - LONGEST_SPAN,
        high,
        low,
    ]


def _candidate_filters(
    model: type[Provenance], alias: str, article: Article, partners: Sequence[str]
) -> tuple[str, list[object]]:
    """SQL shared by every candidate look-up: a partner in common, not reported by this
    article (two records the extractor told apart in one article are two). Those its
    evidence, not yet written, supports are left out by _first_locked."""
    links = getattr(model, "partners" if model is Meeting else "parties").through
    own = model._meta.model_name
    shared, codes = _in("t.country_id", partners, "text")
    sql = (
        f" AND EXISTS (SELECT 1 FROM {links._meta.db_table} t WHERE t.{own}_id = {alias}.id"
        f" AND {shared})"
        f" AND NOT EXISTS (SELECT 1 FROM {Evidence._meta.db_table} x"
        f" WHERE x.{own}_id = {alias}.id AND x.article_id = %s)"
    )
    return sql, [*codes, article.pk]


def _first_locked(model: type[Provenance], candidates: Iterable, matches) -> Provenance | None:
    """The first candidate that ``matches``, row-locked (None when none does), leaving out
    the records this article already reported (see _candidate_filters)."""
    touched = _touched(model)
    found = next((c for c in candidates if c.pk not in touched and matches(c)), None)
    return _locked(model, found.pk) if found is not None else None


def _validated(record: Provenance, *, exclude: Sequence[str] = ()) -> Provenance:
    """A new extracted record checked field by field (constraints are the database's to check;
    ``exclude`` names foreign keys the caller looked up itself, to skip their queries)."""
    record.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    return record


def _created(record: Provenance, *, exclude: Sequence[str] = ()) -> str:
    """Validate and insert a new extracted record."""
    _saved_new(_validated(record, exclude=exclude))
    return CREATED


def _date_upgrade(
    record: Provenance,
    corrected: set[str],
    date: datetime.date | None,
    date_end: datetime.date | None,
    precision: str,
) -> dict[str, object]:
    """The date change a report brings: a more precise date, unless a human set the date."""
    if (
        not corrected & set(_DATE_FIELDS)
        and date is not None
        and _PRECISION_RANK[precision] < _PRECISION_RANK[record.date_precision]
    ):
        return {"date": date, "date_end": date_end, "date_precision": precision}
    return {}


# Without a date on one side, only this many shared participants (and the same format) make
# two reports one event: the same two ministers meet every year.
UNDATED_SHARED_PEOPLE = 2
UNDATED_REPORT_WINDOW = datetime.timedelta(days=7)


@dataclass(frozen=True)
class _MeetingCandidate:
    pk: int
    date: datetime.date | None
    date_end: datetime.date | None
    date_precision: str
    format: str
    title: str
    people: frozenset[int]


def _meeting_candidates_query(
    article: Article,
    partners: Sequence[str],
    date: datetime.date | None,
    date_end: datetime.date | None,
    date_precision: str,
    person_keys: Sequence[str],
) -> _Query | None:
    """Stored meetings that may be this one, in one query that stays on indexes.

    Dated: those in the date window. Undated on either side: those that share a participant
    (by the folded names of the people this report names) and were reported within a week
    of this article (the same two ministers meet every year).
    """
    branches, params = [], []
    if date is not None:
        window, window_params = _date_window_sql("w", date, date_end, date_precision)
        branches.append(f"SELECT w.id FROM {Meeting._meta.db_table} w WHERE {window}")
        params += window_params
    if article.published and person_keys:
        among, people = _in("n.key", sorted(person_keys), "text")
        undated = "" if date is None else " AND u.date IS NULL"
        branches.append(
            f"SELECT p.meeting_id FROM {MeetingParticipant._meta.db_table} p"
            f" JOIN {Meeting._meta.db_table} u ON u.id = p.meeting_id{undated}"
            f" JOIN {Evidence._meta.db_table} e ON e.meeting_id = p.meeting_id"
            f" JOIN {Article._meta.db_table} a ON a.id = e.article_id"
            f" WHERE p.person_id IN (SELECT COALESCE(n.merged_into_id, n.id)"
            f" FROM {Person._meta.db_table} n WHERE {among})"
            f" AND a.published BETWEEN %s AND %s"
        )
        params += [
            *people,
            article.published - UNDATED_REPORT_WINDOW,
            article.published + UNDATED_REPORT_WINDOW,
        ]
    if not branches:
        return None
    filters, filter_params = _candidate_filters(Meeting, "m", article, partners)
    sql = (
        "SELECT m.id, m.date, m.date_end, m.date_precision, m.format, m.title, mp.person_id"
        f" FROM {Meeting._meta.db_table} m"
        f" LEFT JOIN {MeetingParticipant._meta.db_table} mp ON mp.meeting_id = m.id"
        f" WHERE m.id IN ({' UNION '.join(branches)}){filters} ORDER BY m.id"
    )
    return _Query(sql, params + filter_params)


def _meeting_candidates(rows: Sequence[tuple]) -> list[_MeetingCandidate]:
    """The candidates from _meeting_candidates_query's rows (one per participant)."""
    people_of: dict[int, set[int]] = {}
    for pk, *_, person in rows:
        people_of.setdefault(pk, set()).update([person] if person is not None else [])
    seen: dict[int, _MeetingCandidate] = {}
    for pk, day, end, precision, format, title, _ in rows:
        if pk not in seen:
            seen[pk] = _MeetingCandidate(
                pk,
                _as_date(day),
                _as_date(end),
                precision,
                format,
                title,
                frozenset(people_of[pk]),
            )
    return list(seen.values())


def _meeting_matches(
    meeting: _MeetingCandidate,
    *,
    date,
    date_end,
    date_precision,
    format: str,
    title: str,
    person_ids: set[int],
) -> bool:
    dates = _dates_compatible(
        meeting.date, meeting.date_end, meeting.date_precision, date, date_end, date_precision
    )
    if dates is False:
        return False
    shared = len(person_ids & meeting.people)
    if dates is None:
        return shared >= UNDATED_SHARED_PEOPLE and meeting.format == format
    same_title = bool(title and meeting.title and _titles_similar(title, meeting.title))
    both_days = meeting.date_precision == date_precision == DatePrecision.DAY
    return bool(shared) or same_title or (both_days and meeting.format == format)


@dataclass(frozen=True)
class _MeetingLookup:
    """A reported meeting's facts as stored and the look-ups that find it (its fingerprint,
    the stored meetings it may be): what meeting_upsert and records_prefetch share."""

    article: Article
    partners: list[str]
    date: datetime.date | None
    date_end: datetime.date | None
    date_precision: str
    fingerprint: str
    people: Sequence[PersonFacts]

    @classmethod
    def of(
        cls, *, article, partners, date, date_end, date_precision, format, title, people, **_
    ) -> "_MeetingLookup":
        partners = _check_codes(partners)
        if not partners:
            raise ValueError("a meeting needs at least one partner")
        if date is None:
            date_precision, date_end = DatePrecision.UNKNOWN, None
        fingerprint = meeting_fingerprint(
            partners=partners,
            date=date,
            date_precision=date_precision,
            format=format,
            title=title,
            people=[facts.name for facts in people],
            reported_on=article.published,
        )
        return cls(article, partners, date, date_end, date_precision, fingerprint, people)

    def queries(self) -> list[_Query | None]:
        keys = sorted({key for facts in self.people if (key := _person_key(facts.name))})
        return [
            _Query(*_fingerprint_sql(Meeting, [self.fingerprint])),
            _meeting_candidates_query(
                self.article, self.partners, self.date, self.date_end, self.date_precision, keys
            ),
        ]


@transaction.atomic(savepoint=False)
def meeting_upsert(
    *,
    article: Article,
    partners: Sequence[str],
    evidence: Sequence[SpanFacts],
    date: datetime.date | None = None,
    date_end: datetime.date | None = None,
    date_precision: str = DatePrecision.UNKNOWN,
    status: str = Meeting.Status.HELD,
    format: str = Meeting.Format.OTHER,
    title: str = "",
    location: str = "",
    people: Sequence[PersonFacts] = (),
    organizations: Sequence[str] = (),
    topics: Sequence[str] = (),
    confidence: float = 0.8,
    extractor_version: str = "",
) -> tuple[Meeting | None, str]:
    """Store a meeting an article reports, merged with the same event from other articles.

    Returns (meeting or None, "created" | "updated" | "unchanged" | "rejected").
    """
    look = _MeetingLookup.of(
        article=article,
        partners=partners,
        date=date,
        date_end=date_end,
        date_precision=date_precision,
        format=format,
        title=title,
        people=people,
    )
    partners, date_end, date_precision = look.partners, look.date_end, look.date_precision
    fingerprint = look.fingerprint
    partners_lock(codes=partners)
    # The fingerprint, the people and the candidates: one round trip in an ingest session.
    known = _PeopleLookup.of(people)
    printed, near, found = _lookups(*look.queries(), known.query() if known else None)
    meeting, rejected = _resolved(Meeting, fingerprint, [(src, pk) for src, pk, _ in printed])
    if rejected:
        return None, REJECTED
    seen_on = date if date_precision == DatePrecision.DAY else article.published
    if known:
        known.learn(found)
    participants = [
        (
            facts,
            person_upsert(
                name=facts.name,
                country=facts.country,
                role=facts.role,
                level=facts.level,
                seen_on=seen_on,
            ),
        )
        for facts in people
        if facts.name.strip()
    ]
    person_ids = {person.pk for _, person in participants}
    if meeting is None:
        meeting = _first_locked(
            Meeting,
            _meeting_candidates(near),
            lambda candidate: _meeting_matches(
                candidate,
                date=date,
                date_end=date_end,
                date_precision=date_precision,
                format=format,
                title=title,
                person_ids=person_ids,
            ),
        )
    if meeting is None:
        meeting = Meeting(
            title=title[:500],
            date=date,
            date_end=date_end,
            date_precision=date_precision,
            status=status,
            format=format,
            location=(location or "")[:200],
            confidence=confidence,
            extractor_version=extractor_version,
            fingerprint=fingerprint,
            level=min(
                (f.level for f, _ in participants if f.side == MeetingParticipant.Side.KAZAKH),
                key=LEVEL_RANK.__getitem__,
                default=Level.OTHER,
            ),
        )
        outcome, corrected = _created(meeting), set()
    else:
        corrected = set(meeting.corrected_fields)
        changes = _date_upgrade(meeting, corrected, date, date_end, date_precision)
        if (
            not changes
            and "date_end" not in corrected
            and date_end
            and meeting.date_end is None
            and (meeting.date == date and date_end > date)
        ):
            # The same day told as the start of a range.
            changes["date_end"] = date_end
        if "status" not in corrected and status == Meeting.Status.HELD:
            changes["status"] = status
        if "format" not in corrected and meeting.format == Meeting.Format.OTHER:
            changes["format"] = format
        if "title" not in corrected and not meeting.title and title:
            changes["title"] = title[:500]
        if "location" not in corrected and not meeting.location and location:
            changes["location"] = location[:200]
        if "confidence" not in corrected and confidence > meeting.confidence:
            changes["confidence"] = confidence
        outcome = UPDATED if _write(meeting, changes) else UNCHANGED
    created = outcome == CREATED
    grew = False
    batch = _deferred(meeting)
    if "partners" not in corrected:
        through = Meeting.partners.through
        if batch is not None:
            # Created in this article: the batch writes these before the history snapshot.
            rows = {code: {"country_id": code} for code in partners}
            grew = (
                bool(_defer_links(batch, through, "meeting_id", meeting.pk, rows)) and not created
            )
        else:
            present = set() if created else set(meeting.partners.values_list("code", flat=True))
            if missing := [code for code in partners if code not in present]:
                # Through the manager: the history records partner changes.
                meeting.partners.add(*missing)
                grew = not created
    if "organizations" not in corrected and organizations:
        _link(meeting, "organizations", Organization, abbreviation__in=organizations, new=created)
    if "topics" not in corrected and topics:
        _link(meeting, "topics", Topic, slug__in=topics, new=created)
    if not corrected & {"people", "participants"} and participants:
        joined_ids = _participants_add(meeting, participants, batch, created=created)
        grew = grew or bool(joined_ids)
        if grew and "level" not in corrected and not created:
            joined = [(f, p) for f, p in participants if p.pk in joined_ids]
            _meeting_level_refresh(meeting, joined if batch is not None else None)
    added = _evidence_add(article, meeting, evidence, fingerprint, new=created)
    if outcome == UNCHANGED and (added or grew):
        outcome = UPDATED
    return meeting, outcome


# (model, natural key) -> primary key of organizations and topics, learnt as they are used,
# during one ingest run (see reference_cache). Reference rows are rarely deleted; a stale id
# fails the article's commit, and the retry runs after reference_cache_clear().
_reference_ids: contextvars.ContextVar[dict[tuple[type, str], int] | None] = contextvars.ContextVar(
    "kz_reference_ids", default=None
)


@contextlib.contextmanager
def reference_cache() -> Iterator[None]:
    """Remember organization and topic ids for the duration of a bulk run (an ingest)."""
    token = _reference_ids.set({})
    try:
        yield
    finally:
        _reference_ids.reset(token)


def reference_cache_clear() -> None:
    """Forget cached reference ids (after a failed write)."""
    cache = _reference_ids.get()
    if cache is not None:
        cache.clear()


def _reference_pks(model: type[models.Model], field: str, keys: Iterable[str]) -> list[int]:
    keys = list(dict.fromkeys(keys))
    cache = _reference_ids.get()
    if cache is None:
        return list(model.objects.filter(**{f"{field}__in": keys}).values_list("pk", flat=True))
    missing = [key for key in keys if (model, key) not in cache]
    if missing:
        for key, pk in model.objects.filter(**{f"{field}__in": missing}).values_list(field, "pk"):
            cache[model, key] = pk
    return [cache[model, key] for key in keys if (model, key) in cache]


def _link(record: Provenance, name: str, model: type[models.Model], *, new: bool, **lookup) -> None:
    """Add organizations or topics by their natural keys; a new record skips the lookup."""
    ((field, keys),) = lookup.items()
    ids = _reference_pks(model, field.removesuffix("__in"), keys)
    if not ids:
        return
    manager = getattr(record, name)
    through = manager.through
    source = f"{type(record)._meta.model_name}_id"
    target = f"{model._meta.model_name}_id"
    if batch := _deferred(record):
        _defer_links(batch, through, source, record.pk, {pk: {target: pk} for pk in ids})
    elif new:
        through.objects.bulk_create(through(**{source: record.pk, target: pk}) for pk in ids)
    else:
        manager.add(*ids)


def _evidence_add(
    article: Article, record: Provenance, spans: Sequence[SpanFacts], fingerprint: str, *, new: bool
) -> bool:
    """Attach every span; a record created just now cannot have any yet, so no lookups."""
    if not new:
        added = [
            evidence_attach(article=article, record=record, span=span, fingerprint=fingerprint)
            for span in spans
        ]
        return any(added)
    field = _EVIDENCE_FIELD[type(record)]
    batch = _batch.get()
    if batch is not None and batch.article_pk == article.pk:
        added = [
            _defer_evidence(
                batch,
                article,
                record,
                field,
                span,
                max(0, span.start),
                max(span.end, max(0, span.start) + 1),
                fingerprint,
            )
            for span in spans
        ]
        return any(added)
    rows = {}
    for span in spans:
        start = max(0, span.start)
        rows.setdefault(
            start,
            Evidence(
                article=article,
                sentence=span.sentence,
                start=start,
                end=max(span.end, start + 1),
                fingerprint=fingerprint,
                **{field: record},
            ),
        )
    Evidence.objects.bulk_create(rows.values())
    return bool(rows)


def _participants_add(
    meeting: Meeting,
    participants: Sequence[tuple[PersonFacts, Person]],
    batch: _ArticleBatch | None,
    *,
    created: bool,
) -> set[int]:
    """Add the people not yet at the meeting (the first mention of each); their ids."""
    rows: dict[int, dict[str, object]] = {}
    for facts, person in participants:
        rows.setdefault(
            person.pk,
            {"person_id": person.pk, "side": facts.side, "role": facts.role[:300],
             "level": facts.level},
        )  # fmt: skip
    if batch is not None:
        return set(_defer_links(batch, MeetingParticipant, "meeting_id", meeting.pk, rows))
    if not created:
        # The meeting row is locked, so no other ingest adds participants meanwhile.
        present = set(meeting.participants.values_list("person_id", flat=True))
        rows = {pk: values for pk, values in rows.items() if pk not in present}
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, **values) for values in rows.values()
    )
    return set(rows)


def _meeting_level_refresh(
    meeting: Meeting, added: Sequence[tuple[PersonFacts, Person]] | None = None
) -> None:
    """Meeting.level is the highest level among its Kazakh participants.

    ``added``: the people just added to a meeting created in this article, whose rows wait
    in the batch; its level can only rise by theirs.
    """
    kazakh = MeetingParticipant.Side.KAZAKH
    if added is None:
        levels = list(meeting.participants.filter(side=kazakh).values_list("level", flat=True))
    else:
        levels = [meeting.level, *(facts.level for facts, _ in added if facts.side == kazakh)]
    level = min(levels, key=LEVEL_RANK.__getitem__, default=Level.OTHER)
    if level != meeting.level:
        if not _is_pending(meeting):
            Meeting.objects.filter(pk=meeting.pk).update(level=level)
        meeting.level = level


# --- Agreements -----------------------------------------------------------------


@dataclass(frozen=True)
class _AgreementCandidate:
    pk: int
    title: str
    date: datetime.date | None
    date_end: datetime.date | None
    date_precision: str


def _agreement_candidates_query(
    article: Article,
    partners: Sequence[str],
    date: datetime.date | None,
    date_end: datetime.date | None,
    date_precision: str,
) -> _Query:
    """Stored agreements with a party in common that may be this one (titles compared after).

    Dated: the undated ones and those in the date window; undated: all the parties' ones.
    """
    where, params = "1 = 1", []
    if date is not None:
        window, params = _date_window_sql("g", date, date_end, date_precision)
        # date_precision, not date IS NULL: the (date_precision, date) index serves both.
        where = f"(g.date_precision = %s OR {window})"
        params = [DatePrecision.UNKNOWN, *params]
    filters, filter_params = _candidate_filters(Agreement, "g", article, partners)
    sql = (
        "SELECT g.id, g.title, g.date, g.date_end, g.date_precision"
        f" FROM {Agreement._meta.db_table} g WHERE {where}{filters} ORDER BY g.id"
    )
    return _Query(sql, params + filter_params)


def _agreement_candidates(rows: Sequence[tuple]) -> list[_AgreementCandidate]:
    return [
        _AgreementCandidate(pk, title, _as_date(day), _as_date(end), precision)
        for pk, title, day, end, precision in rows
    ]


@dataclass(frozen=True)
class _AgreementLookup:
    """A reported agreement's facts as stored and the look-ups that find it."""

    article: Article
    partners: list[str]
    title: str
    date: datetime.date | None
    date_end: datetime.date | None
    date_precision: str
    fingerprint: str

    @classmethod
    def of(
        cls, *, article, partners, title, date=None, date_end=None, date_precision="", **_
    ) -> "_AgreementLookup":
        partners = _check_codes(partners)
        title = " ".join(title.split())[:500]
        if not partners or not title:
            raise ValueError("an agreement needs a partner and a title")
        if date is None:
            date_precision, date_end = DatePrecision.UNKNOWN, None
        fingerprint = agreement_fingerprint(
            partners=partners, title=title, date=date, date_precision=date_precision
        )
        return cls(article, partners, title, date, date_end, date_precision, fingerprint)

    def queries(self) -> list[_Query | None]:
        return [
            _Query(*_fingerprint_sql(Agreement, [self.fingerprint])),
            _agreement_candidates_query(
                self.article, self.partners, self.date, self.date_end, self.date_precision
            ),
        ]


@transaction.atomic(savepoint=False)
def agreement_upsert(
    *,
    article: Article,
    partners: Sequence[str],
    title: str,
    evidence: Sequence[SpanFacts],
    kind: str = Agreement.Kind.AGREEMENT,
    status: str = Agreement.Status.SIGNED,
    date: datetime.date | None = None,
    date_end: datetime.date | None = None,
    date_precision: str = DatePrecision.UNKNOWN,
    organizations: Sequence[str] = (),
    meeting: Meeting | None = None,
    confidence: float = 0.8,
    extractor_version: str = "",
) -> tuple[Agreement | None, str]:
    """Store an agreement an article reports, merged with the same document from other articles.

    Returns (agreement or None, "created" | "updated" | "unchanged" | "rejected").
    """
    look = _AgreementLookup.of(
        article=article,
        partners=partners,
        title=title,
        date=date,
        date_end=date_end,
        date_precision=date_precision,
    )
    partners, title, fingerprint = look.partners, look.title, look.fingerprint
    date_end, date_precision = look.date_end, look.date_precision
    partners_lock(codes=partners)
    # The fingerprint and the candidates: one round trip in an ingest session.
    printed, near = _lookups(*look.queries())
    agreement, rejected = _resolved(Agreement, fingerprint, [(src, pk) for src, pk, _ in printed])
    if rejected:
        return None, REJECTED
    if agreement is None:
        agreement = _first_locked(
            Agreement,
            _agreement_candidates(near),
            lambda candidate: (
                _titles_similar(title, candidate.title)
                and _dates_compatible(
                    candidate.date,
                    candidate.date_end,
                    candidate.date_precision,
                    date,
                    date_end,
                    date_precision,
                )
                is not False
            ),
        )
    if agreement is None:
        agreement = Agreement(
            title=title,
            kind=kind,
            status=status,
            date=date,
            date_end=date_end,
            date_precision=date_precision,
            meeting=meeting,
            confidence=confidence,
            extractor_version=extractor_version,
            fingerprint=fingerprint,
        )
        # The meeting came from our own lookup: skip the FK check's query.
        outcome, corrected = _created(agreement, exclude=["meeting"]), set()
    else:
        corrected = set(agreement.corrected_fields)
        changes = _date_upgrade(agreement, corrected, date, date_end, date_precision)
        if "status" not in corrected and status == Agreement.Status.SIGNED:
            changes["status"] = status
        if "kind" not in corrected and agreement.kind == Agreement.Kind.OTHER:
            changes["kind"] = kind
        if "meeting" not in corrected and agreement.meeting_id is None and meeting is not None:
            changes["meeting"] = meeting
        if "confidence" not in corrected and confidence > agreement.confidence:
            changes["confidence"] = confidence
        outcome = UPDATED if _write(agreement, changes) else UNCHANGED
    created = outcome == CREATED
    grew = False
    if "parties" not in corrected and "partners" not in corrected:
        through = Agreement.parties.through
        if batch := _deferred(agreement):
            rows = {code: {"country_id": code} for code in partners}
            grew = bool(_defer_links(batch, through, "agreement_id", agreement.pk, rows))
            grew = grew and not created
        elif created:
            through.objects.bulk_create(
                through(agreement_id=agreement.pk, country_id=code) for code in partners
            )
        elif missing := set(partners) - set(agreement.parties.values_list("code", flat=True)):
            agreement.parties.add(*missing)
            grew = True
    if "organizations" not in corrected and organizations:
        _link(agreement, "organizations", Organization, abbreviation__in=organizations, new=created)
    added = _evidence_add(article, agreement, evidence, fingerprint, new=outcome == CREATED)
    if outcome == UNCHANGED and (added or grew):
        outcome = UPDATED
    return agreement, outcome


# --- Metrics --------------------------------------------------------------------


@dataclass(frozen=True)
class FigureFacts:
    """A figure as an article states it (see metric_upsert for the fields)."""

    partner: str
    indicator: str
    value: Decimal | float
    unit: str
    evidence: Sequence[SpanFacts]
    period_start: int | None = None
    period_end: int | None = None
    period_open: bool = False
    kind: str = Metric.Kind.ACTUAL
    qualifier: str = Metric.Qualifier.EXACT
    claimed_on: datetime.date | None = None
    confidence: float = 0.8
    extractor_version: str = ""


def metric_upsert(*, article: Article, **facts) -> tuple[Metric | None, str]:
    """Store a figure; the same figure from several sources is one Metric with several evidence.

    Returns (metric or None, "created" | "updated" | "unchanged" | "rejected").
    """
    return metrics_upsert(article=article, figures=[FigureFacts(**facts)])[0]


# A figure's claim: what two figures must share to be the same figure rounded differently.
_CLAIM_COLUMNS = (
    "partner_id", "indicator", "unit", "kind", "period_open", "period_start", "period_end",
)  # fmt: skip
_OPEN = _CLAIM_COLUMNS.index("period_open")


@dataclass
class _Figure:
    facts: FigureFacts
    partner: str
    value: Decimal
    period_end: int | None
    fingerprint: str

    @property
    def claim(self) -> tuple:
        f = self.facts
        return (
            self.partner, f.indicator, f.unit, f.kind, f.period_open, f.period_start,
            self.period_end,
        )  # fmt: skip


def _figure(facts: FigureFacts) -> _Figure:
    (partner,) = _check_codes([facts.partner]) or (None,)
    if partner is None:
        raise ValueError("a metric needs a partner other than Kazakhstan")
    # Float noise from unit arithmetic ("1.2 billion") must not fail the 4-decimal column.
    value = Decimal(str(facts.value)).quantize(Decimal("0.0001"))
    period_end = None if facts.period_end == facts.period_start else facts.period_end
    fingerprint = metric_fingerprint(
        partner=partner,
        indicator=facts.indicator,
        value=value,
        unit=facts.unit,
        kind=facts.kind,
        period_start=facts.period_start,
        period_end=period_end,
        period_open=facts.period_open,
    )
    return _Figure(facts, partner, value, period_end, fingerprint)


def _figures_query(figures: Sequence[_Figure]) -> _Query:
    """One look-up for every figure of an article (see _figures_lookup)."""
    claims, params = [], []
    for claim in dict.fromkeys(f.claim for f in figures):
        parts = []
        for column, value in zip(_CLAIM_COLUMNS, claim, strict=True):
            parts.append(f"{column} IS NULL" if value is None else f"{column} = %s")
            params += [] if value is None else [value]
        claims.append("(" + " AND ".join(parts) + ")")
    prints, print_params = _fingerprint_sql(
        Metric, sorted({f.fingerprint for f in figures}), columns=len(_CLAIM_COLUMNS) + 1
    )
    # The typed columns first: PostgreSQL types a UNION's NULL columns from what precedes.
    sql = (
        f"SELECT 3, id, fingerprint, value, {', '.join(_CLAIM_COLUMNS)}"
        f" FROM {Metric._meta.db_table} WHERE {' OR '.join(claims)} UNION ALL {prints}"
    )
    params += print_params
    # Its text varies with the figures' claims: not worth preparing.
    return _Query(sql, params, prepared=False)


def _figures_lookup(figures: Sequence[_Figure]) -> tuple[dict[str, list], list[tuple]]:
    """One round trip for every figure of an article.

    Returns ({fingerprint: [(source, pk)]}, [(pk, value, claim)]): what each fingerprint
    points at (see _fingerprint_sql) and the stored figures that share a claim with one of
    them (the same figure rounded otherwise).
    """
    (rows,) = _lookups(_figures_query(figures))
    found: dict[str, list] = {}
    same_claim = []
    for source, pk, fingerprint, value, *claim in rows:
        if source < 3:
            found.setdefault(fingerprint, []).append((source, pk))
        else:
            claim[_OPEN] = bool(claim[_OPEN])  # SQLite hands booleans back as integers
            same_claim.append((pk, Decimal(str(value)), tuple(claim)))
    return found, same_claim


@transaction.atomic(savepoint=False)
def metrics_upsert(
    *, article: Article, figures: Sequence[FigureFacts]
) -> list[tuple[Metric | None, str]]:
    """Store an article's figures: one look-up for all of them, one INSERT for the new ones.

    The same figure from several sources is one Metric with several evidence; two different
    figures for the same thing are two Metrics (both claims kept). Returns, per figure,
    (metric or None, "created" | "updated" | "unchanged" | "rejected").
    """
    if not figures:
        return []
    items = [_figure(facts) for facts in figures]
    partners_lock(codes=[item.partner for item in items])
    found, stored_claims = _figures_lookup(items)
    batch = _batch.get()
    new: list[Metric] = []
    # Figures of this call not yet inserted, by fingerprint and by claim.
    pending: dict[str, Metric] = {}
    results: list[tuple[Metric | None, str, _Figure]] = []
    for item in items:
        facts = item.facts
        metric = pending.get(item.fingerprint)
        if metric is None:
            metric, rejected = _resolved(Metric, item.fingerprint, found.get(item.fingerprint, ()))
            if rejected:
                results.append((None, REJECTED, item))
                continue
        if metric is None:
            metric = next(
                (
                    m
                    for m in new
                    if m.fingerprint != item.fingerprint
                    and _figure_claim(m) == item.claim
                    and _same_figure(m.value, item.value)
                ),
                None,
            )
        if metric is None:
            pk = next(
                (
                    pk
                    for pk, value, claim in stored_claims
                    if claim == item.claim and _same_figure(value, item.value)
                ),
                None,
            )
            metric = _locked(Metric, pk) if pk is not None else None
        if metric is None:
            metric = Metric(
                partner_id=item.partner,
                indicator=facts.indicator,
                value=item.value,
                unit=facts.unit,
                period_start=facts.period_start,
                period_end=item.period_end,
                period_open=facts.period_open,
                kind=facts.kind,
                qualifier=facts.qualifier,
                claimed_on=facts.claimed_on,
                confidence=facts.confidence,
                extractor_version=facts.extractor_version,
                fingerprint=item.fingerprint,
            )
            # The partner was checked above.
            new.append(_validated(metric, exclude=["partner"]))
            pending[item.fingerprint] = metric
            results.append((metric, CREATED, item))
            continue
        changes: dict[str, object] = {}
        corrected = set(metric.corrected_fields)
        if (
            "claimed_on" not in corrected
            and facts.claimed_on
            and (metric.claimed_on is None or facts.claimed_on < metric.claimed_on)
        ):
            changes["claimed_on"] = facts.claimed_on
        if "confidence" not in corrected and facts.confidence > metric.confidence:
            changes["confidence"] = facts.confidence
        if metric.pk is None:  # created by this call: its INSERT carries the change
            for name, value in changes.items():
                setattr(metric, name, value)
            results.append((metric, UPDATED if changes else UNCHANGED, item))
        else:
            results.append((metric, UPDATED if _write(metric, changes) else UNCHANGED, item))
    _figures_insert(new, batch)
    outcomes = []
    for metric, outcome, item in results:
        if metric is not None:
            fresh = outcome == CREATED
            added = _evidence_add(article, metric, item.facts.evidence, item.fingerprint, new=fresh)
            if outcome == UNCHANGED and added:
                outcome = UPDATED
        outcomes.append((metric, outcome))
    return outcomes


def _figure_claim(metric: Metric) -> tuple:
    return tuple(getattr(metric, column) for column in _CLAIM_COLUMNS)


def _figures_insert(metrics: list[Metric], batch: "_ArticleBatch | None") -> None:
    """The new figures in one INSERT; their history rows with the article's batch."""
    if not metrics:
        return
    if (
        batch is None
        or _id_blocks.get() is not None  # their INSERT goes with the batch's flush
        or not connection.features.can_return_rows_from_bulk_insert
    ):
        for metric in metrics:
            _saved_new(metric)
        return
    Metric.objects.bulk_create(metrics)
    for metric in metrics:
        metric._history_user = _history_user()
        batch.created[Metric, metric.pk] = metric


def _same_figure(a: Decimal, b: Decimal) -> bool:
    if a == b:
        return True
    return abs(a - b) <= SAME_FIGURE_TOLERANCE * max(abs(a), abs(b))


# --- Curation (the admin calls these) -------------------------------------------


def _fingerprints_of(record: Provenance) -> set[str]:
    field = _EVIDENCE_FIELD[type(record)]
    prints = set(
        Evidence.objects.filter(**{field: record})
        .exclude(fingerprint="")
        .values_list("fingerprint", flat=True)
    )
    if record.fingerprint:
        prints.add(record.fingerprint)
    return prints


def _remember(
    record_type: str, fingerprints: Iterable[str], *, merged_into_id: int | None, summary: str
) -> None:
    for fingerprint in fingerprints:
        Rejection.objects.update_or_create(
            record_type=record_type,
            fingerprint=fingerprint,
            defaults={"merged_into_id": merged_into_id, "summary": summary[:500]},
        )


@transaction.atomic
def record_reject(*, record: Provenance) -> Rejection | None:
    """Delete an extracted record for good: ingest never recreates it."""
    generation_bump()
    model = type(record)
    record_type = _RECORD_TYPES[model]
    record = model.objects.select_for_update().get(pk=record.pk)
    summary = str(record)
    _remember(record_type, _fingerprints_of(record), merged_into_id=None, summary=summary)
    # Whatever had been merged into this record is rejected with it.
    Rejection.objects.filter(record_type=record_type, merged_into_id=record.pk).update(
        merged_into_id=None
    )
    record.delete()
    return (
        Rejection.objects.filter(record_type=record_type, fingerprint=record.fingerprint).first()
        if record.fingerprint
        else None
    )


def _merge_records(target: Provenance, others: Iterable[Provenance]) -> list[Provenance]:
    """Move evidence and leave Rejection pointers; the caller moves the relations first."""
    generation_bump()
    model = type(target)
    record_type = _RECORD_TYPES[model]
    field = _EVIDENCE_FIELD[model]
    others = [o for o in others if o.pk != target.pk]
    ids = sorted([target.pk, *(o.pk for o in others)])
    locked = {r.pk: r for r in model.objects.select_for_update().filter(pk__in=ids)}
    for other in others:
        other = locked[other.pk]
        taken = set(Evidence.objects.filter(**{field: target}).values_list("article_id", "start"))
        for evidence in Evidence.objects.filter(**{field: other}):
            if (evidence.article_id, evidence.start) in taken:
                evidence.delete()
            else:
                setattr(evidence, field, target)
                evidence.save(update_fields=[field])
        _remember(
            record_type,
            _fingerprints_of(other) - {target.fingerprint},
            merged_into_id=target.pk,
            summary=f"merged into {target}",
        )
        Rejection.objects.filter(record_type=record_type, merged_into_id=other.pk).update(
            merged_into_id=target.pk
        )
    return [locked[o.pk] for o in others]


@transaction.atomic
def meeting_merge(*, target: Meeting, others: Iterable[Meeting]) -> Meeting:
    """Fold duplicate meetings into one: evidence, partners, people, topics move to target."""
    others = [o for o in others if o.pk != target.pk]
    for other in others:
        target.partners.add(*other.partners.all())
        target.organizations.add(*other.organizations.all())
        target.topics.add(*other.topics.all())
        present = set(target.participants.values_list("person_id", flat=True))
        for participant in other.participants.all():
            if participant.person_id not in present:
                participant.meeting = target
                participant.save(update_fields=["meeting"])
        Agreement.objects.filter(meeting=other).update(meeting=target)
    merged = _merge_records(target, others)
    for other in merged:
        other.delete()
    if "level" not in target.corrected_fields:
        _meeting_level_refresh(target)
    return target


@transaction.atomic
def agreement_merge(*, target: Agreement, others: Iterable[Agreement]) -> Agreement:
    """Fold duplicate agreements into one: evidence, parties and organizations move to target."""
    others = [o for o in others if o.pk != target.pk]
    for other in others:
        target.parties.add(*other.parties.all())
        target.organizations.add(*other.organizations.all())
    for other in _merge_records(target, others):
        other.delete()
    return target


@transaction.atomic
def metric_merge(*, target: Metric, others: Iterable[Metric]) -> Metric:
    """Fold duplicate figures into one; their evidence moves to target."""
    for other in _merge_records(target, others):
        other.delete()
    return target


@transaction.atomic
def person_merge(*, target: Person, others: Iterable[Person]) -> Person:
    """Fold duplicate people into one: participations, roles and names move to target."""
    generation_bump()
    others = [o for o in others if o.pk != target.pk]
    target = Person.objects.select_for_update().get(pk=target.pk)
    variants = list(target.name_variants)
    for other in Person.objects.select_for_update().filter(pk__in=[o.pk for o in others]):
        meetings = set(target.participations.values_list("meeting_id", flat=True))
        for participant in other.participations.all():
            if participant.meeting_id in meetings:
                participant.delete()
            else:
                participant.person = target
                participant.save(update_fields=["person"])
        titles = {role.title: role for role in target.roles.all()}
        for role in other.roles.all():
            mine = titles.get(role.title)
            if mine is None:
                role.person = target
                role.save(update_fields=["person"])
                continue
            starts = [d for d in (mine.start, role.start) if d]
            ends = [d for d in (mine.end, role.end) if d]
            _write(mine, {"start": min(starts, default=None), "end": max(ends, default=None)})
            role.delete()
        for name in [other.name, *other.name_variants]:
            if name != target.name and name not in variants:
                variants.append(name)
        Person.objects.filter(merged_into=other).update(merged_into=target)
        _write(other, {"merged_into": target})
    _write(target, {"name_variants": variants})
    return target


@transaction.atomic
def record_mark_reviewed(*, records: Iterable[models.Model]) -> int:
    """Mark records (meetings, agreements, metrics or people) as checked by a human."""
    generation_bump()
    by_model: dict[type[models.Model], list[int]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record.pk)
    count = 0
    for model, pks in by_model.items():
        for record in model.objects.select_for_update().filter(pk__in=pks, reviewed=False):
            record.reviewed = True
            record.save(update_fields=["reviewed"])
            count += 1
    return count


@transaction.atomic
def record_correct(*, record: models.Model, changes: dict[str, object], user=None) -> models.Model:
    """Apply an admin's changes and list the fields as corrected so ingest never undoes them."""
    generation_bump()
    model = type(record)
    locked = model.objects.select_for_update().get(pk=record.pk)
    plain: dict[str, object] = {}
    related: dict[str, object] = {}
    for name, value in changes.items():
        field = model._meta.get_field(name)
        (related if field.many_to_many else plain)[name] = value
    for name, value in plain.items():
        setattr(locked, name, value)
    fields = list(plain)
    if hasattr(locked, "corrected_fields"):
        locked.corrected_fields = sorted(set(locked.corrected_fields) | set(changes))
        fields += ["corrected_fields", "updated_at"]
    if user is not None:
        locked._history_user = user
    locked.full_clean(
        exclude=[f.name for f in model._meta.fields if f.name not in plain], validate_unique=False
    )
    if fields:
        locked.save(update_fields=fields)
    for name, value in related.items():
        getattr(locked, name).set(value)
    for name in [*plain, "corrected_fields"]:
        if hasattr(locked, name):
            setattr(record, name, getattr(locked, name))
    return locked
