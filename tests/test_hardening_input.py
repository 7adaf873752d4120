"""Random and adversarial text through the ingest pipeline: it never crashes, never stores
half an article, and answers a bad file with a BadDocument (one clear reason)."""

import contextlib
import datetime
import json
import math
import signal
import string
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.loaders import BadDocument
from ingest.pipeline import extract_document
from ingest.records import DocumentRecord
from ingest.store import ingest_file
from relations.models import Article, Evidence, SourceDocument

SENTENCES = [
    "President Kassym-Jomart Tokayev held talks with President Recep Tayyip Erdogan in Ankara "
    "on 12 May 2025.",
    "Kazakh Foreign Minister Murat Nurtleu met Chinese Foreign Minister Wang Yi in Astana.",
    "The parties signed a memorandum of understanding on cooperation in renewable energy.",
    "Trade turnover between Kazakhstan and Germany reached $3.2 billion in 2024.",
    "Kazakhstan and Uzbekistan aim to increase mutual trade to $10 billion by 2030.",
    "Deputy Prime Minister Serik Zhumangarin visited Baku on 31.02.2026 for consultations.",
    '«Our relations are “strategic”», said the ‘Ambassador’ of Kazakhstan to "Hungary".',
]
ADVERSARIAL = [
    "\x00",
    "\x07\x08\x0b\x1b[31m",
    "\u202e\u2066\u200f",  # right-to-left override, isolate and mark
    "\ufeff\u200b\u00ad",
    "وزير الخارجية الكازاخستاني التقى نظيره السعودي في الرياض",
    "שר החוץ של קזחסטן נפגש עם עמיתו בירושלים",
    "Қазақстан Республикасының Сыртқы істер министрі",
    "«“‘„‚nested ‚quotes‘ inside “quotes”’”»",
    '""""""\'\'\'\'',
    "$" + "9" * 400 + " billion",
    "trade reached 1e309 dollars and 10^308 tenge",
    "-5 billion dollars, $-41 billion, NaN, inf, ∞ million",
    "31.02.2026",
    "29.02.2025, 10:00 1",
    "00.00.0000, 25:99 0",
    "on 31 February 2026 and 2026-13-45 and 0000-00-00",
    "<script>alert(1)</script><a href=javascript:alert(2)>x</a>&lt;&amp;&#0;&#x110000;",
    '=HYPERLINK("http://evil.example")',
    "\r\n\r\r\n\t\t\t\f\v",
    "\n" * 30,
    "A" * 5000,
    "Kazakhstan " * 200,
]


def stamp(day: int, month: int, year: int, hour: int, minute: int, number: int) -> str:
    """A feed-item header line, valid or not (31.02., 25:99...)."""
    return f"{day:02d}.{month:02d}.{year:04d}, {hour}:{minute:02d} {number}"


stamps = st.builds(
    stamp,
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 99999),
)
pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(ADVERSARIAL),
    stamps,
    st.text(max_size=300),
    st.text(alphabet=string.digits + ".,$% ", max_size=60),
)
documents = st.lists(st.tuples(pieces, st.sampled_from([" ", "\n", "\n\n", ""])), max_size=30).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)

