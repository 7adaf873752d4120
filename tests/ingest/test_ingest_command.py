"""`manage.py ingest`: folders in, a summary out, one clear line per bad file."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from relations.models import Agreement, Article, Evidence, Meeting, Metric, SourceDocument

pytest.importorskip("ingest.pipeline", reason="the extraction pipeline is not there yet")

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (SourceDocument, Article, Meeting, Metric, Evidence))


def test_ingesting_the_seeds_twice_changes_nothing_the_second_time(seeds):
    out, _ = ingest(str(seeds))
    assert f"Files: {len(list(seeds.iterdir()))}" in out
    assert "Errors: 0." in out
    first = counts()
    assert first[0] == 5 and first[1] >= 5
    out, _ = ingest(str(seeds))
    assert counts() == first
    assert "(5 unchanged, skipped)" in out
    assert "Meetings: 0 new, 0 updated" in out


def test_folders_are_read_recursively_and_sidecars_are_not_documents(seeds):
    nested = seeds / "2025" / "may"
    nested.mkdir(parents=True)
    (seeds / "000_82c7b5209de74e26.txt").rename(nested / "moved.txt")
    (nested / "moved.txt.meta.json").write_text('{"publisher": "MFA"}')
    ingest(str(seeds))
    assert SourceDocument.objects.count() == 5
    assert Article.objects.filter(document__name="moved.txt", publisher="MFA").exists()


def test_each_bad_file_gets_one_line_and_the_good_files_are_still_ingested(
    seeds, tmp_path, settings
):
    settings.INGEST_MAX_BYTES = 50_000
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Visite à Astana, café crème".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "huge.txt").write_text("Kazakhstan and Türkiye held talks. " * 3000)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "ingest",
            str(tmp_path / "logo.png"),
            str(tmp_path / "latin1.txt"),
            str(tmp_path / "empty.txt"),
            str(tmp_path / "huge.txt"),
            str(seeds),
            "--quiet",
            stdout=out,
            stderr=err,
        )
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 4
    for name, reason in [
        ("logo.png", "binary"),
        ("latin1.txt", "UTF-8"),
        ("empty.txt", "empty"),
        ("huge.txt", "too large"),
    ]:
        assert any(name in line and reason in line for line in lines), (name, lines)
    assert "Errors: 4." in out.getvalue()
    assert SourceDocument.objects.count() == 5


def test_published_and_publisher_apply_to_every_file(seeds):
    ingest(
        str(seeds / "001_f2cb6cd6b719e709.txt"),
        "--published",
        "2025-03-04",
        "--publisher",
        "Kazinform",
    )
    article = Article.objects.get()
    assert article.publisher == "Kazinform"


def test_a_malformed_published_date_is_refused(seeds):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        ingest(str(seeds), "--published", "March 4")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="worker processes need a shared server database"
)
def test_workers_share_the_files_and_overlapping_runs_make_no_duplicates(seeds):
    ingest(str(seeds), "--workers", "2")
    first = counts()
    assert first[0] == 5
    # The same folder twice in one run, plus a re-run: nothing new.
    out, _ = ingest(str(seeds), str(seeds), "--workers", "2")
    assert counts() == first
    assert "Errors: 0." in out


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serializes writers; this is about PostgreSQL"
)
def test_two_ingests_of_overlapping_folders_at_once_make_no_duplicates(seeds, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for name in sorted(os.listdir(seeds))[:3]:
        shutil.copy(seeds / name, other / name)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    root = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "ingest", str(folder), "--quiet"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (seeds, other, seeds)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert SourceDocument.objects.count() == 5
    assert Article.objects.values("document", "position").distinct().count() == (
        Article.objects.count()
    )
    # A record stored twice would show up as two rows with one fingerprint.
    for model in (Meeting, Agreement, Metric):
        prints = list(model.objects.values_list("fingerprint", flat=True))
        assert len(prints) == len(set(prints)), model


def test_namesakes_in_two_folders_are_two_documents_and_a_rerun_changes_nothing(seeds, tmp_path):
    for folder, seed in (
        ("2024", "001_f2cb6cd6b719e709.txt"),
        ("2025", "003_af99517c6db45851.txt"),
    ):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds / seed, tmp_path / folder / "index.txt")
    ingest(str(tmp_path / "2024"), str(tmp_path / "2025"))
    first = counts()
    assert first[0] == 2
    out, _ = ingest(str(tmp_path / "2024"), str(tmp_path / "2025"))
    assert counts() == first
    assert "(2 unchanged, skipped)" in out


def test_a_file_changed_in_place_replaces_its_earlier_version(seeds):
    ingest(str(seeds))
    target = seeds / "001_f2cb6cd6b719e709.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    ingest(str(seeds))
    assert SourceDocument.objects.count() == 5
    assert SourceDocument.objects.filter(name=target.name).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_run_makes_cached_pages_stale_without_a_bump_per_article(seeds, monkeypatch):
    from relations import cache

    bumps = []
    real_bump = cache._bump
    monkeypatch.setattr(cache, "_bump", lambda: bumps.append(1) or real_bump())
    monkeypatch.setattr(cache, "COALESCE_SECONDS", 60)  # however slow the machine
    cache.generation_bump()  # outside a transaction: now
    before = cache.generation()

    ingest(str(seeds))

    # The run's first write shows at once and the rest on leaving it, not one bump for each
    # of the 13 articles and 5 files.
    assert Article.objects.count() == 13
    assert cache.generation() == before + 2
    assert len(bumps) == 3


@pytest.mark.parametrize(
    "files, vendor, cpus, expected",
    [
        (5, "postgresql", 8, 1),  # `make run`'s seeds: starting workers would cost more
        (2000, "postgresql", 2, 2),  # one per core
        (2000, "postgresql", 16, 4),  # and no more than four
        (2000, "postgresql", None, 1),  # cores unknown
        (2000, "sqlite", 8, 1),  # SQLite takes one writer at a time
    ],
)
def test_by_default_a_big_run_on_postgresql_uses_a_process_per_core(files, vendor, cpus, expected):
    from ingest.store import auto_workers

    assert auto_workers(files, vendor=vendor, cpus=cpus) == expected
