"""Write synthetic articles as text files, for benchmarks and load tests."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.synthetic import feed_dump, generate_articles


class Command(BaseCommand):
    help = (
        "Write N synthetic articles about Kazakhstan's foreign relations into DIR as .txt files; "
        "with --per-file K > 1, dated articles go K to a file as news-feed dumps."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="how many articles")
        parser.add_argument("--out", required=True, help="directory to write into")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same articles")
        parser.add_argument(
            "--per-file",
            type=int,
            default=1,
            help="articles per feed-dump file (1 = every article in its own file)",
        )
        parser.add_argument(
            "--expected",
            action="store_true",
            help="also write NAME.json with the records a perfect extractor would return",
        )

    def handle(self, *args, **options):
        count, per_file = options["articles"], options["per_file"]
        if count < 0 or per_file < 1:
            raise CommandError("--articles must be >= 0 and --per-file >= 1")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        files = write_corpus(
            out, count, seed=options["seed"], per_file=per_file, expected=options["expected"]
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} articles in {files} files to {out}"))


def write_corpus(out: Path, count: int, *, seed: int, per_file: int, expected: bool) -> int:
    """Write ``count`` articles into ``out``; returns the number of text files written."""
    articles = list(generate_articles(count, seed=seed))
    # Feed dumps need a stamp date for every item, so undated articles stay single files.
    dated = [a for a in articles if a.published] if per_file > 1 else []
    single = [a for a in articles if not a.published] if per_file > 1 else articles
    groups = [dated[i : i + per_file] for i in range(0, len(dated), per_file)]
    groups += [[a] for a in single]
    width = len(str(len(groups)))
    for number, group in enumerate(groups, start=1):
        name = f"synthetic_{seed}_{number:0{width}d}"
        if len(group) > 1:
            text = feed_dump(group, seed=seed + number)
            group = sorted(group, key=lambda a: a.published, reverse=True)
        else:
            text = group[0].text
        (out / f"{name}.txt").write_text(text, encoding="utf-8")
        if expected:
            doc = {"doc": f"{name}.txt", "articles": [a.expected for a in group]}
            (out / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False))
    return len(groups)
