"""The pipeline end to end on the seeds: documents, articles, partners, evidence offsets."""

from pathlib import Path

import pytest

from ingest.loaders import BadDocument
from ingest.pipeline import EXTRACTOR_VERSION, extract_article, extract_document, extract_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_every_record_carries_evidence_with_offsets_into_the_article_text():
    doc = extract_document(SEEDS / "004_e0bd10a587fb94d0.txt")
    assert doc.content_type == "text" and len(doc.articles) == 9
    for article in doc.articles:
        for record in [*article.meetings, *article.agreements, *article.metrics]:
            span = record.evidence
            assert article.text[span.start : span.end] == span.text
        for metric in article.metrics:
            assert metric.phrase in metric.evidence.text


def test_article_partners_never_include_kazakhstan_and_skip_passing_mentions():
    doc = extract_document(SEEDS / "004_e0bd10a587fb94d0.txt")
    assert [a.partners for a in doc.articles] == [
        ["PAK"],
        ["TUR"],
        ["TUR"],
        ["TUR"],
        ["ARM"],
        ["GEO"],
        ["ESP"],
        ["MEX", "TUR", "AZE"],
        ["ETH"],
    ]


def test_countries_of_a_persons_past_are_no_partners():
    title = "Kazakh Foreign Minister receives Ambassador of Korea"
    text = (
        f"{title}\nASTANA, 2 June 2025 – Minister of Foreign Affairs Murat Nurtleu received "
        "Ambassador of Korea Kim Do-hyung, who previously served in Vietnam and India.\nLater, the "
        "Minister met with Secretary General of the OTS Kubanychbek Omuraliev, a former "
        "Ambassador of Kyrgyzstan to Türkiye."
    )
    assert extract_article(title, text).partners == ["KOR"]


def test_a_country_first_named_late_does_not_stand_in_for_an_organizations_partner():
    title = "Head of State Receives President of the Asian Development Bank"
    text = (
        f"{title}\nASTANA, 3 April 2025 – President Kassym-Jomart Tokayev received President of "
        "the Asian Development Bank Masato Kanda.\nThe bank has financed projects worth over "
        "$6 billion in the country.\nThe sides discussed water and energy projects.\nKanda "
        "noted the interest of investors from Korea and Singapore in the region."
    )
    article = extract_article(title, text)
    assert (article.partners, article.meetings, article.metrics) == ([], [], [])


def test_people_of_an_article_are_listed_once():
    doc = extract_document(SEEDS / "004_e0bd10a587fb94d0.txt")
    names = [p.name for p in doc.articles[3].people]
    assert names.count("Yermek Kosherbayev") == 1 and "Hakan Fidan" in names


def test_sidecar_metadata_dates_a_single_article(tmp_path):
    path = tmp_path / "visit.txt"
    path.write_text(
        "Tokayev meets Mirziyoyev\nPresident Kassym-Jomart Tokayev held talks with President of "
        "Uzbekistan Shavkat Mirziyoyev in Tashkent.",
        encoding="utf-8",
    )
    (tmp_path / "visit.txt.meta.json").write_text('{"published": "2025-03-14"}', encoding="utf-8")
    article = extract_document(path).articles[0]
    assert article.published == "2025-03-14"
    assert [(m.partners, m.date.value) for m in article.meetings] == [(["UZB"], "2025-03-14")]


def test_dateline_dates_an_article_without_metadata(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(
        "Tokayev and Aliyev talk\nASTANA, 14 January 2025 – President Kassym-Jomart Tokayev held "
        "a telephone conversation with President of Azerbaijan Ilham Aliyev.",
        encoding="utf-8",
    )
    article = extract_document(path).articles[0]
    assert article.published == "2025-01-14"
    assert [m.format for m in article.meetings] == ["call"]


def test_extract_paths_walks_folders_skips_sidecars_and_reports_bad_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Title\nText.", encoding="utf-8")
    (tmp_path / "sub" / "a.txt.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    results = {path.name: result for path, result in extract_paths([tmp_path])}
    assert set(results) == {"a.txt", "b.txt"}
    assert isinstance(results["b.txt"], BadDocument)
    assert results["a.txt"].articles[0].title == "Title"
    assert EXTRACTOR_VERSION


@pytest.mark.parametrize(
    "text", ["", "\n\n", ".", "$", "5%", "on May", "A.B.", "Tokayev met", "on 31 February 2025 met"]
)
def test_degenerate_texts_extract_to_empty_records(text):
    article = extract_article(text, text, published="2025-01-01")
    assert article.metrics == [] and article.agreements == []


def test_an_article_of_a_million_characters_is_a_bad_document_not_a_stall(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_text("Tokayev met Erdogan in Ankara.\n" + "Tokayev met Erdogan. " * 60_000)

    with pytest.raises(BadDocument, match="too long"):
        extract_document(path)
