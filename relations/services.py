"""Writes to the domain. Every write to relations' tables goes through a function here."""

from django.db import transaction

from . import reference
from .models import Country, CountryAlias, Organization, Topic

TOPICS = [
    ("trade", "Trade"),
    ("investment", "Investment"),
    ("energy", "Energy"),
    ("transport", "Transport and logistics"),
    ("agriculture", "Agriculture"),
    ("culture", "Culture and humanitarian"),
    ("education", "Education and science"),
    ("security", "Security and defence"),
    ("health", "Health"),
    ("digital", "Digital and AI"),
    ("environment", "Environment"),
    ("tourism", "Tourism"),
]


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create or refresh every ISO 3166 country with aliases, organizations and topics.

    Idempotent: running it again changes nothing; aliases an admin added stay.
    """
    records = reference.countries()
    existing = {c.code: c for c in Country.objects.all()}
    to_create, to_update = [], []
    for rec in records:
        values = {
            "alpha2": rec.alpha2,
            "name": rec.name,
            "official_name": rec.official_name,
            "region": rec.region,
        }
        country = existing.get(rec.code)
        if country is None:
            to_create.append(Country(code=rec.code, **values))
        elif any(getattr(country, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(country, key, value)
            to_update.append(country)
    Country.objects.bulk_create(to_create)
    if to_update:
        Country.objects.bulk_update(to_update, ["alpha2", "name", "official_name", "region"])

    known = set(CountryAlias.objects.values_list("normalized", flat=True))
    aliases = [
        CountryAlias(country_id=rec.code, alias=alias, normalized=key, kind=kind)
        for rec in records
        for alias, kind in rec.aliases
        if (key := reference.fold(alias)) not in known
    ]
    CountryAlias.objects.bulk_create(aliases, ignore_conflicts=True)

    for abbreviation, name, alias_list in reference.ORGANIZATIONS:
        Organization.objects.update_or_create(
            abbreviation=abbreviation, defaults={"name": name, "aliases": alias_list}
        )
    for slug, name in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name})
    return {
        "countries_created": len(to_create),
        "countries_updated": len(to_update),
        "aliases_created": len(aliases),
    }
