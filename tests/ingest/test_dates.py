"""Date phrases in press sentences, resolved against the publication date."""

import datetime as dt

from ingest.dates import best_date, find_dates

PUBLISHED = dt.date(2026, 2, 2)  # a Monday


def values(text, published=PUBLISHED, future=False):
    return [(d.value.value, d.value.end) for d in find_dates(text, published, future=future)]


def test_range_with_month_first_gives_start_and_end():
    text = "Tokayev will pay a state visit to Pakistan from February 3 to 4, 2026"
    assert values(text) == [("2026-02-03", "2026-02-04")]


def test_range_with_day_first_and_no_year_takes_the_publication_year():
    assert values("who paid an official visit to Kazakhstan on 1-2 November") == [
        ("2026-11-01", "2026-11-02")
    ]


def test_full_dates_in_both_orders():
    assert values("presided over the 8th meeting on 2 February 2026 in Ankara") == [
        ("2026-02-02", None)
    ]
    assert values("the summit held on April 25, 2024 in Ankara") == [("2024-04-25", None)]


def test_day_and_month_without_a_year_and_without_a_publication_date_stay_unknown():
    mentions = find_dates("will attend the Informal Summit on May 20 in Budapest", None)
    assert [m.value.value for m in mentions] == [None]


def test_month_only_phrases_take_month_precision_and_the_year_the_tense_implies():
    planned = find_dates("Ahead of the visit in early April", PUBLISHED, future=True)[0]
    assert (planned.value.value, planned.value.precision) == ("2026-04", "month")
    held = find_dates("the forum held in April", PUBLISHED)[0]
    assert held.value.value == "2025-04"


def test_relative_years_resolve_against_the_publication_date():
    assert values("scheduled to take place later this year") == [("2026", None)]
    assert values("the parties agreed last year") == [("2025", None)]
    assert values("to hold the next round in Astana next year") == [("2027", None)]


def test_weekday_of_a_report_is_the_last_such_day_before_publication():
    assert values("The talks at the Akorda on Saturday focused on trade") == [("2026-01-31", None)]


def test_weekday_of_a_plan_is_the_next_such_day():
    assert values("The delegation will arrive on Thursday", future=True) == [("2026-02-05", None)]


def test_planned_month_earlier_than_publication_rolls_to_next_year():
    published = dt.date(2025, 10, 22)
    mention = find_dates("will take place in Astana in early April", published, future=True)[0]
    assert mention.value.value == "2026-04"


def test_bare_year_after_in_is_year_precision():
    assert values("Summits of the OTS to be held in Kazakhstan and Türkiye in 2026.") == [
        ("2026", None)
    ]


def test_periods_and_ordinals_are_not_dates():
    assert values("a Cooperation Plan for 2026-2027 was signed") == []
    assert values("Türkiye will host the next 13th Summit") == []
    assert values("implement the Turkic World Vision - 2040") == []


def test_money_is_not_a_year():
    assert values("investment exceeded 2025 million dollars") == []


def test_best_date_prefers_a_visit_range_over_a_single_day():
    mentions = find_dates(
        "held talks on Wednesday as part of the state visit from June 11 to 13",
        dt.date(2024, 6, 12),
    )
    assert (best_date(mentions).value, best_date(mentions).end) == ("2024-06-11", "2024-06-13")


def test_half_of_the_year_and_end_of_the_year_are_the_report_year():
    text = "to be signed in the second half of the year and a visit before the end of the year"
    assert values(text) == [("2026", None), ("2026", None)]


def test_a_quarter_of_the_year_is_the_reports_year_unless_next_year_is_said():
    assert values("to meet in Tashkent in the third quarter") == [("2026", None)]
    assert values("in the first quarter of next year") == [("2027", None)]
    assert values("in the fourth quarter of 2025") == [("2025", None)]


def test_a_season_with_its_own_year_and_an_ordinal_day_of_a_month():
    assert values("to be held in autumn 2027") == [("2027", None)]
    assert values("in the spring of next year") == [("2027", None)]
    assert values("on the 25th of February") == [("2026-02-25", None)]


def test_a_dotted_date_in_body_text_is_a_date():
    published = dt.date(2025, 10, 2)
    found = find_dates("The delegation arrived in Hanoi on 29.09.2025 for talks.", published)
    assert [d.value.value for d in found] == ["2025-09-29"]


def test_next_or_last_week_gives_the_month_when_the_week_lies_inside_one():
    thursday = dt.date(2025, 10, 2)
    assert values("The delegation will arrive next week.", thursday) == [("2025-10", None)]
    # 2025-10-30 is a Thursday: the next week runs from 3 to 9 November.
    assert values("talks next week", dt.date(2025, 10, 30)) == [("2025-11", None)]
    assert values("talks held last week", dt.date(2025, 9, 2)) == [("2025-08", None)]
    # The week of 2025-10-02 runs from 29 September to 5 October: only the year is sure.
    assert values("talks held this week", thursday) == [("2025", None)]
