"""Ingest throughput into PostgreSQL: first ingest and unchanged re-ingest, in articles/s.

    .venv/bin/python bench/bench_ingest.py [--articles 2000] [--mode full|store] [--workers 1]

Uses its own database (``kz_bench_ingest`` on the server of DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/), dropped and migrated afresh each run. ``full`` writes
the synthetic articles (ingest/synthetic.py) one per file and runs the whole pipeline as
`manage.py ingest` does; ``store`` skips extraction and stores the records the generator says
a perfect extractor would find, to time the writing half alone.
"""

import argparse
import hashlib
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import benchdb  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "kz_bench_ingest"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


def _span(text: str, evidence: str):
    from ingest.records import Span

    start = max(text.find(evidence), 0)
    return Span(text=evidence, start=start, end=start + max(len(evidence), 1))


def _date(value: str | None):
    from ingest.records import DateValue

    if not value:
        return DateValue()
    precision = {4: "year", 7: "month", 10: "day"}[len(value)]
    return DateValue(value=value, precision=precision)


def _period(period: str | None) -> tuple[int | None, int | None, bool]:
    if not period:
        return None, None, False
    if period.endswith("-"):
        return int(period[:-1]), None, True
    first, _, last = period.partition("-")
    return int(first), int(last) if last else None, False


def _document(name: str, article) -> "DocumentRecord":  # noqa: F821
    """The records a perfect extractor finds in a synthetic article, as a DocumentRecord."""
    from ingest.records import (
        AgreementRecord,
        ArticleRecord,
        DocumentRecord,
        MeetingRecord,
        MetricRecord,
        PersonMention,
    )

    text, expected = article.text, article.expected
    record = ArticleRecord(
        title=article.title,
        text=text,
        published=expected["published"],
        partners=expected["partners"],
    )
    for m in expected["meetings"]:
        date = _date(m["date"])
        date.end = m["date_end"]
        record.meetings.append(
            MeetingRecord(
                partners=m["partners"],
                date=date,
                status=m["status"],
                format=m["format"],
                evidence=_span(text, m["evidence"]),
                kz_people=[PersonMention(n, "kz", "KAZ") for n in m["kz_people"]],
                partner_people=[PersonMention(n, "partner") for n in m["partner_people"]],
                location=m["location"],
            )
        )
    for a in expected["agreements"]:
        record.agreements.append(
            AgreementRecord(
                partners=a["partners"],
                title=a["title"],
                kind="other",
                date=_date(a["date"]),
                status=a["status"],
                evidence=_span(text, a["evidence"]),
            )
        )
    for m in expected["metrics"]:
        start, end, open_ = _period(m["period"])
        record.metrics.append(
            MetricRecord(
                partner=m["partner"],
                indicator=m["indicator"],
                value=m["value"],
                unit=m["unit"],
                period_start=start,
                period_end=end,
                period_open=open_,
                kind=m["kind"],
                qualifier="exact",
                evidence=_span(text, m["evidence"]),
            )
        )
    data = text.encode()
    return DocumentRecord(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type="text",
        articles=[record],
    )


class _ServerCpu(threading.Thread):
    """CPU seconds of the PostgreSQL backends serving the bench database, sampled twice a second.

    A backend's CPU is read from /proc (server on this host); a worker's backend that exits
    between two samples loses at most its last half second.
    """

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        self.seen: dict[int, float] = {}
        # Samples of the bench's backends: running a query, and of those waiting on a lock.
        self.active = self.waiting = 0
        self.done = threading.Event()
        self.tick = os.sysconf("SC_CLK_TCK")

    def _sample(self, conn) -> None:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [BENCH_DB]
        ).fetchall()
        active, waiting = conn.execute(
            "SELECT count(*) FILTER (WHERE state = 'active'),"
            " count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock')"
            " FROM pg_stat_activity WHERE datname = %s",
            [BENCH_DB],
        ).fetchone()
        self.active += active
        self.waiting += waiting
        for (pid,) in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[pid] = (int(fields[11]) + int(fields[12])) / self.tick

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            while not self.done.wait(0.5):
                self._sample(conn)
            self._sample(conn)

    def total(self) -> float:
        return sum(self.seen.values())


