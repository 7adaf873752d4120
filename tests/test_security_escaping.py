"""Hostile article text is shown as text on every page and neutralized in CSV exports."""

import csv
import hashlib
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ingest.records import (
    AgreementRecord,
    ArticleRecord,
    DateValue,
    DocumentRecord,
    MeetingRecord,
    MetricRecord,
    PersonMention,
)
from ingest.store import store_document
from relations.models import Agreement, Article, Meeting, Metric, Person
from tests.spans import span_in

TITLE = '<script>window.__xss = 1; alert("title")</script> Kazakhstan and Turkey talks'
FIRST = (
    'Kazakh Foreign Minister <b>Murat Nurtleu</b> met <img src=x onerror="alert(1)"> '
    "Turkish Foreign Minister Hakan Fidan in Ankara on 12 May 2025."
)
SECOND = (
    "The communiqué quoted &lt;script&gt;alert(2)&lt;/script&gt; and &#60;svg onload=alert(3)&#62; "
    "&amp; more."
)
THIRD = '=HYPERLINK("http://evil.example/","click") was the agreement signed on 12 May 2025.'
FOURTH = "Trade between Kazakhstan and Turkey reached $7 billion in 2024 <svg/onload=alert(8)>."
TEXT = " ".join([FIRST, SECOND, THIRD, FOURTH])
MEETING_TITLE = '"><svg onload=alert(4)> talks'
LOCATION = "<iframe src=javascript:alert(5)></iframe>Ankara"
PERSON = "<script>alert(6)</script>Hakan Fidan"
ROLE = "=cmd|' /C calc'!A0"
AGREEMENT_TITLE = '=HYPERLINK("http://evil.example/","click")'
PUBLISHER = "@SUM(1+1)"
JS_URL = "javascript:alert(7)"
# Strings that must never reach a page unescaped.
RAW_MARKERS = [
    "<script>window.__xss",
    'alert("title")</script>',
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(4)>",
    "<iframe src=javascript:alert(5)>",
    "<script>alert(6)</script>",
    "<svg/onload=alert(8)>",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(reference_data):
    """One article whose every shown field carries markup, entities or a formula."""
    article = ArticleRecord(
        title=TITLE,
        text=TEXT,
        published="2025-05-12",
        publisher=PUBLISHER,
        partners=["TUR"],
        meetings=[
            MeetingRecord(
                partners=["TUR"],
                date=DateValue("2025-05-12", precision="day"),
                status="held",
                format="talks",
                title=MEETING_TITLE,
                location=LOCATION,
                evidence=span_in(TEXT, FIRST),
                extra_evidence=[span_in(TEXT, SECOND)],
                partner_people=[PersonMention(PERSON, "partner", "TUR", ROLE)],
            )
        ],
        agreements=[
            AgreementRecord(
                partners=["TUR"],
                title=AGREEMENT_TITLE,
                kind="memorandum",
                date=DateValue("2025-05-12", precision="day"),
                status="signed",
                evidence=span_in(TEXT, THIRD),
            )
        ],
        metrics=[
            MetricRecord(
                partner="TUR",
                indicator="trade_turnover",
                value=7e9,
                unit="USD",
                period_start=2024,
                period_end=None,
                period_open=False,
                kind="actual",
                qualifier="exact",
                evidence=span_in(TEXT, FOURTH),
            )
        ],
    )
    data = TEXT.encode()
    result = store_document(
        DocumentRecord(
            name="<script>alert(9)</script>.txt",
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            content_type="text",
            articles=[article],
        )
    )
    assert not result.errors, result.errors
    # A link the validators would refuse, as a bad import or a raw SQL fix could leave it.
    Article.objects.update(url=JS_URL)
    return {
        "article": Article.objects.get(),
        "meeting": Meeting.objects.get(),
        "agreement": Agreement.objects.get(),
        "metric": Metric.objects.get(),
        "person": Person.objects.get(name__contains="Fidan"),
    }


def dashboard_urls(records: dict) -> list[str]:
    return [
        reverse("relations:home"),
        reverse("relations:search") + "?q=Ankara",
        reverse("relations:search") + "?q=%3Cscript%3Ealert(10)%3C/script%3E",
        reverse("relations:country-list"),
        reverse("relations:country-detail", args=["TUR"]),
        reverse("relations:meeting-list"),
        reverse("relations:meeting-list") + "?q=%22%3E%3Csvg%20onload%3Dalert(11)%3E",
        reverse("relations:meeting-detail", args=[records["meeting"].pk]),
        reverse("relations:agreement-list"),
        reverse("relations:agreement-detail", args=[records["agreement"].pk]),
        reverse("relations:metric-list"),
        reverse("relations:metric-detail", args=[records["metric"].pk]),
        reverse("relations:article-detail", args=[records["article"].pk]),
    ]


def admin_urls(records: dict) -> list[str]:
    urls = [reverse("admin:index")]
    for name in ("meeting", "agreement", "metric", "article", "person"):
        urls.append(reverse(f"admin:relations_{name}_changelist"))
        urls.append(reverse(f"admin:relations_{name}_change", args=[records[name].pk]))
    urls.append(reverse("admin:relations_sourcedocument_changelist"))
    return urls


class ScriptAudit(HTMLParser):
    """Collects every place in a page where a browser could run script."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if (
                name in self.URL_ATTRIBUTES
                and value
                and "".join(value.split()).lower().startswith(("javascript:", "data:text/html"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in {"iframe", "object", "embed"}:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            data_only = values.get("type") == "application/json"
            self._inline_script = "src" not in values and not data_only

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")


def audit(html: str) -> list[str]:
    parser = ScriptAudit()
    parser.feed(html)
    parser.close()
    return parser.problems + [marker for marker in RAW_MARKERS if marker in html]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.org", None)


def test_no_dashboard_page_lets_article_markup_run(client, hostile):
    for url in dashboard_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        assert audit(response.content.decode()) == [], url


def test_no_admin_page_lets_article_markup_run(client, hostile, superuser):
    client.force_login(superuser)

    for url in admin_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        assert audit(response.content.decode()) == [], url


def test_article_page_shows_markup_and_entities_as_the_source_wrote_them(client, hostile):
    url = reverse("relations:article-detail", args=[hostile["article"].pk])

    html = client.get(url).content.decode()

    assert "&lt;script&gt;window.__xss = 1;" in html
    assert "&lt;img src=x onerror=" in html
    # The source's own entity text stays text: "&lt;" is shown, not turned into "<".
    assert "&amp;lt;script&amp;gt;alert(2)" in html


def test_a_javascript_link_is_never_a_link(client, hostile):
    for url in dashboard_urls(hostile):
        html = client.get(url).content.decode()
        assert f'href="{JS_URL}"' not in html, url


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_exports_never_start_a_cell_with_a_formula(client, hostile):
    seen = []
    for dataset in ("meetings", "agreements", "metrics", "countries", "people", "articles"):
        url = reverse("relations:export", kwargs={"dataset": dataset, "fmt": "csv"})
        response = client.get(url)
        assert response.status_code == 200, url
        rows = read_csv(response)
        cells = [cell for row in rows[1:] for cell in row]
        assert [c for c in cells if c.startswith(FORMULA_START)] == [], url
        seen.extend(cells)

    assert "'" + AGREEMENT_TITLE in seen
    assert any(cell.startswith("'=HYPERLINK") for cell in seen)


def test_json_exports_keep_the_text_exactly(client, hostile):
    url = reverse("relations:export", kwargs={"dataset": "agreements", "fmt": "json"})

    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.headers["Content-Type"].startswith("application/json")
    assert AGREEMENT_TITLE.replace('"', '\\"').encode() in body


# --- In a browser ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium"}


WATCH = """
window.__dialogs = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@pytest.mark.browser
def test_in_a_browser_no_dialog_opens_and_no_script_runs(
    page, live_server, hostile, superuser, client
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    client.force_login(superuser)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )

    for url in dashboard_urls(hostile) + admin_urls(hostile):
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, url
        violations = page.evaluate("window.__violations")
        assert [v for v in violations if v.startswith("script-src")] == [], url

    assert dialogs == []
