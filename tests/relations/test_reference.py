"""Country reference data: ISO 3166 plus the names and demonyms the press uses."""

import pytest

from relations.models import Country, CountryAlias
from relations.reference import countries, fold, resolve_country


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Republic of Türkiye", "TUR"),
        ("Turkish", "TUR"),
        ("Kyrgyz Republic", "KGZ"),
        ("the Kyrgyz Republic", "KGZ"),
        ("Kyrgyzstan", "KGZ"),
        ("UAE", "ARE"),
        ("United Arab Emirates", "ARE"),
        ("the United States", "USA"),
        ("United States of America", "USA"),
        ("American", "USA"),
        ("South Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Hungarian", "HUN"),
        ("Viet Nam", "VNM"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
    ],
)
def test_press_names_resolve_to_iso_alpha3(name, code):
    assert resolve_country(name) == code


def test_unknown_names_resolve_to_nothing():
    assert resolve_country("Danube Institute") is None
    assert resolve_country("") is None


def test_every_iso_country_is_present_once_with_its_own_name():
    records = countries()
    codes = [r.code for r in records]
    assert len(codes) == len(set(codes)) == 249
    for rec in records:
        assert rec.aliases, rec.code


def test_an_alias_belongs_to_one_country_only():
    seen = {}
    for rec in countries():
        for alias, _ in rec.aliases:
            key = fold(alias)
            assert seen.setdefault(key, rec.code) == rec.code, alias


def test_fold_ignores_case_accents_apostrophes_and_leading_article():
    assert fold("The  Republic of TÜRKIYE") == "republic of turkiye"
    assert fold("Côte d’Ivoire") == fold("cote d'ivoire")


def test_load_reference_fills_the_database_and_is_idempotent(reference_data):
    from relations.services import reference_data_load

    assert Country.objects.count() == 249
    assert Country.objects.get(code="TUR").name == "Türkiye"
    assert Country.objects.get(code="KGZ").official_name == "Kyrgyz Republic"
    assert Country.objects.get(code="HUN").region == "Eastern Europe"
    aliases = CountryAlias.objects.count()
    assert CountryAlias.objects.get(normalized="turkey").country_id == "TUR"

    counts = reference_data_load()
    assert counts == {"countries_created": 0, "countries_updated": 0, "aliases_created": 0}
    assert CountryAlias.objects.count() == aliases


def test_kazakhstan_is_the_hub_not_a_partner(reference_data):
    assert not Country.objects.partners().filter(code="KAZ").exists()
    assert Country.objects.get(code="KAZ").is_hub
