"""Exports: the same rows as the page (all pages), streamed, stable columns, safe cells."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from relations import exports, views
from relations.models import Article, Evidence, Meeting, Organization

from .dashboard_factories import make_article, make_meeting, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference_data):
    return populate(scale=1)


def _csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _page_titles(client, url, params) -> list[str]:
    """Meeting titles shown on every page of a list view."""
    titles, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page})
        titles += [str(m) for m in response.context["page"].object_list]
        if not response.context["page"].has_next():
            return titles
        page += 1


def test_meetings_csv_holds_every_row_of_the_filtered_view_across_pages(
    client, reference_data, monkeypatch
):
    populate(scale=4)
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    params = {"partner": "TUR", "sort": "-date"}

    shown = _page_titles(client, "/meetings/", params)
    rows = _csv(client.get("/export/meetings.csv", params))

    assert len(shown) == 8 > views.PAGE_SIZE
    assert [row["title"] for row in rows] == shown


def test_csv_columns_are_stable_and_values_plain(client, world):
    rows = _csv(client.get("/export/meetings.csv", {"q": "Tokayev – Erdoğan talks"}))

    assert list(rows[0]) == exports.MEETINGS.header
    row = rows[0]
    assert row["date"] == "2025-05-20"
    assert row["partners"] == "TUR"
    assert row["partner_names"] == "Türkiye"
    assert row["kz_people"] == "Kassym-Jomart Tokayev"
    assert row["partner_people"] == "Recep Tayyip Erdoğan"
    assert row["topics"] == "energy; trade"
    assert row["evidence"].startswith("President Kassym-Jomart Tokayev held talks")
    assert row["url"] == f"http://testserver/meetings/{row['id']}/"
    assert row["reviewed"] == "false"


def test_bom_option_for_excel_and_utf8_by_default(client, world):
    plain = b"".join(client.get("/export/meetings.csv").streaming_content)
    excel = b"".join(client.get("/export/meetings.csv", {"bom": "1"}).streaming_content)

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel.startswith(b"\xef\xbb\xbf")
    assert "Türkiye".encode() in plain


def test_formula_cells_are_neutralized(client, world):
    rows = _csv(client.get("/export/articles.csv", {"partner": "TUR"}))

    titles = {row["title"] for row in rows}
    assert '\'=HYPERLINK("http://evil.example") trade statistics' in titles
    assert exports.csv_cell("-1+2") == "'-1+2"
    assert exports.csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.csv_cell("+7 701") == "'+7 701"
    assert exports.csv_cell("Ankara") == "Ankara"


def test_metrics_export_keeps_every_claim_with_its_source(client, world):
    rows = _csv(
        client.get("/export/metrics.csv", {"partner": "TUR", "indicator": "trade_turnover"})
    )

    values = sorted((row["period"], row["kind"], row["value"]) for row in rows)
    assert values == [
        ("2024", "actual", "4400000000"),
        ("2024", "actual", "4600000000"),
        ("2030", "target", "10000000000"),
    ]
    assert all(row["source_article_ids"] for row in rows)


def test_json_export_has_the_same_rows_with_lists(client, world):
    response = client.get("/export/meetings.json", {"partner": "TUR"})
    items = json.loads(b"".join(response.streaming_content))
    rows = _csv(client.get("/export/meetings.csv", {"partner": "TUR"}))

    assert [item["id"] for item in items] == [int(row["id"]) for row in rows]
    assert items[0]["partners"] == ["TUR"]


def test_countries_people_and_articles_exports(client, world):
    countries = _csv(client.get("/export/countries.csv", {"sort": "name"}))
    people = _csv(client.get("/export/people.csv", {"partner": "HUN"}))
    articles = _csv(client.get("/export/articles.csv", {"partner": "HUN"}))

    assert [row["code"] for row in countries] == ["HUN", "TUR"]
    assert countries[1]["trade_turnover"] == "4600000000"
    assert {row["name"] for row in people} == {"Abzal Saparbekuly", "Levente Magyar"}
    assert [row["title"] for row in articles] == ["Kazakhstan and Hungary discuss trade"]


def test_invalid_filter_is_refused_not_widened(client, world):
    response = client.get("/export/meetings.csv", {"date_from": "2026-13-45"})

    assert response.status_code == 400
    assert "date_from" in response.content.decode()


# The partner table's figures come from one GROUP BY each (five) before its rows.
MAX_EXPORT_QUERIES = {"countries": 6}


@pytest.mark.parametrize("dataset", sorted(exports.DATASETS))
def test_export_queries_do_not_grow_with_the_data(client, reference_data, dataset):
    populate(scale=1)
    with CaptureQueriesContext(connection) as small:
        b"".join(client.get(f"/export/{dataset}.csv").streaming_content)
    populate(scale=5)
    with CaptureQueriesContext(connection) as large:
        rows = _csv(client.get(f"/export/{dataset}.csv"))

    assert len(large) == len(small) <= MAX_EXPORT_QUERIES.get(dataset, 2)
    assert rows


def test_command_writes_the_same_csv_as_the_web_export(client, world, tmp_path):
    out = io.StringIO()
    call_command("export", "meetings", "--partner", "TUR", "--since", "2025-01-01", stdout=out)
    web = b"".join(
        client.get(
            "/export/meetings.csv", {"partner": "TUR", "date_from": "2025-01-01"}
        ).streaming_content
    ).decode()

    command_rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    web_rows = list(csv.DictReader(io.StringIO(web)))
    assert len(command_rows) == Meeting.objects.filter(partners="TUR").count()
    for mine, theirs in zip(command_rows, web_rows, strict=True):
        theirs["url"] = theirs["url"].removeprefix("http://testserver")
        assert mine == theirs

    target = tmp_path / "metrics.csv"
    call_command("export", "metrics", "--partner", "HUN", "--output", str(target), "--bom")
    assert target.read_text(encoding="utf-8").startswith("\ufeffid,partner,")


def test_command_refuses_invalid_filters():
    with pytest.raises(CommandError, match="Invalid filter"):
        call_command("export", "meetings", "--since", "2026-13-45", stdout=io.StringIO())


def test_every_column_is_documented():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")

    for name, dataset in exports.DATASETS.items():
        section = docs.split(f"### `{name}`")[1].split("\n### ")[0]
        documented = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
        assert documented == dataset.header, name


RECOGNITION_TEXT = (
    "Kazakhstan and Türkiye mark the anniversary of diplomatic relations\n\n"
    "- Türkiye was the first country to recognise the independence of Kazakhstan, "
    "on 16 December 1991.\n"
    "Kazakhstan and Türkiye\nestablished diplomatic relations on 2 March 1992."
)


def _awkward_meetings(world) -> None:
    """Meetings whose cells need CSV quoting, the formula guard or nothing at all."""
    Meeting.objects.filter(pk=world["meetings"][0].pk).update(
        title="=HYPERLINK(1)", location="-Almaty", reviewed=True, confidence=0.85
    )
    article = make_article(RECOGNITION_TEXT, partners=["TUR"])
    no_url = make_article(RECOGNITION_TEXT, partners=["TUR"])
    Article.objects.filter(pk=no_url.pk).update(url="")
    comma_url = make_article(RECOGNITION_TEXT, partners=["TUR"])
    Article.objects.filter(pk=comma_url.pk).update(url='https://example.org/a,b?q="1"')
    quoted = make_meeting(
        "TUR",
        date=datetime.date(2024, 3, 2),
        title='Talks on the "Middle Corridor", transit\r\nand trade\nin Astana',
        location="Нұр-Сұлтан, Qazaqstan",
        people=[
            ('O\'Brien, "Jr."', "partner", "TUR", "Envoy"),
            ("=cmd|' /C calc'!A0", "partner", "TUR", "Guest"),
            ("Әлихан Смайылов", "kz", "KAZ", "Prime Minister"),
            ("@Zhaksylyk", "kz", "KAZ", "Adviser"),
        ],
        topics=["trade", "energy", "transport"],
    )
    quoted.partners.add("HUN", "AZE")
    quoted.organizations.add(Organization.objects.create(abbreviation="+OTS", name="Plus OTS"))
    sentences = RECOGNITION_TEXT.split("\n", 2)[2].split(".\n")
    for source in (article, article, no_url, comma_url):
        for sentence in sentences:
            start = source.text.index(sentence)
            Evidence.objects.get_or_create(
                article=source,
                meeting=quoted,
                start=start,
                defaults={"sentence": sentence, "end": start + len(sentence)},
            )
    for title, location, confidence in [
        ("\tTabbed", "\rCarriage", 0.0),
        ("+7 701", "@home", 1 / 3),
        ("", "", 1.0),
        ('Ankara, "Çankaya"', "", 1e-05),
    ]:
        meeting = make_meeting("HUN", date=None, title=title, location=location)
        Meeting.objects.filter(pk=meeting.pk).update(confidence=confidence)
    Meeting.objects.filter(title="").update(format="", level="")
    # No partner, no people, no topics, no sources: every list empty.
    Meeting.objects.create(title="Unlinked", date=datetime.date(2024, 1, 1), date_precision="day")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path is PostgreSQL's")
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"partner": "TUR"},
        {"sort": "title", "q": "talks"},
        {"date_from": "2025-01-01"},
        {"sort": "-title"},
    ],
)
def test_postgresql_fast_csv_is_the_generic_csv_byte_for_byte(client, world, query, monkeypatch):
    _awkward_meetings(world)
    monkeypatch.setattr(exports, "COPY_CHUNK_BYTES", 300)
    filterset = exports.filterset_for("meetings", query)
    generic = "".join(
        exports.csv_lines(
            exports.MEETINGS,
            exports.export_rows("meetings", filterset.qs),
            bom=True,
            base_url="http://testserver/",
        )
    )

    chunks = list(client.get("/export/meetings.csv", {**query, "bom": "1"}).streaming_content)

    assert exports.fast_csv_available("meetings")
    assert b"".join(chunks).decode() == generic
    if not query:
        assert len(chunks) > 3  # streamed in pieces, not built whole
        assert "'=HYPERLINK(1)" in generic
        assert '"Talks on the ""Middle Corridor"", transit\r\nand trade\nin Astana"' in generic
        assert ',"\'=cmd|\' /C calc\'!A0; O\'Brien, ""Jr.""",' in generic
        assert ",'\tTabbed,\"'\rCarriage\"," in generic
        assert ",0.0,false," in generic and ",1.0,false," in generic
        assert ",Unlinked,,,,,,,,,,,extracted,1.0,false," in generic


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path is PostgreSQL's")
def test_postgresql_fast_csv_cut_off_leaves_the_connection_usable(world, monkeypatch):
    _awkward_meetings(world)
    monkeypatch.setattr(exports, "COPY_CHUNK_BYTES", 300)
    chunks = exports.fast_csv_lines(exports.filterset_for("meetings", {}).qs)

    header, first = next(chunks), next(chunks)
    chunks.close()  # the browser went away mid-download

    assert header.startswith(b"id,date,") and first.endswith(b"\r\n")
    assert Meeting.objects.count() == len(world["meetings"]) + 6
