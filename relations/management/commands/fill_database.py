"""Fill the database with a large synthetic data set for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from relations import bulk


class Command(BaseCommand):
    help = (
        "Add synthetic meetings, agreements and metrics (with people, articles and evidence) "
        "spread over 20 years and N weighted partners, written in bulk. Refuses to run on a "
        "database that already holds records unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=100_000)
        parser.add_argument("--agreements", type=int, default=20_000)
        parser.add_argument("--metrics", type=int, default=50_000)
        parser.add_argument("--partners", type=int, default=190, help="how many partner countries")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same data")
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already holds records"
        )

    def handle(self, *args, **options):
        counts = [options[name] for name in ("meetings", "agreements", "metrics", "partners")]
        if any(n < 0 for n in counts) or options["partners"] < 1:
            raise CommandError("counts must be >= 0 and --partners >= 1")
        if bulk.database_has_records() and not options["force"]:
            raise CommandError(
                "The database already holds records; use --force to add synthetic data anyway."
            )
        started = time.perf_counter()
        progress = self.stdout.write if options["verbosity"] > 1 else None
        written = bulk.fill(
            meetings=options["meetings"],
            agreements=options["agreements"],
            metrics=options["metrics"],
            partners=options["partners"],
            seed=options["seed"],
            progress=progress,
        )
        summary = ", ".join(f"{n} {name}" for name, n in written.items())
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Wrote {summary} in {elapsed:.1f} s"))
