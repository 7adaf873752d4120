"""Country and organization names as the Kazakh and foreign press write them."""

from ingest.countries import find_mentions
from ingest.nlp import parse


def codes(text):
    return [(m.code, m.kind) for m in find_mentions(parse(text))]


def test_turkiye_and_turkey_and_turkish_are_one_country():
    assert [c for c, _ in codes("Türkiye, Turkey and the Turkish side")] == ["TUR", "TUR", "TUR"]


def test_kyrgyz_republic_is_one_official_name_not_a_demonym_and_a_word():
    assert codes("the presidents of the Kyrgyz Republic and Kyrgyzstan") == [
        ("KGZ", "official"),
        ("KGZ", "name"),
    ]


def test_hyphen_compounds_name_both_countries():
    assert [c for c, _ in codes("Kazakh-Turkish relations and the Kazakhstan- Türkiye group")] == [
        "KAZ",
        "TUR",
        "KAZ",
        "TUR",
    ]


def test_abbreviations_match_only_in_capitals():
    assert [c for c, _ in codes("the UAE and the US, as many of us said")] == ["ARE", "USA"]
    assert [c for c, _ in codes("the United States of America")] == ["USA"]


def test_latin_america_is_not_the_united_states():
    assert codes("the countries of Latin America") == []


def test_possessive_and_capital_metonyms():
    assert codes("Hungary’s think tanks met in Ankara") == [("HUN", "name"), ("TUR", "capital")]


def test_organizations_by_name_and_abbreviation():
    assert codes("the Organization of Turkic States (OTS) and the SCO") == [
        ("OTS", "org"),
        ("OTS", "org"),
        ("SCO", "org"),
    ]


def test_south_korea_and_korean_both_mean_the_republic_of_korea():
    assert [c for c, _ in codes("South Korea, the Republic of Korea and Korean companies")] == [
        "KOR",
        "KOR",
        "KOR",
    ]


def test_us_before_a_currency_sign_or_dollar_word_is_no_country():
    text = "US$ 300 million, US $2 billion, 5 bln U.S. dollars, US-dollar bonds, and the US side"
    assert codes(text) == [("USA", "common")]


def test_a_country_name_before_its_dollar_figure_stays_a_country():
    text = "followed by Russia $26.8 billion, and with Uzbekistan $4.4 billion; HK$ aside"
    assert [c for c, _ in codes(text)] == ["RUS", "UZB"]


def test_capitals_beyond_the_reference_table_place_an_event_in_their_country():
    found = codes(
        "talks in Hanoi, then Kuala Lumpur, Nairobi and Buenos Aires; a forum in Brussels"
    )
    assert found == [("VNM", "capital"), ("MYS", "capital"), ("KEN", "capital"), ("ARG", "capital")]
