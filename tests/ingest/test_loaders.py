"""Reading files: text, HTML, JSON Lines, sidecar metadata, and refusing bad files."""

import json

import pytest

from ingest.loaders import BadDocument, load


def test_plain_text_with_sidecar_metadata(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Title\nBody text.", encoding="utf-8")
    (tmp_path / "news.txt.meta.json").write_text(
        json.dumps({"published": "2025-03-14", "publisher": "Akorda", "url": "https://x"}),
        encoding="utf-8",
    )
    doc = load(path)
    assert (doc.content_type, doc.text, doc.meta["published"]) == (
        "text",
        "Title\nBody text.",
        "2025-03-14",
    )
    assert len(doc.sha256) == 64 and doc.size == len("Title\nBody text.")


def test_json_lines_give_one_item_per_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"title": "Tokayev meets Putin", "text": "Body one.", "published": "2025-01-01"},
        {"title": "Nurtleu calls Wang Yi", "text": "Body two."},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    doc = load(path)
    assert [i.title for i in doc.items] == ["Tokayev meets Putin", "Nurtleu calls Wang Yi"]
    assert doc.items[0].published == "2025-01-01"


def test_html_page_gives_its_main_text(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join(
        ["President Kassym-Jomart Tokayev held talks with the President of Uzbekistan."] * 5
    )
    path.write_text(
        f"<html><head><title>Tokayev meets Mirziyoyev</title></head><body><article><h1>Tokayev "
        f"meets Mirziyoyev</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    doc = load(path)
    assert doc.content_type == "html"
    assert "Tokayev held talks" in doc.items[0].text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
        (b"caf\xe9 latin-1 text", "UTF-8"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BadDocument, match=reason):
        load(path)


def test_files_over_the_size_limit_are_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 200, encoding="utf-8")
    with pytest.raises(BadDocument, match="too large"):
        load(path, max_bytes=100)


def test_missing_file_is_a_bad_document(tmp_path):
    with pytest.raises(BadDocument, match="cannot read"):
        load(tmp_path / "nope.txt")
