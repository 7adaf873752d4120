"""Extraction throughput: synthetic articles through ingest.pipeline, one process, no database.

    .venv/bin/python bench/bench_extract.py [--articles 2000] [--per-file 1] [--seed 0]
                                            [--tracemalloc] [--keep DIR]

Writes the articles of ingest/synthetic.py into a temporary directory (``--per-file K`` puts
dated ones K to a feed-dump file), extracts every file with
``ingest.pipeline.extract_document`` and reports articles/s, peak memory and how much of what
the generator planted was found (F1 with the matching rules of ../shared/eval/SCHEMA.md).
The first file is extracted before the clock starts so that loading spaCy is reported apart.
"""

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        ram = "unknown RAM"
    return f"{os.cpu_count()} CPUs ({cpu}), {ram}, Python {platform.python_version()}"


def run(articles: int, per_file: int, seed: int, use_tracemalloc: bool, folder: Path) -> dict:
    """Generate, extract and score; returns the figures."""
    from ingest import pipeline
    from ingest.management.commands.generate_corpus import write_corpus
    from tests.ingest.scoring import score

    started = time.perf_counter()
    write_corpus(folder, articles, seed=seed, per_file=per_file, expected=True)
    generated = time.perf_counter() - started
    paths = sorted(folder.glob("*.txt"))

    started = time.perf_counter()
    warm = pipeline.extract_document(paths[0])
    warm_up = time.perf_counter() - started

    if use_tracemalloc:
        tracemalloc.start()
    predictions = [warm.to_schema()]
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in paths[1:]:
        predictions.append(pipeline.extract_document(path).to_schema())
    elapsed = time.perf_counter() - started
    # CPU time is what the extraction costs; wall time also counts waiting for a shared CPU.
    cpu = time.process_time() - cpu_started
    traced_peak = tracemalloc.get_traced_memory()[1] if use_tracemalloc else None
    if use_tracemalloc:
        tracemalloc.stop()

    golds = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in paths]
    timed_articles = sum(len(doc["articles"]) for doc in golds[1:])
    report = score(golds, predictions)
    overall = report.overall
    return {
        "machine": _machine(),
        "articles": articles,
        "files": len(paths),
        "per_file": per_file,
        "generate_s": round(generated, 2),
        "first_file_s": round(warm_up, 2),
        "extract_s": round(elapsed, 2),
        "articles_per_s": round(timed_articles / elapsed, 1) if elapsed else None,
        "ms_per_article": round(1000 * elapsed / timed_articles, 2) if timed_articles else None,
        "extract_cpu_s": round(cpu, 2),
        "articles_per_cpu_s": round(timed_articles / cpu, 1) if cpu else None,
        # Linux reports ru_maxrss in KiB: the process's peak resident set, spaCy included.
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tracemalloc_peak_mib": round(traced_peak / 2**20, 1) if traced_peak else None,
        "f1": round(overall.f1, 3),
        "precision": round(overall.precision, 3),
        "recall": round(overall.recall, 3),
        "by_kind": {k: round(t.f1, 3) for k, t in report.tallies.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--per-file", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace Python allocations (peak of the extraction loop; slows it down)",
    )
    parser.add_argument("--keep", help="write the articles here instead of a temporary directory")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    _setup()
    if options.keep:
        folder = Path(options.keep)
        folder.mkdir(parents=True, exist_ok=True)
        figures = run(options.articles, options.per_file, options.seed, options.tracemalloc, folder)
    else:
        with tempfile.TemporaryDirectory(prefix="bench_extract_") as tmp:
            figures = run(
                options.articles, options.per_file, options.seed, options.tracemalloc, Path(tmp)
            )
    if options.json:
        sys.stdout.write(json.dumps(figures, indent=1) + "\n")
        return
    for key, value in figures.items():
        sys.stdout.write(f"{key:>22}: {value}\n")


if __name__ == "__main__":
    main()
