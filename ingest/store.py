"""The pipeline's last step: write extracted documents through relations' services.

One transaction per article, so a failure inside one article leaves nothing of it behind
and the rest of the document is still stored. ``ingest_paths`` drives a whole run (files
and folders, skipping files already stored, optionally in several processes) for the
`ingest` command and anything else that ingests in bulk.
"""

import contextlib
import datetime
import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from relations import services
from relations.services import PersonFacts, SpanFacts

from .records import ArticleRecord, DateValue, DocumentRecord, MeetingRecord, PersonMention

HUB = "KAZ"
KINDS = ("meetings", "agreements", "metrics")


@dataclass
class StoreResult:
    """What storing one or more documents did, counted by outcome."""

    files: int = 0
    skipped: int = 0  # files stored before with the same bytes
    articles: Counter = field(default_factory=Counter)  # created / updated / unchanged / failed
    meetings: Counter = field(default_factory=Counter)  # created / updated / unchanged / rejected
    agreements: Counter = field(default_factory=Counter)
    metrics: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, other: "StoreResult") -> None:
        """Fold another result into this one."""
        self.files += other.files
        self.skipped += other.skipped
        for name in ("articles", *KINDS):
            getattr(self, name).update(getattr(other, name))
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, int]:
        """Flat counts, for summaries and JSON."""
        counts = {"files": self.files, "skipped_unchanged": self.skipped}
        for name in ("articles", *KINDS):
            for outcome, number in sorted(getattr(self, name).items()):
                counts[f"{name}_{outcome}"] = number
        counts["errors"] = len(self.errors)
        return counts

    def __str__(self) -> str:
        if self.skipped and not self.articles:
            return "unchanged since the last ingest"
        parts = [f"{sum(self.articles.values())} articles"]
        for name in KINDS:
            counter = getattr(self, name)
            parts.append(
                f"{name}: {counter[services.CREATED]} new, {counter[services.UPDATED]} updated,"
                f" {counter[services.UNCHANGED]} unchanged"
            )
        if self.errors:
            parts.append(f"{len(self.errors)} errors")
        return "; ".join(parts)


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _date_value(value: DateValue) -> tuple[datetime.date | None, datetime.date | None, str]:
    """(date, end, precision), a month or year stored as its first day."""
    if not value.value or value.precision == "unknown":
        return None, None, "unknown"
    parts = value.value.split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        date = datetime.date(*numbers[:3])
    except (TypeError, ValueError):
        return None, None, "unknown"
    precision = {1: "year", 2: "month"}.get(len(parts), value.precision)
    end = _date(value.end) if precision == "day" else None
    if end is not None and end <= date:
        end = None
    return date, end, precision


def _spans(*spans) -> list[SpanFacts]:
    return [SpanFacts(sentence=s.text, start=s.start, end=s.end) for s in spans if s is not None]


def _people(meeting: MeetingRecord) -> list[PersonFacts]:
    sole_partner = meeting.partners[0] if len(meeting.partners) == 1 else None

    def facts(person: PersonMention, side: str, country: str | None) -> PersonFacts:
        return PersonFacts(
            name=person.name,
            side=side,
            country=person.country or country,
            role=person.role,
            level=person.level,
        )

    return [facts(p, "kz", HUB) for p in meeting.kz_people] + [
        facts(p, "partner", sole_partner) for p in meeting.partner_people
    ]


def _article_codes(article: ArticleRecord) -> set[str]:
    codes = set(article.partners)
    for record in (*article.meetings, *article.agreements):
        codes.update(record.partners)
    codes.update(metric.partner for metric in article.metrics)
    return codes


