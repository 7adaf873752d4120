"""Filters: each narrows the rows it names, and bad values become form errors."""

import pytest

from relations import selectors

from .dashboard_factories import populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference_data):
    return populate(scale=1)


def _titles(filterset) -> set[str]:
    return {str(record) for record in selectors.filtered(filterset)}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"partner": "HUN"}, {"Saparbekuly – Magyar meeting #0"}),
        ({"status": "planned"}, {"Nurtleu visit to Istanbul #0"}),
        ({"format": "visit"}, {"Nurtleu visit to Istanbul #0"}),
        ({"level": "head_of_state"}, {"Tokayev – Erdoğan talks"}),
        ({"topic": "energy"}, {"Tokayev – Erdoğan talks"}),
        ({"person": "magyar"}, {"Saparbekuly – Magyar meeting #0"}),
        ({"q": "autumn"}, {"Nurtleu visit to Istanbul #0"}),
        ({"date_from": "2025-01-01", "date_to": "2025-06-30"}, {"Tokayev – Erdoğan talks"}),
        ({"type": "agreements"}, set()),
    ],
)
def test_meeting_filters(world, data, expected):
    assert _titles(selectors.meeting_filter(data=data)) == expected


def test_agreement_filters_reach_through_the_meeting(world):
    by_level = selectors.agreement_filter(data={"level": "head_of_state"})
    by_person = selectors.agreement_filter(data={"person": "Erdoğan"})
    held = selectors.agreement_filter(data={"status": "held"})
    other = selectors.agreement_filter(data={"level": "ambassador"})

    expected = {"Memorandum on cooperation in the field of energy #0"}
    assert _titles(by_level) == _titles(by_person) == _titles(held) == expected
    assert _titles(other) == set()


def test_metric_filters(world):
    targets = selectors.metric_filter(data={"kind": "target"})
    years = selectors.metric_filter(data={"year_from": "2024", "year_to": "2024"})

    assert [m.period_start for m in selectors.filtered(targets)] == [2030]
    assert sorted(m.value for m in selectors.filtered(years)) == [
        1_200_000_000,
        4_400_000_000,
        4_600_000_000,
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"date_from": "2026-13-45"},
        {"topic": "no-such-topic"},
        {"partner": "KAZ"},
        {"sort": "; DROP TABLE"},
        {"person": "x" * 201},
    ],
)
def test_invalid_values_are_errors_and_select_nothing(world, data):
    filterset = selectors.meeting_filter(data=data)

    assert not selectors.filters_ok(filterset)
    assert list(filterset.form.errors) == list(data)
    assert not selectors.filtered(filterset).exists()


def test_sort_puts_undated_records_last_both_ways(world):
    from relations.models import Meeting

    Meeting.objects.create(title="Undated call")
    newest = list(selectors.filtered(selectors.meeting_filter(data={"sort": "-date"})))
    oldest = list(selectors.filtered(selectors.meeting_filter(data={"sort": "date"})))

    assert str(newest[-1]) == str(oldest[-1]) == "Undated call"
