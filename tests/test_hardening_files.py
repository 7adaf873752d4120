"""A folder of broken files: one clear error line per bad file, and the good files ingested.

Small broken files live in tests/fixtures/broken/; the large and binary ones are made here
at run time (a 100 MB file is never committed).
"""

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import ingest.pipeline
from relations.models import Article, SourceDocument

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "broken"
GOOD = {
    "tokayev_ankara.txt": (
        "Tokayev and Erdogan discuss trade in Ankara\n\n"
        "President Kassym-Jomart Tokayev held talks with President Recep Tayyip Erdogan in "
        "Ankara on 12 May 2025. The parties signed a memorandum on cooperation in energy.\n"
    ),
    "nurtleu_wang_yi.txt": (
        "Kazakh and Chinese foreign ministers meet in Astana\n\n"
        "Kazakh Foreign Minister Murat Nurtleu met Chinese Foreign Minister Wang Yi in Astana "
        "on 3 March 2025. Trade between Kazakhstan and China reached $41 billion in 2024.\n"
    ),
}
VANISHING = "vanishing.txt"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Good files, the committed broken ones, and the ones too big or binary to commit."""
    folder = tmp_path / "inbox"
    shutil.copytree(FIXTURES, folder)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "random.bin").write_bytes(os.urandom(64 * 1024))
    (folder / "photo.html").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(4096))
    with open(folder / "huge.txt", "wb") as huge:
        huge.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    (folder / VANISHING).write_text(GOOD["tokayev_ankara.txt"] + "\nUpdated.\n")
    return folder


@pytest.fixture
def vanishes_mid_run(monkeypatch, corpus):
    """Delete vanishing.txt after the run has listed and hashed it, before it is read."""
    real = ingest.pipeline.extract_document_steps

    def first_delete(path, **options):
        (corpus / VANISHING).unlink(missing_ok=True)
        return real(path, **options)

    # Where every run, one process or several, starts reading a file.
    monkeypatch.setattr(ingest.pipeline, "extract_document_steps", first_delete)


def run_ingest(*paths: Path) -> tuple[str, list[str], CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    failure = None
    try:
        call_command("ingest", *map(str, paths), "--quiet", stdout=out, stderr=err)
    except CommandError as exc:
        failure = exc
    return out.getvalue(), err.getvalue().splitlines(), failure


def broken_names(corpus: Path) -> set[str]:
    return {p.name for p in corpus.iterdir()} - set(GOOD) | {VANISHING}


def test_each_bad_file_gets_one_line_and_the_good_files_are_stored(
    corpus, reference_data, vanishes_mid_run
):
    out, errors, failure = run_ingest(corpus)

    named = sorted(Path(line.split(":", 1)[0]).name for line in errors)
    assert named == sorted(broken_names(corpus)), errors  # each bad file, once
    assert not any("Traceback" in line for line in errors)
    assert failure is not None and "could not be ingested" in str(failure)
    stored = set(SourceDocument.objects.filter(complete=True).values_list("name", flat=True))
    assert set(GOOD) <= stored
    assert Article.objects.filter(document__name__in=GOOD).count() == 2
    assert "Errors:" in out


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("latin1.txt", "not valid UTF-8"),
        ("cut_in_a_character.txt", "not valid UTF-8"),
        ("image.txt", "binary content"),
        ("random.bin", ""),
        ("photo.html", ""),
        ("huge.txt", "too large"),
        ("truncated_head.html", ""),
    ],
)
def test_the_error_line_says_which_file_and_why(corpus, reference_data, name, reason):
    _, errors, failure = run_ingest(corpus / name)

    assert len(errors) == 1, errors
    assert errors[0].startswith(str(corpus / name) + ": ")
    assert reason in errors[0]
    assert len(errors[0]) < 300
    assert failure is not None
    assert not SourceDocument.objects.exists()


def test_a_file_that_vanishes_mid_run_is_reported_and_the_rest_stored(
    corpus, reference_data, vanishes_mid_run
):
    _, errors, _ = run_ingest(corpus / "tokayev_ankara.txt", corpus / VANISHING)

    assert [line for line in errors if VANISHING in line] == [
        f"{corpus / VANISHING}: cannot read: No such file or directory"
    ]
    assert SourceDocument.objects.filter(name="tokayev_ankara.txt", complete=True).exists()


def test_a_path_that_does_not_exist_is_one_line(tmp_path, reference_data):
    _, errors, failure = run_ingest(tmp_path / "missing.txt")

    assert errors == [f"{tmp_path / 'missing.txt'}: cannot read: No such file or directory"]
    assert failure is not None


def test_a_json_lines_file_cut_short_is_refused_whole(corpus, reference_data):
    """A half-written feed is not stored line by line: the next complete run stores it all."""
    _, errors, _ = run_ingest(corpus / "truncated.jsonl")

    assert len(errors) == 1 and "line 2" in errors[0]
    assert not Article.objects.exists()


def test_a_second_run_skips_the_good_files_and_reports_the_bad_again(corpus, reference_data):
    run_ingest(corpus)
    articles = Article.objects.count()

    out, errors, _ = run_ingest(corpus)

    assert Article.objects.count() == articles
    named = [Path(line.split(":", 1)[0]).name for line in errors]
    assert len(named) == len(set(named))
    assert set(GOOD).isdisjoint(named)
    assert "3 unchanged, skipped" in out  # vanishing.txt stays here


def test_a_javascript_source_link_is_dropped_not_the_article(tmp_path, reference_data):
    """Metadata is as untrusted as text: a bad link must not cost the article, nor be kept."""
    (tmp_path / "ankara.txt").write_text(GOOD["tokayev_ankara.txt"], encoding="utf-8")
    (tmp_path / "ankara.txt.meta.json").write_text(
        json.dumps({"url": "javascript:alert(1)", "publisher": "<b>Akorda</b>"})
    )

    _, errors, _ = run_ingest(tmp_path)

    assert errors == []
    article = Article.objects.get()
    assert article.url == ""
    assert article.publisher == "<b>Akorda</b>"  # stored as text, escaped when shown