def _client_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(run, url: str) -> tuple[float, dict, object]:
    """Wall seconds, CPU seconds (client, server) and queries (this process) of one run."""
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    server = _ServerCpu(url)
    server.start()
    time.sleep(0.6)  # a first sample, so backends already open count from here
    server_before = dict(server.seen)
    cpu_before = _client_cpu()
    start = time.perf_counter()
    with connection.execute_wrapper(count):
        result = run()
    seconds = time.perf_counter() - start
    client = _client_cpu() - cpu_before
    server.done.set()
    server.join()
    server_cpu = sum(v - server_before.get(pid, 0.0) for pid, v in server.seen.items())
    lock_share = server.waiting / server.active if server.active else 0.0
    figures = {"client": client, "server": server_cpu, "queries": queries, "locks": lock_share}
    return seconds, figures, result


def _profiled(run, path: str | None):
    """``run``, under cProfile writing its statistics to ``path`` when one is given."""
    if not path:
        return run

    def profiled():
        import cProfile

        profile = cProfile.Profile()
        try:
            return profile.runcall(run)
        finally:
            profile.dump_stats(path)

    return profiled


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--mode", choices=["full", "store"], default="full")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile the first ingest into FILE (pstats format)"
    )
    options = parser.parse_args()

    url = benchdb.database_url(BENCH_DB, "bench_ingest")
    benchdb.recreate_database(url)
    _setup(url)

    from ingest import store
    from ingest.synthetic import generate_articles
    from relations import services
    from relations.models import Agreement, Article, Evidence, Meeting, Metric

    articles = list(generate_articles(options.articles, seed=options.seed))
    # As bench_extract.py does: loading spaCy's pipeline and building the matchers is a
    # one-time start-up of every run (about a second), reported apart from the throughput.
    started = time.perf_counter()
    if options.mode == "full":
        from ingest.pipeline import extract_article

        extract_article(articles[0].text.split("\n", 1)[0], articles[0].text)
    startup = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        if options.mode == "full":
            for i, article in enumerate(articles):
                Path(folder, f"{i:05d}.txt").write_text(article.text, encoding="utf-8")

            def run():
                return store.ingest_paths([folder], workers=options.workers)
        else:
            documents = [_document(f"{i:05d}.txt", a) for i, a in enumerate(articles)]

            def run():
                total = store.StoreResult()
                # As `ingest` does for a whole run: one SET for all files, not one per file,
                # and page-generation bumps coalesced.
                with (
                    services.relaxed_commits(),
                    services.reference_cache(),
                    services.ingest_session(),
                    services.generation_bumps_coalesced(),
                ):
                    for doc in documents:
                        total.add(store.store_document(doc))
                return total

        first_seconds, first_cpu, first = _timed(_profiled(run, options.profile), url)
        again_seconds, _, again = _timed(run, url)

    n = len(articles)
    figures = {
        "mode": options.mode,
        "workers": options.workers,
        "articles": n,
        "first_seconds": round(first_seconds, 2),
        "first_articles_per_s": round(n / first_seconds, 1),
        "startup_s": round(startup, 2),
        "first_articles_per_s_with_startup": round(n / (first_seconds + startup), 1),
        # Both sides' CPU: what one core would need for the run, whatever else loads the host.
        "first_cpu_client_s": round(first_cpu["client"], 2),
        "first_cpu_server_s": round(first_cpu["server"], 2),
        "first_articles_per_cpu_s": round(n / (first_cpu["client"] + first_cpu["server"]), 1),
        # Share of the sampled busy backends that were waiting for a lock (workers contending).
        "first_lock_wait_share": round(first_cpu["locks"], 2),
        # Statements, not round trips: in pipeline mode several share one.
        "first_statements_per_article": (
            round(first_cpu["queries"] / n, 1) if options.workers == 1 else None
        ),
        "unchanged_seconds": round(again_seconds, 3),
        "unchanged_articles_per_s": round(n / again_seconds, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
        "errors": len(first.errors) + len(again.errors),
        "stored": {
            "articles": Article.objects.count(),
            "meetings": Meeting.objects.count(),
            "agreements": Agreement.objects.count(),
            "metrics": Metric.objects.count(),
            "evidence": Evidence.objects.count(),
        },
        "first": first.as_dict(),
        "unchanged": again.as_dict(),
    }
    for line in (first.errors + again.errors)[:10]:
        print(line, file=sys.stderr)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
