"""Ingests that die or race: SIGKILL halfway then rerun, and two overlapping ingests at once.

Both need other processes to see this test's database, so they run on PostgreSQL only (the
SQLite test database lives in memory); CI runs the suite on PostgreSQL.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from relations.models import (
    Agreement,
    Article,
    Evidence,
    Meeting,
    MeetingParticipant,
    Metric,
    Person,
    PersonRole,
    SourceDocument,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
    (ROOT / "tests" / "ingest" / "corpus").glob("*.txt")
)
COUNTED = [
    SourceDocument,
    Article,
    Evidence,
    Meeting,
    MeetingParticipant,
    Agreement,
    Metric,
    Person,
    PersonRole,
]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="other processes cannot see the in-memory SQLite test database",
    ),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    """This test database (pytest-django's test_… one) as a URL for a child process."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def ingest(*folders: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = database_url()
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", "--quiet", *map(str, folders)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    return out


def copy(folder: Path, sources: list[Path], rounds: int = 1) -> Path:
    """The real articles, ``rounds`` times under their own names (copies differ by a line)."""
    folder.mkdir(parents=True, exist_ok=True)
    for round_ in range(rounds):
        for source in sources:
            target = folder / f"r{round_}_{source.name}"
            text = source.read_text(encoding="utf-8")
            target.write_text(text if round_ == 0 else f"{text}\n\nCopy {round_}.\n")
    return folder


def snapshot() -> dict[str, object]:
    """Row counts, plus what identifies the records regardless of their ids."""
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    return {
        **counts,
        "documents": sorted(SourceDocument.objects.values_list("sha256", "complete")),
        "meetings": evidence_identities("meeting"),
        "agreements": evidence_identities("agreement"),
        "metrics": evidence_identities("metric"),
    }


def evidence_identities(field: str) -> list[tuple[str, ...]]:
    """Each record as the set of extractions that support it.

    A record keeps the fingerprint of whichever article created it first, and two ingests
    running at once may reach a shared event in either order; the extractions behind each
    record do not depend on that order.
    """
    grouped: dict[int, set[str]] = {}
    rows = Evidence.objects.filter(**{f"{field}__isnull": False}).values_list(
        f"{field}_id", "fingerprint"
    )
    for record_id, fingerprint in rows:
        grouped.setdefault(record_id, set()).add(fingerprint)
    return sorted(tuple(sorted(fingerprints)) for fingerprints in grouped.values())


def forget_ingested() -> None:
    """Back to reference data only, as before any ingest."""
    Evidence.objects.all().delete()
    SourceDocument.objects.all().delete()
    Agreement.objects.all().delete()
    Metric.objects.all().delete()
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    assert all(model.objects.count() == 0 for model in COUNTED)


_clean: dict[str, object] = {}


def clean_run(folder: Path) -> dict[str, object]:
    """What one uninterrupted ingest of the corpus stores; the database is emptied after.

    Computed once per session: both tests ingest the same files, and it costs a process.
    """
    if not _clean:
        finish(ingest(folder))
        _clean.update(snapshot())
        forget_ingested()
    return _clean


def test_an_ingest_killed_halfway_then_rerun_equals_one_clean_run(tmp_path, reference_data):
    folder = copy(tmp_path / "inbox", SOURCES)
    total = len(list(folder.iterdir()))
    expected = clean_run(folder)
    assert expected["SourceDocument"] == total

    victim = ingest(folder)
    deadline = time.monotonic() + 120
    while SourceDocument.objects.filter(complete=True).count() < 3:
        assert victim.poll() is None, "finished before it could be killed: use more files"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    interrupted = SourceDocument.objects.filter(complete=True).count()
    finish(ingest(folder))

    assert 3 <= interrupted < total
    assert snapshot() == expected


def test_two_ingests_of_overlapping_folders_at_once_create_no_duplicates(tmp_path, reference_data):
    files = copy(tmp_path / "all", SOURCES)
    names = sorted(p.name for p in files.iterdir())
    third = len(names) // 3
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    for name in names[: 2 * third]:
        shutil.copy(files / name, left / name)
    for name in names[third:]:
        shutil.copy(files / name, right / name)
    expected = clean_run(files)

    first, second = ingest(left), ingest(right)
    finish(first)
    finish(second)

    assert snapshot() == expected
    assert SourceDocument.objects.count() == len(names)
