"""What an ingest session changes (services.ingest_session): ids drawn in blocks, look-ups
prepared and pipelined, the next file extracted while PostgreSQL works, a file's lock
released with the next file's registration. The records stored must not change."""

import shutil

import pytest
from django.db import connection

from ingest import store
from ingest.pipeline import extract_document, extract_document_steps, finish
from ingest.store import store_document
from relations import services
from relations.models import Agreement, Evidence, Meeting, Metric, Person, SourceDocument
from tests.ingest.test_store import article, document

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the session changes nothing on SQLite"
)


def _records():
    return {
        "meetings": sorted(Meeting.objects.values_list("date", "format", "title"), key=str),
        "agreements": sorted(Agreement.objects.values_list("title", "status"), key=str),
        "metrics": sorted(Metric.objects.values_list("indicator", "value", "kind"), key=str),
        "people": sorted(Person.objects.values_list("key", "country_id"), key=str),
        "evidence": Evidence.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_a_run_in_a_session_stores_what_a_run_without_one_stores(seeds):
    with services.reference_cache():
        for path in sorted(seeds.iterdir()):
            store.ingest_file(path)
    plain = _records()
    for model in (SourceDocument, Meeting, Agreement, Metric, Person):
        model.objects.all().delete()

    store.ingest_paths([seeds])
    assert _records() == plain
    assert plain["meetings"] and plain["agreements"] and plain["metrics"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_after_a_session_no_lock_is_held_and_the_connection_is_as_django_left_it(seeds):
    store.ingest_paths([seeds])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
    assert connection.connection.prepare_threshold is None
    assert not connection.in_atomic_block


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_article_sends_its_look_ups_in_one_round_trip(reference_data, monkeypatch):
    assert not store_document(document("a.txt", article())).errors  # to match against
    batches = []
    fetched = services._fetched

    def spy(queries):
        if queries:  # none when every look-up asked was prefetched
            batches.append([query.sql.split(" FROM")[0] for query in queries])
        return fetched(queries)

    monkeypatch.setattr(services, "_fetched", spy)
    with services.reference_cache(), services.ingest_session():
        result = store_document(document("b.txt", article(date="2025-05-20"), salt="b"))
    assert not result.errors
    # The file's registration, then every look-up of its article: the partner locks, each
    # record's fingerprint and candidates, the figures' claims and the people named.
    register, lookups = batches
    assert any("pg_advisory_lock" in sql for sql in register)
    assert any("pg_advisory_xact_lock" in sql for sql in lookups)
    for start in ("SELECT m.id", "SELECT g.id", "SELECT 3, id", 'SELECT p."id"'):
        assert any(sql.startswith(start) for sql in lookups), start
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().evidence.count() == 2


def test_a_stepwise_extraction_pauses_and_returns_what_extract_document_does(seeds):
    feed = seeds / "004_e0bd10a587fb94d0.txt"
    steps = extract_document_steps(feed)
    pauses = 0
    while True:
        try:
            next(steps)
            pauses += 1
        except StopIteration as done:
            stepwise = done.value
            break
    whole = extract_document(feed)
    assert pauses > len(whole.articles) >= 2
    assert stepwise == whole
    assert finish(extract_document_steps(feed)) == whole


def test_spare_work_runs_to_its_end_whatever_the_block_did():
    done = []

    def steps():
        for i in range(3):
            done.append(i)
            yield

    with services.spare_work(steps()):
        pass
    assert done == [0, 1, 2]
    with pytest.raises(RuntimeError), services.spare_work(steps()):
        raise RuntimeError
    assert done == [0, 1, 2, 0, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_an_error_extracting_the_next_file_fails_that_file_not_the_one_being_stored(
    seeds, tmp_path, monkeypatch
):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in sorted(p.name for p in seeds.iterdir())[:2]:
        shutil.copy(seeds / name, folder / name)
    first, second = sorted(folder.iterdir())
    from ingest import pipeline  # the store imports it from there when it extracts

    original = pipeline.extract_document_steps

    def broken(path, **options):
        if path == second:
            raise KeyError("a bug in an extractor")
        return (yield from original(path, **options))

    monkeypatch.setattr(pipeline, "extract_document_steps", broken)
    results = []
    with pytest.raises(KeyError):
        for result in store._sequential([first, second], None):
            results.append(result)
    assert len(results) == 1 and not results[0].errors
    assert SourceDocument.objects.filter(complete=True).count() == 1
