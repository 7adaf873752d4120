"""Figures: money in several notations, growth rates, counts, periods, qualifiers, targets."""

import pytest

from ingest.pipeline import extract_article


def metrics(text, title="Kazakhstan and Hungary", published=None):
    article = extract_article(title, f"{title}\n{text}", published=published)
    return [
        (m.partner, m.indicator, m.value, m.unit, m.period, m.kind, m.qualifier)
        for m in article.metrics
    ]


def test_growth_rate_and_amount_and_target_in_one_passage():
    text = (
        "In 2024, trade turnover grew by 4.4% to nearly $200 million, and both countries aim to "
        "increase this figure to $700 million in the coming years."
    )
    assert metrics(text) == [
        ("HUN", "trade_turnover", 4.4, "percent", "2024", "actual", "exact"),
        ("HUN", "trade_turnover", 200e6, "USD", "2024", "actual", "approximately"),
        ("HUN", "trade_turnover", 700e6, "USD", None, "target", "exact"),
    ]


def test_investment_since_a_year_is_an_open_period_and_exceeded_is_at_least():
    text = "Since 2005, Hungarian investment in Kazakhstan has exceeded $370 million."
    assert metrics(text) == [
        ("HUN", "investment_inflow", 370e6, "USD", "2005-", "actual", "at_least")
    ]


def test_investment_in_both_directions_in_one_sentence():
    text = (
        "The volume of Turkish investments in Kazakhstan exceeded 5 billion US dollars, while "
        "Kazakhstan’s investments in Türkiye surpassed 2.2 billion US dollars."
    )
    found = metrics(text, title="Kazakhstan and Türkiye")
    assert [(p, i, v) for p, i, v, *_ in found] == [
        ("TUR", "investment_inflow", 5e9),
        ("TUR", "investment_outflow", 2.2e9),
    ]


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("trade with China reached $2.2bn", 2.2e9, "USD"),
        ("bilateral trade with the United States reached USD 3 billion", 3e9, "USD"),
        ("trade with Russia amounted to 1.5 trillion tenge", 1.5e12, "KZT"),
        ("Kazakhstan’s exports to Germany reached €500 million", 500e6, "EUR"),
        ("trade with Japan reached 1.2 billion euros", 1.2e9, "EUR"),
        ("trade with Uzbekistan reached $1,250 million", 1.25e9, "USD"),
    ],
)
def test_money_notations(phrase, value, unit):
    ((_, _, got_value, got_unit, *_),) = metrics(phrase + ".", title="News")
    assert (got_value, got_unit) == (pytest.approx(value), unit)


def test_exports_and_imports_take_kazakhstans_point_of_view():
    text = (
        "Kazakhstan’s exports to Germany reached $1 billion, while imports from Germany "
        "amounted to $2 billion."
    )
    assert [i for _, i, *_ in metrics(text, title="Kazakhstan and Germany")] == [
        "exports",
        "imports",
    ]


def test_counts_of_joint_projects_and_companies():
    text = (
        "Currently, 16 joint projects are underway in energy. About 60 Japanese companies are "
        "currently working in the country."
    )
    found = metrics(text, title="Kazakhstan and Japan")
    assert [(i, v, u) for _, i, v, u, *_ in found] == [
        ("joint_projects", 16, "count"),
        ("other", 60, "count"),
    ]


def test_value_of_deals_is_indicator_other():
    text = "Kazakh and American companies signed commercial agreements worth about $17 billion."
    assert metrics(text, title="Kazakhstan and the United States")[0][1:4] == ("other", 17e9, "USD")


def test_last_year_is_the_year_before_publication():
    text = "Last year bilateral trade with Germany amounted to $3.2 billion."
    assert metrics(text, published="2024-09-17")[0][4] == "2023"


def test_figures_without_a_relation_are_ignored():
    text = "Kazakhstan’s GDP grew by 6% and the population reached 20 million people."
    assert metrics(text, title="Economy") == []


def test_tourist_counts_and_growth_and_weekly_flights():
    text = (
        "The number of Chinese tourists who visited Kazakhstan in 2024 grew by 40% to 650,000. "
        "Airlines now operate 120 flights per week between the two countries."
    )
    found = metrics(text, title="Kazakhstan and China")
    assert [(i, v, u) for _, i, v, u, *_ in found] == [
        ("tourists", 40, "percent"),
        ("tourists", 650000, "count"),
        ("flights", 120, "count"),
    ]


def test_us_dollars_do_not_make_the_united_states_a_partner():
    text = "Trade turnover between the two countries amounted to 164 million US dollars in 2024."
    assert metrics(text, title="Kazakhstan and Saudi Arabia")[0][:3] == (
        "SAU",
        "trade_turnover",
        164e6,
    )


def test_figures_between_third_parties_or_with_organizations_are_ignored():
    text = (
        "Trade between China and the European Union fell by 3% to $780 billion in 2024, while "
        "Russia's trade with China reached $240 billion.\nKazakhstan's trade with the EU amounted "
        "to $45 billion."
    )
    assert metrics(text, title="China-EU trade slows") == []


def test_counts_written_after_their_noun():
    text = (
        "The number of joint ventures with Chinese capital in Kazakhstan exceeded 4,000. "
        "More than 1,000 companies with German capital operate in Kazakhstan."
    )
    found = metrics(text, title="Kazakhstan, China and Germany")
    assert [(p, i, v) for p, i, v, *_ in found] == [
        ("CHN", "joint_projects", 4000),
        ("DEU", "other", 1000),
    ]


def test_a_conversion_in_brackets_is_not_a_second_figure():
    text = "Trade with Russia reached 1.5 trillion tenge (about $3.2 billion) in 2024."
    assert [(v, u) for _, _, v, u, *_ in metrics(text, title="Kazakhstan and Russia")] == [
        (1.5e12, "KZT")
    ]


