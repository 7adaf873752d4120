"""The extraction pipeline against the hand-annotated corpus in tests/ingest/corpus/.

Each NAME.txt there has its expected extraction in NAME.json (the schema of
../shared/eval/SCHEMA.md). Measured on 2026-11-23 at 19:25 UTC with the pipeline of commit
f306b42 plus the extraction helper's work in progress: overall F1 0.945 (P 0.965, R 0.926) over
149 expected records in 30 articles. The extractor's author can read this corpus, so this is a
regression guard rather than a held-out estimate (six unseen articles scored 0.79 the same hour).
Re-measured at 22:15 UTC after the generalization pass (commits 6b0012e..): 0.997 (P 1.000,
R 0.995) over 194 expected records in 38 articles. Forty articles written outside the repo in
five batches, annotated before being run, scored 0.921 with the pipeline before that pass and
0.986 after it; the two batches written after most fixes scored 0.898 and 0.955 when first run.
Second round (22:20-22:50 UTC): thirty more articles in three batches (other sources and
partners), annotated before being run. The first batch scored 0.873 with the pipeline of f223b10;
the second and third, written after the fixes to the first, scored 0.952 and 0.980 when first
run (0.843 and 0.840 with f223b10). All thirty now: 0.976 (0.861 with f223b10); the forty of the
first round 0.989, this corpus still 0.997.
"""

import json
import re
from pathlib import Path

import pycountry
import pytest

from tests.ingest import scoring

CORPUS = Path(__file__).parent / "corpus"
GOLD_FILES = sorted(CORPUS.glob("*.json"))
# Pieces that comment on foreign policy without reporting any meeting, document or figure.
OPINION_DOCS = [
    p.with_suffix(".txt").name for p in GOLD_FILES if "opinion" in p.stem or "analysis" in p.stem
]
MIN_F1 = 0.75

ISO3 = {country.alpha_3 for country in pycountry.countries}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FEED_LINE = re.compile(r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} \d+$", re.MULTILINE)


def load_gold() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in GOLD_FILES]


def article_texts(doc: dict) -> list[str]:
    """The text of each article of a corpus file, in order (a feed dump holds several)."""
    text = (CORPUS / doc["doc"]).read_text(encoding="utf-8")
    if len(doc["articles"]) == 1:
        return [text]
    return FEED_LINE.split(text)[1:]


# --- The corpus itself ---------------------------------------------------------


def test_corpus_covers_enough_documents_partners_and_opinion_pieces():
    gold = load_gold()
    partners = {code for doc in gold for art in doc["articles"] for code in art["partners"]}
    assert len(gold) >= 24
    assert {"RUS", "CHN", "UZB", "USA", "DEU", "JPN", "KOR", "ARE", "AZE", "IND"} <= partners
    assert len(OPINION_DOCS) >= 3
    assert any(len(doc["articles"]) > 1 for doc in gold), "a feed dump with several articles"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_expected_records_quote_their_article_and_use_iso_codes(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    texts = article_texts(doc)
    assert doc["doc"] == path.with_suffix(".txt").name
    assert len(texts) == len(doc["articles"])
    for article, text in zip(doc["articles"], texts, strict=True):
        assert article["title"] in text.strip().splitlines()[0:2]
        assert set(article["partners"]) <= ISO3 - {"KAZ"}
        for kind in scoring.KINDS:
            for record in article[kind]:
                assert record["evidence"] in text, record["evidence"]
                partners = [record["partner"]] if kind == "metrics" else record["partners"]
                assert partners and set(partners) <= set(article["partners"])
                for key in ("date", "date_end"):
                    assert record.get(key) is None or DATE.match(record[key])


# --- The scorer follows SCHEMA.md --------------------------------------------------


def meeting(partners, date):
    return {"partners": partners, "date": date, "status": "held", "evidence": ""}


def test_a_more_precise_date_matches_a_less_precise_gold_but_not_the_reverse():
    assert scoring.compatible(
        "meetings", meeting(["RUS"], "2025-05"), meeting(["RUS"], "2025-05-09")
    )
    assert not scoring.compatible(
        "meetings", meeting(["RUS"], "2025-05-09"), meeting(["RUS"], "2025-05")
    )
    assert scoring.compatible("meetings", meeting(["RUS"], None), meeting(["RUS"], "2031"))


def test_summit_partners_need_only_overlap():
    gold = meeting(["CHN", "RUS", "KGZ"], "2024-07-04")
    assert scoring.compatible("meetings", gold, meeting(["RUS"], "2024-07-04"))
    assert not scoring.compatible("meetings", gold, meeting(["TUR"], "2024-07-04"))


def test_agreement_titles_share_sixty_percent_of_content_words():
    gold = {
        "partners": ["UZB"],
        "date": "2022-12-22",
        "title": "Treaty on Allied Relations between the Republic of Kazakhstan "
        "and the Republic of Uzbekistan",
    }
    short = {**gold, "title": "Treaty on Allied Relations"}
    other = {**gold, "title": "Agreement on the demarcation of the Kazakh-Uzbek state border"}
    assert scoring.compatible("agreements", gold, short)
    assert not scoring.compatible("agreements", gold, other)


def test_metric_values_match_within_two_percent_and_percent_within_a_twentieth():
    gold = {"partner": "HUN", "unit": "USD", "value": 200_000_000}
    assert scoring.compatible("metrics", gold, {**gold, "value": 197_000_000})
    assert not scoring.compatible("metrics", gold, {**gold, "value": 190_000_000})
    assert not scoring.compatible("metrics", gold, {**gold, "unit": "EUR"})
    growth = {"partner": "HUN", "unit": "percent", "value": 4.4}
    assert scoring.compatible("metrics", growth, {**growth, "value": 4.44})
    assert not scoring.compatible("metrics", growth, {**growth, "value": 4.5})


def test_perfect_prediction_scores_one_and_empty_prediction_scores_zero():
    gold = load_gold()
    assert scoring.score(gold, gold).overall.f1 == 1.0
    empty = [{"doc": doc["doc"], "articles": []} for doc in gold]
    report = scoring.score(gold, empty)
    assert report.overall.f1 == 0.0
    assert report.missed and not report.invented


# --- The pipeline on the corpus --------------------------------------------------


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    """Every corpus file through the extraction pipeline, as schema dicts by file name."""
    pipeline = pytest.importorskip("ingest.pipeline", reason="extraction pipeline not written yet")
    return {
        path.name: pipeline.extract_document(path).to_schema()
        for path in sorted(CORPUS.glob("*.txt"))
    }


def test_pipeline_reaches_the_f1_floor_on_the_corpus(extracted):
    report = scoring.score(load_gold(), list(extracted.values()))
    detail = "\n".join([report.summary(), "MISSED:", *report.missed, "INVENTED:", *report.invented])
    assert report.overall.f1 >= MIN_F1, detail


@pytest.mark.parametrize("name", OPINION_DOCS)
def test_opinion_pieces_yield_no_records(extracted, name):
    for article in extracted[name]["articles"]:
        assert article["meetings"] == [] and article["agreements"] == []
        assert article["metrics"] == []


def test_feed_dump_is_split_into_its_articles_with_their_dates(extracted):
    gold = json.loads((CORPUS / "23_feed_mfa_october_2025.json").read_text(encoding="utf-8"))
    got = extracted["23_feed_mfa_october_2025.txt"]["articles"]
    assert [a["title"] for a in got] == [a["title"] for a in gold["articles"]]
    assert [a["published"] for a in got] == [a["published"] for a in gold["articles"]]