def _store_article(
    document,
    article: ArticleRecord,
    version: str,
    result: StoreResult,
    *,
    complete: bool = False,
    new_document: bool = False,
) -> None:
    """Everything one article says, as the last writes of the caller's transaction.

    ``complete``: also mark the document stored.
    """
    published = _date(article.published)
    # The article, its records' rows, evidence and history, the document's mark and the
    # COMMIT: one round trip at the end (in an ingest session; a few more without).
    with services.article_batch(complete=document if complete else None, commit=True):
        stored, outcome = services.article_upsert(
            document=document,
            position=article.position,
            title=article.title,
            text=article.text,
            published=published,
            publisher=article.publisher,
            url=article.url,
            language=article.language,
            partners=[code for code in article.partners if code != HUB],
            new_document=new_document,
        )
        result.articles[outcome] += 1
        if outcome != services.UNCHANGED:
            services.partners_lock(codes=_article_codes(article))
            _store_records(stored, article, version, published, result)


def _store_records(
    stored, article: ArticleRecord, version: str, published, result: StoreResult
) -> None:
    """The meetings, agreements and figures of one stored article."""
    meetings = [_meeting_facts(record, version) for record in article.meetings]
    agreements = [_agreement_facts(record, version) for record in article.agreements]
    figures = [_figure_facts(record, version, published) for record in article.metrics]
    # Every look-up below in one round trip (in an ingest session on PostgreSQL).
    services.records_prefetch(
        article=stored, meetings=meetings, agreements=agreements, figures=figures
    )
    stored_meetings = []
    for record, facts in zip(article.meetings, meetings, strict=True):
        meeting, outcome = services.meeting_upsert(article=stored, **facts)
        result.meetings[outcome] += 1
        if meeting is not None:
            stored_meetings.append((set(record.partners), meeting))
    for record, facts in zip(article.agreements, agreements, strict=True):
        # The meeting at which it was signed, when the article reports just one with a party.
        linked = [m for partners, m in stored_meetings if partners & set(record.partners)]
        meeting = linked[0] if len(linked) == 1 else None
        _, outcome = services.agreement_upsert(article=stored, meeting=meeting, **facts)
        result.agreements[outcome] += 1
    for _, outcome in services.metrics_upsert(article=stored, figures=figures):
        result.metrics[outcome] += 1


def _meeting_facts(record: MeetingRecord, version: str) -> dict:
    date, end, precision = _date_value(record.date)
    return {
        "partners": record.partners,
        "evidence": _spans(record.evidence, *record.extra_evidence),
        "date": date,
        "date_end": end,
        "date_precision": precision,
        "status": record.status,
        "format": record.format,
        "title": record.title,
        "location": record.location or "",
        "people": _people(record),
        "organizations": record.organizations,
        "topics": record.topics,
        "confidence": record.confidence,
        "extractor_version": version,
    }


def _agreement_facts(record, version: str) -> dict:
    date, end, precision = _date_value(record.date)
    return {
        "partners": record.partners,
        "title": record.title,
        "evidence": _spans(record.evidence),
        "kind": record.kind,
        "status": record.status,
        "date": date,
        "date_end": end,
        "date_precision": precision,
        "organizations": record.organizations,
        "confidence": record.confidence,
        "extractor_version": version,
    }


def _figure_facts(record, version: str, published) -> services.FigureFacts:
    return services.FigureFacts(
        partner=record.partner,
        indicator=record.indicator,
        value=record.value,
        unit=record.unit,
        evidence=_spans(record.evidence),
        period_start=record.period_start,
        period_end=record.period_end,
        period_open=record.period_open,
        kind=record.kind,
        qualifier=record.qualifier,
        claimed_on=published,
        confidence=record.confidence,
        extractor_version=version,
    )


