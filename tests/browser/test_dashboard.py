"""What only a browser shows: charts drawn, filters changing table and URL, the download,
the highlighted evidence; screenshots on a laptop and a phone for a human to look at."""

import csv
import io
import os
import re
from pathlib import Path

import pytest

from relations.models import Meeting
from tests.relations.dashboard_factories import populate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not test-results/: pytest-playwright empties that folder at the start of every session.
SHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS", "/tmp/kz-dashboard-screenshots"))
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(reference_data):
    return populate(scale=6)


@pytest.fixture
def csp_errors(page):
    """Console errors a Content Security Policy violation would produce."""
    errors = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return errors


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _meeting_titles(page) -> list[str]:
    return page.locator("#meetings-table tbody tr td:nth-child(2) > a").all_inner_texts()


def test_partner_page_draws_charts_and_filters_narrow_table_and_url(
    page, live_server, world, csp_errors
):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/countries/TUR/")

    page.locator("#timeline-chart svg.main-svg").first.wait_for()
    page.locator("#trade-chart svg.main-svg").first.wait_for()
    assert page.locator("#timeline-chart .bars path").count() > 0
    assert page.locator("#trade-chart .scatterlayer .point").count() >= 3
    all_rows = _meeting_titles(page)
    _shot(page, "partner-laptop")

    page.select_option("#id_status", "planned")
    page.wait_for_url(re.compile(r"status=planned"))

    planned = _meeting_titles(page)
    assert 0 < len(planned) < len(all_rows)
    assert all("Nurtleu visit" in title for title in planned)
    assert "date_from" not in page.url  # empty fields stay out of shared URLs
    assert csp_errors == []


def test_csv_download_has_the_rows_of_the_table(page, live_server, world):
    page.goto(f"{live_server.url}/countries/TUR/?status=held")
    shown = _meeting_titles(page)

    with page.expect_download() as info:
        page.locator("#meetings a", has_text="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8"))))

    assert [row["title"] for row in rows] == shown
    assert len(rows) == Meeting.objects.filter(partners="TUR", status="held").count()


def test_article_page_highlights_the_evidence(page, live_server, world, csp_errors):
    article = world["articles"][0]
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")

    marks = page.locator(".prose mark")
    assert marks.count() == article.evidence.count() == 5
    colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(page, "article-laptop")

    marks.first.click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert page.locator(".evidence").count() == 1
    assert csp_errors == []


def test_pages_fit_a_phone(page, live_server, world):
    page.set_viewport_size(PHONE)
    for name, path in [("home", "/"), ("partner", "/countries/TUR/"), ("meetings", "/meetings/")]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        # Tables may scroll inside their wrapper; the page itself must not.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (name, overflow)
        _shot(page, f"{name}-phone")
        page.screenshot(path=str(SHOTS / f"{name}-phone-top.png"))
    page.goto(f"{live_server.url}/countries/TUR/")
    page.locator("#timeline-chart svg.main-svg").first.wait_for()
    for section in ("timeline", "meetings", "trade"):
        page.locator(f"#{section}").screenshot(path=str(SHOTS / f"partner-phone-{section}.png"))
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/")
    page.locator("#engagement svg.main-svg").first.wait_for()
    _shot(page, "home-laptop")
