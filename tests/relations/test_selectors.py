"""Selectors and chart builders: what the pages compute, on real records."""

import datetime
from decimal import Decimal

import pytest

from relations import charts, selectors
from relations.models import Evidence, Metric

from .dashboard_factories import country, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference_data):
    return populate(scale=2)


def test_money_and_date_labels_read_like_a_report():
    assert selectors.money_label(Decimal("4600000000"), "USD") == "USD 4.6 billion"
    assert selectors.money_label(Decimal("750000000"), "USD") == "USD 750 million"
    assert selectors.money_label(Decimal("12.5"), "percent") == "12.5 %"
    assert selectors.money_label(Decimal("38"), "count") == "38"
    assert selectors.date_label(datetime.date(2025, 5, 2), "month") == "May 2025"
    assert selectors.date_label(datetime.date(2025, 5, 2), "day") == "2 May 2025"
    assert selectors.date_label(None) == ""


def test_disagreeing_sources_are_drawn_side_by_side_not_averaged(world):
    claims = selectors.trade_claims(country=country("TUR"))

    figure = charts.trade_figure(claims)

    actual = next(t for t in figure["data"] if t["name"] == "Trade turnover")
    target = next(t for t in figure["data"] if t["name"].endswith("target"))
    assert sorted(y for x, y in zip(actual["x"], actual["y"], strict=True) if x == 2024) == [
        4400.0,
        4600.0,
    ]
    assert target["x"] == [2030] and target["marker"]["symbol"] == "diamond-open"
    assert any("Daily Sabah" in text for text in actual["text"])


def test_cumulative_claims_are_listed_but_not_drawn(world):
    Metric.objects.create(
        partner_id="TUR",
        indicator=Metric.Indicator.INVESTMENT_INFLOW,
        value=Decimal("18000000000"),
        period_start=2005,
        period_open=True,
    )
    claims = selectors.label_metrics(selectors.partner_claims(country=country("TUR")))

    figure = charts.trade_figure(selectors.trade_claims(country=country("TUR")))

    assert any(m.period_label == "2005-" for m in claims)
    assert [m for m in claims if charts.is_drawn(m)] == [
        m for m in claims if m in selectors.trade_claims(country=country("TUR"))
    ]
    assert all(t["name"] != "Investment into Kazakhstan" for t in figure["data"])


def test_timeline_counts_meetings_by_status_and_format_and_agreements(world):
    tur = country("TUR")
    timeline = selectors.timeline(
        meetings=selectors.meeting_queryset(partner=tur),
        agreements=selectors.agreement_queryset(partner=tur),
    )

    totals = {name: 0 for name in timeline["series"]}
    for b in timeline["bins"]:
        for name, n in b.counts.items():
            totals[name] += n
    assert totals == {"Held: Talks": 2, "Planned meetings": 2, "Agreements signed": 2}
    figure = charts.timeline_figure(timeline)
    assert {t["yaxis"] for t in figure["data"]} == {"y", "y2"}


def test_partner_engagement_ranks_by_meetings_and_agreements_in_the_period(world):
    ranked = selectors.partner_engagement()
    in_2024 = selectors.partner_engagement(
        since=datetime.date(2024, 1, 1), until=datetime.date(2024, 12, 31)
    )

    assert [(c.code, c.meeting_count, c.agreement_count) for c in ranked] == [
        ("TUR", 4, 2),
        ("HUN", 2, 0),
    ]
    assert [c.code for c in in_2024] == ["HUN"]


def test_partner_table_has_latest_trade_and_last_contact(world):
    rows = selectors.label_partners(selectors.filtered(selectors.partner_table(data={})))

    tur = next(c for c in rows if c.code == "TUR")
    assert tur.trade_label == "USD 4.6 billion (2024)"
    assert tur.last_contact == datetime.date(2025, 5, 20)


def test_overlapping_evidence_is_highlighted_once(world):
    article = world["articles"][0]
    first = article.evidence.order_by("start").first()
    Evidence.objects.create(
        article=article,
        agreement=world["agreements"][1],
        sentence=first.sentence[:20],
        start=first.start,
        end=first.start + 20,
    )

    _article, segments, evidence = selectors.article_detail(pk=article.pk)

    marked = [s for s in segments if s.evidence]
    assert len(marked) == 5 and len(evidence) == 6
    covered = next(e for e in evidence if e.agreement_id == world["agreements"][1].pk)
    assert covered.anchor == first.pk
    assert "".join(s.text for s in marked[:1]) == first.sentence


def test_date_ranges_are_compact():
    d = datetime.date
    assert selectors.span_label(d(2026, 2, 3), d(2026, 2, 4)) == "3–4 Feb 2026"
    assert selectors.span_label(d(2026, 1, 30), d(2026, 2, 2)) == "30 Jan – 2 Feb 2026"
    assert selectors.span_label(d(2025, 12, 30), d(2026, 1, 2)) == "30 Dec 2025 – 2 Jan 2026"
    assert selectors.span_label(d(2026, 2, 3), None) == "3 Feb 2026"
