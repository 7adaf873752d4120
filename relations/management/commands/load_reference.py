from django.core.management.base import BaseCommand

from relations.services import reference_data_load


class Command(BaseCommand):
    help = "Load ISO 3166 countries with aliases and demonyms, organizations and topics."

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data: {countries_created} countries created, "
                "{countries_updated} updated, {aliases_created} aliases added.".format(**counts)
            )
        )