FAST = settings(
    max_examples=40,
    deadline=None,
    database=None,
    # The fixtures used are safe to share between examples (a folder, reference data), and
    # big, slow inputs are the point here.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail instead of hanging: a quadratic regex on a long line must not stall an ingest."""

    def expired(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def extract(folder: Path, data: bytes, name: str = "doc.txt") -> DocumentRecord | BadDocument:
    """The pipeline's answer for these bytes: a record or the BadDocument it raised."""
    path = folder / name
    path.write_bytes(data)
    try:
        with time_limit(30):
            return extract_document(path)
    except BadDocument as error:
        assert error.reason.strip() and "\n" not in error.reason
        return error


def check_record(doc: DocumentRecord) -> None:
    """What the store step relies on: spans inside the text, real dates, storable figures."""
    assert doc.articles
    for article in doc.articles:
        assert article.text.strip()
        if article.published:
            datetime.date.fromisoformat(article.published)
        records = [*article.meetings, *article.agreements, *article.metrics]
        for record in records:
            for span in [record.evidence, *getattr(record, "extra_evidence", [])]:
                assert 0 <= span.start < span.end <= len(article.text)
                assert article.text[span.start : span.end] == span.text
        for meeting in article.meetings:
            if meeting.date.value and meeting.date.precision == "day":
                datetime.date.fromisoformat(meeting.date.value)
        for metric in article.metrics:
            assert math.isfinite(metric.value) and metric.value >= 0, metric


@FAST
@given(text=documents)
@example(text="\n".join(stamp(31, 2, 2026, 10, 0, i) + "\n" + SENTENCES[0] for i in range(3)))
@example(text=ADVERSARIAL[9] + " " + SENTENCES[3])
@example(text=SENTENCES[4] + ADVERSARIAL[9])  # a 400-digit figure in a trade sentence
def test_adversarial_text_gives_a_record_or_a_bad_document(folder, text):
    result = extract(folder, text.encode("utf-8"))

    if isinstance(result, DocumentRecord):
        check_record(result)


@FAST
@given(data=st.binary(max_size=2000))
@example(data=b"\x1c")  # str.strip() counts the file separator as blank, bytes.strip() does not
def test_random_bytes_give_a_record_or_a_bad_document(folder, data):
    result = extract(folder, data)

    if isinstance(result, DocumentRecord):
        check_record(result)


@settings(FAST, max_examples=25)
@given(text=documents)
def test_adversarial_html_and_json_lines_give_a_record_or_a_bad_document(folder, text):
    html = f"<html><head><title>{text[:80]}</title></head><body><p>{text}</p></body></html>"
    line = json.dumps({"title": text[:80], "text": text})

    for name, data in (("page.html", html), ("feed.jsonl", line)):
        result = extract(folder, data.encode("utf-8"), name=name)
        if isinstance(result, DocumentRecord):
            check_record(result)


@pytest.mark.parametrize(
    "line",
    [
        # Just under spaCy's million-character limit: the extraction regexes see it all.
        pytest.param("$" + "9" * 990_000 + " billion in trade with China.", id="digits"),
        # Over it: a clear BadDocument, not spaCy's ValueError.
        pytest.param("Tokayev met Erdogan. " * 60_000, id="over-a-million-characters"),
    ],
)
def test_a_one_megabyte_line_is_answered_within_seconds(folder, line):
    result = extract(folder, line.encode())

    if isinstance(result, DocumentRecord):
        check_record(result)


def test_thousands_of_feed_item_headers(folder):
    headers = "\n".join(stamp(31, 2, 2026, 10, i % 60, i) for i in range(5000))
    items = "\n".join(
        f"{stamp(i % 31 + 1, 2, 2026, 9, i % 60, i)}\nKazakhstan item {i}\n{SENTENCES[i % 7]}"
        for i in range(2000)
    )

    assert isinstance(extract(folder, headers.encode()), BadDocument)
    result = extract(folder, items.encode())
    assert isinstance(result, DocumentRecord)
    assert len(result.articles) == 2000
    check_record(result)


# --- Through the store ------------------------------------------------------------------


@contextlib.contextmanager
def rolled_back():
    """Each example starts from the same database: its writes are undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@settings(FAST, max_examples=30)
@given(text=documents)
@example(text=SENTENCES[0] + "\n" + ADVERSARIAL[9] + " " + SENTENCES[3])
def test_ingest_never_crashes_and_never_stores_half_an_article(folder, reference_data, text):
    path = folder / "feed.txt"
    path.write_text(text, encoding="utf-8")
    expected = extract(folder, text.encode("utf-8"), name="feed.txt")

    with rolled_back():
        result = ingest_file(path)

        assert all("\n" not in line and line.startswith(str(path)) for line in result.errors)
        if isinstance(expected, BadDocument):
            assert len(result.errors) == 1
            assert not SourceDocument.objects.exists()
            return
        document = SourceDocument.objects.get()
        assert document.complete == (not result.errors)
        stored = {a.position: a for a in Article.objects.filter(document=document)}
        assert len(stored) + result.articles["failed"] == len(expected.articles)
        for record in expected.articles:
            article = stored.get(record.position)
            if article is None:
                continue  # failed whole, and reported
            sentences = set(
                Evidence.objects.filter(article=article).values_list("sentence", flat=True)
            )
            for kind in (record.meetings, record.agreements, record.metrics):
                assert {r.evidence.text for r in kind} <= sentences
        for evidence in Evidence.objects.select_related("article"):
            assert evidence.article.text[evidence.start : evidence.end] == evidence.sentence