def test_partner_named_after_the_figure_only_when_attached_to_it():
    assert metrics("Kazakhstan exported goods worth $2 billion to China in 2024.", title="News")[0][
        :3
    ] == ("CHN", "exports", 2e9)
    text = (
        "Kazakhstan attracted $25 billion in FDI in 2024, with the Netherlands, the US and "
        "Switzerland the largest investors."
    )
    assert metrics(text, title="News") == []


def test_the_countrys_total_trade_is_no_partner_figure_and_a_ranking_names_each_partner():
    text = (
        "Kazakhstan's external trade turnover amounted to $139.8 billion in 2023, up 3.5%. "
        "Russia was Kazakhstan's second largest trading partner with $27.6 billion, followed by "
        "Italy with $16.3 billion. Trade with Türkiye reached $6.5 billion and with Korea "
        "$6.4 billion."
    )
    title = "Kazakhstan's trade in 2023"
    found = [m[:4] for m in metrics(text, title=title, published="2024-02-15")]
    assert found == [
        ("RUS", "trade_turnover", 27.6e9, "USD"),
        ("ITA", "trade_turnover", 16.3e9, "USD"),
        ("TUR", "trade_turnover", 6.5e9, "USD"),
        ("KOR", "trade_turnover", 6.4e9, "USD"),
    ]


def test_a_task_of_bringing_trade_to_a_figure_is_a_target():
    text = (
        "Trade between the two countries reached $420 million last year, and the leaders set the "
        "task of bringing it to $1 billion by 2030."
    )
    found = metrics(text, title="Kazakhstan and Mongolia", published="2025-06-02")
    assert [(m[0], m[2], m[5]) for m in found] == [("MNG", 420e6, "actual"), ("MNG", 1e9, "target")]


def test_total_fdi_is_no_partner_figure_and_a_rate_then_amount_keep_their_partner():
    text = (
        "Gross inflow of foreign direct investment in Kazakhstan reached $21.3 billion in 2024. "
        "Trade with Mongolia amounted to $180 million, while exports to Tajikistan rose by 8.5% "
        "to $910 million."
    )
    found = metrics(text, title="Kazakhstan's economy in 2024", published="2025-03-20")
    assert [(m[0], m[1], m[2], m[3]) for m in found] == [
        ("MNG", "trade_turnover", 180e6, "USD"),
        ("TJK", "exports", 8.5, "percent"),
        ("TJK", "exports", 910e6, "USD"),
    ]


def test_the_worth_of_planned_joint_projects_keeps_their_partner_and_is_a_target():
    text = (
        "Kazakhstan and Korea plan to launch 20 joint projects worth $2.4 billion by 2028, "
        "Deputy Prime Minister Serik Zhumangarin said."
    )
    found = metrics(text, title="Kazakhstan's investment agenda", published="2025-04-01")
    assert [(m[0], m[1], m[2], m[5]) for m in found] == [
        ("KOR", "joint_projects", 20, "target"),
        ("KOR", "other", 2.4e9, "target"),
    ]


def test_an_indicator_named_after_the_figure_and_projects_with_partner_participation():
    title = "Kazakhstan and Vietnam"
    text = (
        "The leaders agreed on a goal of 2 bln US dollars in annual trade by 2030.\n"
        "Vietnam's companies have put $120 million into Kazakhstan, and 14 projects with "
        "Vietnamese participation are under way.\n"
        "Exports of Kazakh wheat to Vietnam should reach 500 thousand tonnes next year."
    )
    found = metrics(text, title=title, published="2025-06-10")
    assert ("VNM", "trade_turnover", 2e9, "USD", "2030", "target", "exact") in found
    assert ("VNM", "joint_projects", 14, "count", None, "actual", "exact") in found
    plan = metrics("Trade with Vietnam should reach $3 billion by 2035.", title=title)
    assert plan == [("VNM", "trade_turnover", 3e9, "USD", "2035", "target", "exact")]


def test_a_target_set_after_a_figure_keeps_its_indicator():
    text = (
        "Trade with Hungary reached $1.1 bln in 2024, and the two governments have set a target "
        "of $2 bln for the coming years."
    )
    found = metrics(text, published="2025-03-01")
    assert ("HUN", "trade_turnover", 2e9, "USD", None, "target", "exact") in found


def test_doubling_or_tripling_a_stated_figure_is_a_target_of_its_multiple():
    text = (
        "Trade between Kazakhstan and Hungary reached $250 million last year, and the presidents "
        "instructed their governments to double this figure by 2030."
    )
    found = metrics(text)
    assert ("HUN", "trade_turnover", 500e6, "USD", "2030", "target", "exact") in found
    nxt = (
        "Hungarian investment in Kazakhstan has exceeded $370 million. "
        "The sides intend to triple it in the coming years."
    )
    found = metrics(nxt)
    assert ("HUN", "investment_inflow", 1110e6, "USD", None, "target", "exact") in found


def test_double_taxation_is_no_target():
    text = (
        "Mutual trade stood at $250 million in 2024. The ministers also signed a protocol to "
        "the convention on the avoidance of double taxation."
    )
    assert [m[5] for m in metrics(text)] == ["actual"]


def test_a_count_of_projects_is_joint_only_when_the_sentence_ties_it_to_the_partner():
    text = (
        "At the business council, Hungarian companies presented 12 new projects in agriculture "
        "and pharmaceuticals."
    )
    assert metrics(text) == [("HUN", "joint_projects", 12, "count", None, "actual", "exact")]
    own = "The region has prepared 35 projects for the coming year."
    assert metrics(own) == []