def store_document(
    doc: DocumentRecord, *, extractor_version: str = "", path: str | os.PathLike | None = None
) -> StoreResult:
    """Write one extracted document: one transaction per article, errors collected, not raised.

    ``path``, when the document was read from disk, tells a changed file (same path) from a
    namesake in another folder; without it a document is known by its name.
    """
    result = StoreResult(files=1)
    claimed = services.document_claimed(
        name=doc.name,
        sha256=doc.sha256,
        size=doc.size,
        content_type=doc.content_type,
        extractor_version=extractor_version,
        path=str(Path(path).resolve()) if path else "",
    )
    with services.relaxed_commits(), claimed as (document, status):
        if status == services.UNCHANGED:
            result.skipped = 1
            return result
        if not doc.articles:
            services.document_complete(document=document)
        last = len(doc.articles) - 1
        for index, article in enumerate(doc.articles):
            try:
                # The last article's transaction also marks the file done: one commit fewer.
                partial = _store_article_atomically(
                    document,
                    article,
                    extractor_version,
                    complete=index == last and not result.errors,
                    # The file was registered just now: its articles need no lookup.
                    new=status in (services.CREATED, "replaced"),
                )
            # Any failure, database or data, costs this article only: it is rolled back and
            # reported, and the file stays unfinished so that the next ingest retries it.
            except Exception as exc:
                title = (article.title or "untitled")[:60]
                result.articles["failed"] += 1
                result.errors.append(
                    f"{doc.name}: article {article.position + 1} ({title}): "
                    f"{type(exc).__name__}: {exc}"
                )
                continue
            result.add(partial)
    return result


def _store_article_atomically(
    document, article: ArticleRecord, version: str, *, complete: bool, new: bool = False
) -> StoreResult:
    """One article in one transaction, tried again once when another ingest raced us to a row."""
    attempts = 2
    while True:
        attempts -= 1
        partial = StoreResult()
        try:
            with transaction.atomic():
                # A retry looks the article up: the first try may have met a twin position.
                _store_article(
                    document,
                    article,
                    version,
                    partial,
                    complete=complete,
                    new_document=new and attempts > 0,
                )
            return partial
        except (IntegrityError, OperationalError):
            # A unique row (a person, a role) created by a concurrent ingest between our look
            # and our insert, or a deadlock victim: the retry finds the row and goes on.
            # A reference row deleted since it was cached fails the commit: look again.
            services.reference_cache_clear()
            if not attempts:
                raise


# --- Whole runs -----------------------------------------------------------------------


def iter_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Every document under the given files and folders, each once, in a stable order."""
    from .pipeline import iter_files as walk

    return list(dict.fromkeys(walk(paths)))


def file_sha256(path: Path) -> str | None:
    """The hash of a readable file within the size limit, else None (reading will report it)."""
    try:
        if path.stat().st_size > settings.INGEST_MAX_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def extractor_version() -> str:
    """The pipeline's version string, recorded on what it stores."""
    from .pipeline import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION[:20]


def _extracted(path: Path, meta: dict | None) -> "DocumentRecord | StoreResult":
    """One file's extraction, or the one-line error result of a bad file."""
    from .pipeline import finish

    return finish(_extracting(path, meta))


def _extracting(path: Path, meta: dict | None):
    """_extracted in the steps of extract_document_steps."""
    from .loaders import BadDocument
    from .pipeline import extract_document_steps

    try:
        return (yield from extract_document_steps(path, meta=meta or None))
    except BadDocument as exc:
        return StoreResult(files=1, errors=[f"{path}: {exc.reason}"])
    except (OSError, UnicodeError, ValueError) as exc:
        return StoreResult(files=1, errors=[f"{path}: {type(exc).__name__}: {exc}"])


def _stored(path: Path, doc: "DocumentRecord | StoreResult | _Failed") -> StoreResult:
    if isinstance(doc, _Failed):
        raise doc.error
    if isinstance(doc, StoreResult):
        return doc
    return store_document(doc, extractor_version=extractor_version(), path=path)


def ingest_file(path: Path, meta: dict | None = None) -> StoreResult:
    """Extract and store one file; a bad file becomes one error line, never an exception."""
    return _stored(path, _extracted(path, meta))


