"""Print what the extraction pipeline reads from documents, without touching the database."""

import json

from django.core.management.base import BaseCommand, CommandError

from ingest.loaders import BadDocument
from ingest.pipeline import extract_paths


class Command(BaseCommand):
    help = "Extract meetings, agreements and metrics from files or folders and print them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):
        documents, failed = [], 0
        for path, result in extract_paths(options["paths"]):
            if isinstance(result, BadDocument):
                failed += 1
                self.stderr.write(f"{path}: {result.reason}")
                continue
            documents.append(result)
            if options["format"] == "table":
                self._table(result)
        if options["format"] == "json":
            payload = [doc.to_schema() for doc in documents]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        if failed:
            raise CommandError(f"{failed} file(s) could not be read", returncode=1)

    def _table(self, document):
        self.stdout.write(self.style.MIGRATE_HEADING(f"{document.name}"))
        for article in document.articles:
            self.stdout.write(
                f"  [{article.published or '----------'}] {article.title[:90]}"
                f"  partners: {', '.join(article.partners) or '-'}"
            )
            for m in article.meetings:
                people = ", ".join(p.name for p in m.kz_people + m.partner_people)
                self.stdout.write(
                    f"    meeting   {m.status:<7} {m.format:<13} {'/'.join(m.partners):<15} "
                    f"{m.date.value or '-':<10} {m.location or '-':<12} {people}"
                )
            for a in article.agreements:
                self.stdout.write(
                    f"    agreement {a.status:<7} {a.kind:<13} {'/'.join(a.partners):<15} "
                    f"{a.date.value or '-':<10} {a.title[:70]}"
                )
            for x in article.metrics:
                self.stdout.write(
                    f"    metric    {x.kind:<7} {x.indicator:<18} {x.partner:<5} "
                    f"{x.value:>16,.1f} {x.unit:<7} {x.period or '-':<9} {x.phrase[:60]}"
                )
