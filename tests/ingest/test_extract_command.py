"""The extract command: JSON in the evaluation schema, a readable table, bad files reported."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_json_output_has_one_object_per_file_in_the_schema():
    out = StringIO()
    call_command("extract", str(SEEDS), "--format", "json", stdout=out)
    docs = json.loads(out.getvalue())
    assert [d["doc"] for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    article = docs[4]["articles"][0]
    assert set(article) == {"title", "published", "partners", "meetings", "agreements", "metrics"}
    assert article["meetings"][0]["format"] == "visit"


def test_table_output_lists_records():
    out = StringIO()
    call_command("extract", str(SEEDS / "001_f2cb6cd6b719e709.txt"), stdout=out)
    text = out.getvalue()
    assert "meeting   planned summit" in text and "trade_turnover" in text


def test_bad_file_is_named_on_stderr_and_fails_the_command(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00broken")
    good = tmp_path / "good.txt"
    good.write_text("Title\nText.", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("extract", str(tmp_path), "--format", "json", stdout=out, stderr=err)
    assert "bad.txt" in err.getvalue() and "binary" in err.getvalue()
    assert [d["doc"] for d in json.loads(out.getvalue())] == ["good.txt"]


def _figures(tmp_path, text: str) -> tuple[list[dict], list]:
    """One article through `extract --format json` and through the pipeline the store uses:
    (the schema's metrics, the stored MetricRecords)."""
    from ingest.pipeline import extract_document

    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("extract", str(article), "--format", "json", stdout=out)
    (doc,) = json.loads(out.getvalue())
    return doc["articles"][0]["metrics"], extract_document(article).articles[0].metrics


def test_json_names_only_the_schema_indicators_and_the_store_keeps_finer_ones(tmp_path):
    schema, stored = _figures(
        tmp_path,
        "Kazakhstan and Qatar to expand air links\n\n"
        "ASTANA, 12 March 2025 - Kazakhstan's Minister of Transport met the Qatari "
        "ambassador in Astana on March 12, 2025. The sides noted that 14 direct flights a "
        "week now connect the two countries, and that trade turnover between Kazakhstan "
        "and Qatar reached $120 million in 2024.\n",
    )
    assert {m["indicator"] for m in schema} == {"other", "trade_turnover"}
    assert {m.indicator for m in stored} == {"flights", "trade_turnover"}


def test_json_leaves_out_figures_in_currencies_the_schema_cannot_state(tmp_path):
    schema, stored = _figures(
        tmp_path,
        "Kazakhstan and Germany review economic cooperation\n\n"
        "ASTANA, 4 April 2025 - Trade turnover between Kazakhstan and Germany reached "
        "$3.2 billion in 2024, while German direct investment in Kazakhstan amounted to "
        "€450 million last year.\n",
    )
    assert [(m["unit"], m["value"]) for m in schema] == [("USD", 3.2e9)]
    assert sorted(m.unit for m in stored) == ["EUR", "USD"]
