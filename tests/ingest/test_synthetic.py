"""The synthetic article generator and the generate_corpus command."""

import json

import pytest
from django.core.management import call_command

from ingest.splitting import split_articles
from ingest.synthetic import feed_dump, generate_articles
from relations import reference
from tests.ingest import scoring


def test_the_same_seed_gives_the_same_articles_and_another_seed_others():
    first = [(a.text, a.expected) for a in generate_articles(50, seed=7)]
    again = [(a.text, a.expected) for a in generate_articles(50, seed=7)]
    other = [(a.text, a.expected) for a in generate_articles(50, seed=8)]
    assert first == again
    assert first != other


def test_every_expected_record_quotes_its_article():
    for article in generate_articles(300, seed=1):
        for kind in scoring.KINDS:
            for record in article.expected[kind]:
                assert record["evidence"] in article.text, (kind, record)


def test_articles_vary_partners_formats_and_figure_notations():
    articles = list(generate_articles(400, seed=2))
    partners = {c for a in articles for c in a.expected["partners"]}
    formats = {m["format"] for a in articles for m in a.expected["meetings"]}
    text = "\n".join(a.text for a in articles)
    assert len(partners) > 60 and reference.HUB_CODE not in partners
    assert {"talks", "call", "visit", "summit"} <= formats
    assert {"planned", "held"} <= {m["status"] for a in articles for m in a.expected["meetings"]}
    for notation in ("bn", "USD ", "billion US dollars", "Since 2005", "joint projects", " by 20"):
        assert notation in text, notation
    assert any(a.published is None for a in articles)


def test_a_feed_dump_splits_back_into_its_articles_with_their_dates():
    dated = [a for a in generate_articles(40, seed=3) if a.published][:4]
    text = feed_dump(dated, seed=3)
    split = split_articles(text)
    newest_first = sorted(dated, key=lambda a: a.published, reverse=True)
    assert [a.title for a in split] == [a.title for a in newest_first]
    assert [a.published for a in split] == [a.published.isoformat() for a in newest_first]


def test_generate_corpus_writes_the_requested_number_of_articles(tmp_path):
    call_command("generate_corpus", articles=25, out=str(tmp_path), seed=4, per_file=3,
                 expected=True)  # fmt: skip
    texts = sorted(tmp_path.glob("*.txt"))
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.json"))]
    assert sum(len(doc["articles"]) for doc in golds) == 25
    assert len(texts) == len(golds) < 25, "several articles share a feed-dump file"
    assert sum(len(split_articles(p.read_text(encoding="utf-8"))) for p in texts) == 25


def test_extraction_pipeline_finds_records_in_synthetic_articles(tmp_path):
    pipeline = pytest.importorskip("ingest.pipeline", reason="extraction pipeline not written yet")
    call_command("generate_corpus", articles=40, out=str(tmp_path), seed=11, expected=True)
    golds, preds = [], []
    for path in sorted(tmp_path.glob("*.txt")):
        golds.append(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))
        preds.append(pipeline.extract_document(path).to_schema())
    with_records = [
        art for doc in preds for art in doc["articles"] if any(art[kind] for kind in scoring.KINDS)
    ]
    assert len(with_records) >= 0.9 * 40
    report = scoring.score(golds, preds)
    assert report.overall.f1 >= 0.6, report.summary()
