import codecs

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from relations import exports, selectors

# Command-line options and the query-string parameters they stand for.
OPTIONS = {
    "partner": ("partner", "ISO alpha-3 code of the partner, e.g. TUR"),
    "since": ("date_from", "First date, YYYY-MM-DD"),
    "until": ("date_to", "Last date, YYYY-MM-DD"),
    "status": ("status", "held or planned"),
    "format": ("format", "Meeting format: talks, visit, summit, call..."),
    "level": ("level", "head_of_state, head_of_government, foreign_minister, ..."),
    "topic": ("topic", "Topic slug: trade, energy, ..."),
    "person": ("person", "Part of a participant's name"),
    "q": ("q", "Words in the title, place or evidence"),
    "kind": ("kind", "Agreement kind, or actual/target for metrics"),
    "indicator": ("indicator", "Metric indicator: trade_turnover, exports, ..."),
    "year_from": ("year_from", "Metrics: first year"),
    "year_to": ("year_to", "Metrics: last year"),
    "type": ("type", "Partner timeline record type: meetings or agreements"),
    "region": ("region", "Countries: region"),
    "sort": ("sort", "Sort key as on the page, e.g. -date"),
}


class Command(BaseCommand):
    help = (
        "Write the same CSV as the dashboard's Download CSV links: "
        "export meetings|agreements|metrics|countries|people|articles [filters]."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=sorted(exports.DATASETS))
        for option, (_param, text) in OPTIONS.items():
            parser.add_argument(f"--{option.replace('_', '-')}", dest=option, help=text)
        parser.add_argument("--output", "-o", help="File to write (default: standard output)")
        parser.add_argument(
            "--bom", action="store_true", help="Start with a UTF-8 byte-order mark (for Excel)"
        )
        parser.add_argument(
            "--base-url", default="", help="Prefix for the url column, e.g. https://host"
        )

    def handle(self, *args, **options):
        data = QueryDict(mutable=True)
        for option, (param, _text) in OPTIONS.items():
            if options.get(option):
                data[param] = options[option]
        filterset = exports.filterset_for(options["dataset"], data)
        if not selectors.filters_ok(filterset):
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
            )
            raise CommandError(f"Invalid filter: {problems}")
        dataset, base_url = options["dataset"], options["base_url"]
        if exports.fast_csv_available(dataset):
            # As the web export: on PostgreSQL the database writes the meetings CSV (COPY).
            chunks = exports.fast_csv_lines(filterset.qs, bom=options["bom"], base_url=base_url)
        else:
            rows = exports.export_rows(dataset, filterset.qs)
            lines = exports.csv_lines(
                exports.DATASETS[dataset], rows, bom=options["bom"], base_url=base_url
            )
            chunks = (line.encode("utf-8") for line in lines)
        if options["output"]:
            with open(options["output"], "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            self.stderr.write(f"Wrote {filterset.qs.count()} rows to {options['output']}.")
        else:
            # Chunks may end inside a character: decode across their boundaries.
            decoder = codecs.getincrementaldecoder("utf-8")()
            for chunk in chunks:
                # csv already ends each line; no ending of self.stdout's own.
                self.stdout.write(decoder.decode(chunk), ending="")
            self.stdout.write(decoder.decode(b"", final=True), ending="")
