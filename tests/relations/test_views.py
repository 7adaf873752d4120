"""Pages: they render the records, narrow with filters, survive bad input, and run a
number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import Agreement, Article, Meeting, Metric

from .dashboard_factories import populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference_data):
    return populate(scale=1)


def test_partner_page_shows_records_chart_data_and_sources(client, world):
    response = client.get(reverse("relations:country-detail", args=["TUR"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tokayev – Erdoğan talks" in html
    assert "Memorandum on cooperation in the field of energy #0" in html
    assert 'id="timeline-chart-data"' in html and 'id="trade-chart-data"' in html
    # Disagreeing sources are both listed, with their publishers.
    assert "USD 4.6 billion" in html and "USD 4.4 billion" in html
    assert "Daily Sabah" in html
    assert "Recep Tayyip Erdoğan" in html
    assert "<script>" not in html.replace('<script id="', "")


def test_home_list_and_detail_pages_render(client, world):
    meeting, agreement = world["meetings"][0], world["agreements"][0]
    urls = [
        reverse("relations:home"),
        reverse("relations:home") + "?since=2025-01-01&until=2025-12-31",
        reverse("relations:country-list"),
        reverse("relations:meeting-list"),
        reverse("relations:agreement-list"),
        reverse("relations:metric-list"),
        reverse("relations:search") + "?q=Erdoğan",
        meeting.get_absolute_url(),
        agreement.get_absolute_url(),
        world["articles"][0].get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_filters_narrow_the_partner_timeline(client, world):
    url = reverse("relations:country-detail", args=["TUR"])

    planned = client.get(url, {"status": "planned"}).content.decode()

    assert "Nurtleu visit to Istanbul" in planned
    assert "Tokayev – Erdoğan talks" not in planned


def test_level_and_person_filters_on_meetings_list(client, world):
    url = reverse("relations:meeting-list")

    by_level = client.get(url, {"level": "ambassador"}).content.decode()
    by_person = client.get(url, {"person": "erdoğan"}).content.decode()

    assert "Saparbekuly – Magyar meeting" in by_level
    assert "Tokayev – Erdoğan talks" not in by_level
    assert "Tokayev – Erdoğan talks" in by_person
    assert "Saparbekuly" not in by_person.split("<tbody>")[1]


def test_lowercase_code_redirects_and_unknown_code_is_404(client, world):
    lower = client.get("/countries/tur/?status=held")
    assert lower.status_code == 301
    assert lower.headers["Location"] == "/countries/TUR/?status=held"
    assert client.get("/countries/XXX/").status_code == 404
    assert client.get("/countries/KAZ/").status_code == 404
    assert client.get("/countries/TURKEY/").status_code == 404
    assert client.get("/meetings/999999/").status_code == 404
    assert client.get(f"/articles/{10**30}/").status_code == 404


BAD_QUERIES = [
    {"date_from": "2026-13-45"},
    {"topic": "no-such-topic"},
    {"status": "cancelled"},
    {"level": "emperor"},
    {"partner": "ZZZ"},
    {"sort": "password"},
    {"page": "-1"},
    {"page": str(10**30)},
    {"mpage": "abc", "apage": "1e9"},
    {"year_from": str(10**30)},
    {"q": "a\x00b"},
    {"person": "x" * 5000},
    {"type": "spaceships"},
]


@pytest.mark.parametrize(
    "url", ["/", "/countries/", "/countries/TUR/", "/meetings/", "/agreements/", "/metrics/"]
)
def test_bad_input_never_500(client, world, url):
    # One test per page, every bad query in it: loading reference data dominates the time.
    for params in BAD_QUERIES:
        response = client.get(url, params)

        assert response.status_code == 200, params


def test_invalid_filter_shows_errors_and_no_rows(client, world):
    response = client.get(reverse("relations:meeting-list"), {"date_from": "2026-13-45"})

    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "Enter a valid date" in html
    assert "No meetings match these filters" in html


def test_article_page_highlights_evidence_and_links_records(client, world):
    article = world["articles"][0]
    meeting = Meeting.objects.get(title="Tokayev – Erdoğan talks")
    evidence = meeting.evidence.get()

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'id="ev-{evidence.pk}" href="{meeting.get_absolute_url()}"' in html
    assert f"<mark>{evidence.sentence}</mark>" in html


def test_record_page_links_back_to_its_evidence(client, world):
    meeting = Meeting.objects.get(title="Tokayev – Erdoğan talks")
    evidence = meeting.evidence.get()

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert f"/articles/{evidence.article_id}/#ev-{evidence.pk}" in html


def test_article_with_stale_span_finds_the_sentence_again(client, world):
    article = world["articles"][0]
    evidence = article.evidence.order_by("start").first()
    evidence.start, evidence.end = 0, 5
    evidence.save()

    html = client.get(article.get_absolute_url()).content.decode()

    assert f"<mark>{evidence.sentence}</mark>" in html


PAGES = [
    "/",
    "/?since=2025-01-01",
    "/countries/",
    "/countries/?sort=-last_contact",
    "/countries/TUR/",
    "/countries/TUR/?status=held&topic=energy&person=Erdoğan",
    "/meetings/",
    "/meetings/?partner=TUR&sort=-date&q=talks",
    "/agreements/",
    "/metrics/",
    "/search/?q=Erdoğan",
]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx)


def test_query_counts_do_not_grow_with_the_data(client, reference_data):
    populate(scale=1)
    small = {url: _queries(client, url) for url in PAGES}
    records = [
        Article.objects.first(),
        Meeting.objects.get(title="Tokayev – Erdoğan talks"),
        Agreement.objects.order_by("pk").first(),
        Metric.objects.order_by("pk").first(),
    ]
    small |= {type(r).__name__: _queries(client, r.get_absolute_url()) for r in records}

    populate(scale=6)
    large = {url: _queries(client, url) for url in PAGES}
    large |= {type(r).__name__: _queries(client, r.get_absolute_url()) for r in records}

    assert large == small
    assert max(small.values()) <= 30, small


def test_pages_only_answer_reads(client, world):
    assert client.post(reverse("relations:meeting-list")).status_code == 405
    assert client.head(reverse("relations:home")).status_code == 200


def test_home_period_in_the_wrong_order_is_an_error_not_a_crash(client, world):
    response = client.get(reverse("relations:home"), {"since": "2025-12-31", "until": "2025-01-01"})

    assert response.status_code == 200
    assert "The start of the period is after its end." in response.content.decode()


def test_plotly_is_served_from_the_installed_package():
    from pathlib import Path

    import plotly
    from django.contrib.staticfiles import finders

    found = finders.find("vendor/plotly.min.js")

    assert Path(found) == Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def test_partner_page_shows_figures_a_page_at_a_time_and_links_to_all(client, world):
    from .dashboard_factories import make_metric

    for year in range(1990, 2020):
        make_metric("TUR", value=f"{year}000000", year=year, indicator=Metric.Indicator.EXPORTS)
    url = reverse("relations:country-detail", args=["TUR"])
    total = Metric.objects.filter(partner_id="TUR").count()

    first = client.get(url)
    second = client.get(url, {"fpage": 2})

    shown = len(first.context["claim_page"].object_list) + len(
        second.context["claim_page"].object_list
    )
    assert len(first.context["claim_page"].object_list) == 25
    assert shown == total
    assert 'href="/metrics/?partner=TUR"' in first.content.decode()
    assert "fpage=2" in first.content.decode()
    # The chart still draws every annual claim, not only the page's.
    exports = next(
        t for t in first.context["trade_figure"]["data"] if t["name"].startswith("Exports")
    )
    assert len(exports["x"]) >= 30
