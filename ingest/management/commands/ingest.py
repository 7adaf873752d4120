"""`manage.py ingest PATH...`: extract and store documents from files and folders."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ingest.store import KINDS, StoreResult, ingest_paths
from relations import services


def _date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise CommandError(f"--published must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Extract meetings, agreements and figures from text, HTML or JSON Lines files "
        "(folders are read recursively) and store them with their evidence. Files already "
        "ingested with the same bytes are skipped; corrections made in the admin are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument("--published", help="publication date YYYY-MM-DD for every file")
        parser.add_argument("--publisher", help="publisher name for every file")
        parser.add_argument("--url", help="source URL (for a single file)")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=(
                "processes sharing the work (default: one per core, up to four, on PostgreSQL "
                "for 100 files or more; otherwise one)"
            ),
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        meta = {key: options[key] for key in ("published", "publisher", "url") if options.get(key)}
        if "published" in meta:
            meta["published"] = _date(meta["published"])
        show_bar = not options["quiet"] and sys.stderr.isatty() and options["verbosity"] > 0
        bar = None

        def on_start(total: int) -> None:
            nonlocal bar
            bar = tqdm(total=total, unit="file", disable=not show_bar, file=sys.stderr)

        def on_file(result: StoreResult) -> None:
            for line in result.errors:
                # tqdm.write keeps the bar intact; without a bar the line goes to stderr as is.
                if show_bar:
                    tqdm.write(line, file=sys.stderr)
                else:
                    self.stderr.write(line)
            if bar is not None:
                bar.update(1)

        try:
            total = ingest_paths(
                options["paths"],
                meta=meta,
                workers=options["workers"],
                on_start=on_start,
                on_file=on_file,
            )
        finally:
            if bar is not None:
                bar.close()
        self._report(total)
        if total.errors:
            raise CommandError(f"{len(total.errors)} file(s) or article(s) could not be ingested")

    def _report(self, total: StoreResult) -> None:
        articles = total.articles
        self.stdout.write(
            f"Files: {total.files} ({total.skipped} unchanged, skipped). "
            f"Articles: {articles[services.CREATED]} new, {articles[services.UPDATED]} updated, "
            f"{articles[services.UNCHANGED]} unchanged, {articles['failed']} failed."
        )
        for name in KINDS:
            counter = getattr(total, name)
            line = (
                f"{name.capitalize()}: {counter[services.CREATED]} new, "
                f"{counter[services.UPDATED]} updated, {counter[services.UNCHANGED]} unchanged"
            )
            if counter[services.REJECTED]:
                line += f", {counter[services.REJECTED]} rejected before (not recreated)"
            self.stdout.write(line + ".")
        style = self.style.ERROR if total.errors else self.style.SUCCESS
        self.stdout.write(style(f"Errors: {len(total.errors)}."))