def _worker_init() -> None:
    # A forked worker must never talk through its parent's sockets; it opens its own.
    import django

    django.setup()
    for conn in connections.all(initialized_only=True):
        conn.close()
    # The worker lives for one run: it remembers reference ids and coalesces page-generation
    # bumps until it exits (the parent bumps once every worker is done).
    global _worker_scope
    _worker_scope = contextlib.ExitStack()
    _worker_scope.enter_context(services.reference_cache())
    _worker_scope.enter_context(services.ingest_session())
    _worker_scope.enter_context(services.generation_bumps_coalesced(final=False))


_worker_scope = None


def _worker_ingest(job: tuple[str, dict | None]) -> StoreResult:
    path, meta = job
    return ingest_file(Path(path), meta)


# Below this many files to store, starting worker processes (each loads Django and the
# extraction pipeline, about a second) costs more than it saves.
PARALLEL_MIN_FILES = 100
AUTO_MAX_WORKERS = 4


def auto_workers(files: int, *, vendor: str, cpus: int | None) -> int:
    """How many processes ``ingest`` uses unless told: one per core (up to four) on
    PostgreSQL for a big enough run; SQLite takes one writer at a time."""
    if vendor != "postgresql" or files < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(cpus or 1, AUTO_MAX_WORKERS, files))


def ingest_paths(
    paths: Sequence[str | os.PathLike],
    *,
    meta: dict | None = None,
    workers: int | None = 1,
    on_file: Callable[[StoreResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> StoreResult:
    """Ingest files and folders; files whose bytes were stored before are skipped unread.

    ``workers``: processes sharing the work; None picks them (auto_workers).
    ``on_start(total)`` is called once the files are known; ``on_file(result)`` after each.
    """
    files = iter_files(paths)
    if on_start:
        on_start(len(files))
    hashes = {path: file_sha256(path) for path in files}
    known = services.documents_unchanged(sha256s=[h for h in hashes.values() if h])
    total = StoreResult()
    todo = []
    for path in files:
        if hashes[path] in known:
            skipped = StoreResult(files=1, skipped=1)
            total.add(skipped)
            if on_file:
                on_file(skipped)
        else:
            todo.append(path)
    if not todo:
        return total
    if workers is None:
        workers = auto_workers(len(todo), vendor=connection.vendor, cpus=os.cpu_count())
    statistics = services.StatisticsKeeper()
    with services.generation_bumps_coalesced():
        if workers > 1 and len(todo) > 1:
            results = _parallel(todo, meta, workers)
        else:
            results = _sequential(todo, meta)
        for result in results:
            total.add(result)
            statistics.add(result.articles[services.CREATED] + result.articles[services.UPDATED])
            if on_file:
                on_file(result)
        if workers > 1 and len(todo) > 1:
            # The workers coalesce their bumps and leave the last one owed to us.
            services.generation_bump()
    return total


def _sequential(paths: list[Path], meta: dict | None):
    with services.relaxed_commits(), services.reference_cache(), services.ingest_session():
        ahead: list = []  # the next file, extracted while PostgreSQL worked on the last one
        for index, path in enumerate(paths):
            doc = ahead.pop() if ahead else _extracted(path, meta)
            following = paths[index + 1] if index + 1 < len(paths) else None
            with services.spare_work(_reader(following, meta, ahead) if following else None):
                result = _stored(path, doc)
            yield result


def _reader(path: Path, meta: dict | None, into: list) -> Iterator[None]:
    """Extract ``path`` into ``into``, in steps; an unexpected error is kept for when it is
    wanted, so it fails that file, not the article being written meanwhile."""
    try:
        into.append((yield from _extracting(path, meta)))
    except Exception as exc:  # raised again in its file's turn (_stored)
        into.append(_Failed(exc))


@dataclass
class _Failed:
    error: Exception


def _parallel(paths: list[Path], meta: dict | None, workers: int):
    # Children must not inherit an open connection: close ours before forking.
    connections.close_all()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(min(workers, len(paths)), initializer=_worker_init) as pool:
        yield from pool.imap_unordered(_worker_ingest, [(str(p), meta) for p in paths], chunksize=4)
