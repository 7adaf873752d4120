"""Page latency and throughput at 100,000 meetings on PostgreSQL, beside a trivial "ok" view.

    .venv/bin/python bench/bench_pages.py [--reuse] [--cache on|off] [--duration 10] [--workers 3]

1. Creates the database ``bench_kz`` (on the server of DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/), migrates, loads reference data and fills it with
   ``relations.bulk.fill`` (100k meetings, 20k agreements, 50k metrics, 190 partners).
   ``--reuse`` keeps a database already filled by an earlier run (and migrates it).
   ``--cache on`` bumps the data generation so that pages are cached (relations/cache.py);
   ``--cache off`` deletes it, so that every request computes its page.
2. Requests every page once in-process with Django's test client, capturing its queries:
   prints the query count and runs EXPLAIN on each query, flagging sequential scans of the
   big tables.
3. Starts gunicorn (DEBUG off, ``--workers`` processes, 127.0.0.1 on a free port) and runs
   wrk against each page and /healthz: at 4 connections for p50/p95 latency and at 32 for
   requests/s, each for ``--duration`` seconds.
Results go to bench/out/pages.json and, as a Markdown table, to stdout.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import benchdb  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "bench_kz"
OUT = ROOT / "bench" / "out"
LUA = Path(__file__).with_name("wrk_report.lua")

PAGES = [
    ("healthz (trivial)", "/healthz"),
    ("overview", "/"),
    ("countries", "/countries/"),
    ("partner TUR", "/countries/TUR/"),
    ("partner TUR filtered", "/countries/TUR/?status=held&format=talks&date_from=2015-01-01"),
    ("meetings, 3 filters", "/meetings/?partner=TUR&format=talks&date_from=2015-01-01"),
]
# Tables big enough that a sequential scan of them on a page is a bug.
BIG_TABLES = (
    "relations_meeting",
    "relations_meeting_partners",
    "relations_meetingparticipant",
    "relations_agreement",
    "relations_agreement_parties",
    "relations_metric",
    "relations_evidence",
    "relations_article",
    "relations_article_partners",
    "relations_meeting_topics",
)
ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    # Plain HTTP on the loopback: no redirect to HTTPS.
    "SECURE_SSL_REDIRECT": "false",
    "RELATIONS_REQUIRE_LOGIN": "false",
    "LOG_LEVEL": "ERROR",
}


def database_url() -> str:
    """DATABASE_URL with the benchmark database's name."""
    return benchdb.database_url(BENCH_DB, "bench_pages")


recreate_database = benchdb.recreate_database


def setup_django(url: str) -> None:
    """Point Django at the benchmark database with production-like settings."""
    os.environ.update(ENV)
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(options) -> dict:
    """Migrate, load reference data and fill; returns what was written and how long it took."""
    from django.core.management import call_command

    from relations import bulk

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    started = time.perf_counter()
    written = bulk.fill(
        meetings=options.meetings,
        agreements=options.agreements,
        metrics=options.metrics,
        partners=options.partners,
        seed=options.seed,
    )
    written["seconds"] = round(time.perf_counter() - started, 1)
    return written


def migrate() -> None:
    """Bring a reused database up to date (indexes and the data generation table)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    if ("relations", "0004_list_order_indexes_data_generation") not in applied:
        # Earlier runs' --fixes made this table by hand; the migration makes it now.
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS relations_datageneration")
    call_command("migrate", verbosity=0)


def set_cache(on: bool) -> None:
    """Turn page caching on (a generation exists) or off (none: pages are never cached)."""
    from relations.cache import generation_bump
    from relations.models import DataGeneration

    DataGeneration.objects.all().delete()
    if on:
        generation_bump()


def explain_pages(timeout_ms: int) -> dict:
    """Request each page in-process; its query count, in-process timings and query plans."""
    from django.db import DatabaseError, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A pathological query must not stall the benchmark: it fails, and the report says so.
    connection.close()
    # Appended to the settings' own options (jit=off), which the pages run with.
    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c statement_timeout={timeout_ms}".strip()
    client = Client(raise_request_exception=False)
    report = {}
    for name, path in PAGES:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        # A copy now: the next request's request_started signal empties the query log.
        queries = list(captured.captured_queries)
        timings = [(time.perf_counter() - started) * 1000]
        while timings[0] < 2000 and len(timings) < 6:
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        plans = []
        for query in queries:
            sql = query["sql"]
            if sql.startswith("DECLARE") and " FOR SELECT " in sql:
                # A server-side cursor (a form's choices read with .iterator()).
                sql = sql[sql.index(" FOR SELECT ") + 5 :]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plans.append(_explain(connection, sql, DatabaseError))
        report[name] = {
            "path": path,
            "status": response.status_code,
            "queries": len(queries),
            "in_process_ms": round(statistics.median(timings[1:] or timings), 1),
            "db_ms": round(sum(p["ms"] or 0 for p in plans), 1),
            "plans": plans,
        }
    return report


def _explain(connection, sql: str, error: type[Exception]) -> dict:
    """EXPLAIN ANALYZE of one query, or the plain plan when it runs past the timeout."""
    took = None
    with connection.cursor() as cursor:
        try:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
        except error:
            cursor.execute("EXPLAIN " + sql)
            took = float("inf")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    if found:
        took = float(found.group(1))
    seq = sorted({t for t in BIG_TABLES if re.search(rf"Seq Scan on {t}\b", plan)})
    return {"sql": sql, "ms": took, "seq_scans": seq, "plan": plan}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    """gunicorn on 127.0.0.1 with DEBUG off; returns the process and its base URL."""
    port = free_port()
    # Like gunicorn's own 30 s worker timeout: a runaway page query must not keep running in
    # PostgreSQL (and skew the next page's figures) after its worker was killed.
    env = {**os.environ, **ENV, "DATABASE_URL": f"{url}?options=-c%20statement_timeout%3D30000"}
    app = ["config.wsgi"]
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, *app, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    stop(process)
    sys.exit("gunicorn did not answer /healthz")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn (the master and the workers it started)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def cancel_queries(url: str) -> None:
    """Cancel queries still running in the benchmark database for killed workers."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid() AND state = 'active'",
            [BENCH_DB],
        )


def wrk(url: str, connections: int, duration: int, threads: int) -> dict:
    """One bounded wrk run; latency percentiles in ms and requests/s."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in output.splitlines() if ln.startswith("JSON "))
    return json.loads(line[5:])


def warm(url: str, count: int = 6) -> None:
    # Every worker opens its connection and fills its template cache before timing.
    for _ in range(count):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=35) as response:
                response.read()
        except OSError:
            return
        if time.perf_counter() - started > 2:
            # A page this slow gains nothing from warming; wrk will show it.
            return


def measure(url: str, options) -> dict:
    """wrk at 4 and 32 connections for every page, each page on a freshly started server.

    The same gunicorn command is restarted between pages: requests a slow page left queued
    (wrk stops sending, gunicorn keeps serving) must not count against the next page.
    """
    results = {}
    for name, path in PAGES:
        process, base = start_gunicorn(url, options.workers)
        try:
            warm(base + path)
            low = wrk(base + path, 4, options.duration, options.threads)
            high = wrk(base + path, 32, options.duration, options.threads)
        finally:
            stop(process)
            cancel_queries(url)
        results[name] = {
            "path": path,
            "p50_ms": low["p50"],
            "p95_ms": low["p95"],
            "rps_c4": low["rps"],
            "rps_c32": high["rps"],
            "p50_c32_ms": high["p50"],
            "requests_c4": low["requests"],
            "requests_c32": high["requests"],
            "errors": low["errors"] + high["errors"],
        }
        print(f"  {name}: {results[name]}", flush=True)
    return results


def table(explained: dict, measured: dict, duration: int) -> str:
    """The figures as a Markdown table, with the share of the trivial view's requests/s."""
    trivial = measured.get(PAGES[0][0], {}).get("rps_c32") or 0
    lines = [
        "| page | queries | seq scans (big tables) | p50 ms (c4) | p95 ms (c4) | req/s (c32) "
        "| % of trivial req/s |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for name, path in PAGES:
        info, load = explained.get(name, {}), measured.get(name, {})
        seq = sorted({t for p in info.get("plans", []) for t in p["seq_scans"]})
        rps = load.get("rps_c32")
        share = f"{100 * rps / trivial:.1f} %" if rps and trivial else ""
        p50, p95 = load.get("p50_ms", ""), load.get("p95_ms", "")
        if load and not load.get("requests_c4"):
            # wrk reports zeros when no request completed within the run.
            p50 = p95 = f"none done in {duration} s"
        if load and not load.get("requests_c32"):
            rps = "0"
        lines.append(
            f"| {name} `{path}` | {info.get('queries', '')} | {', '.join(seq) or 'none'} "
            f"| {p50} | {p95} | {'' if rps is None else rps} | {share} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep an already filled bench_kz")
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--agreements", type=int, default=20_000)
    parser.add_argument("--metrics", type=int, default=50_000)
    parser.add_argument("--partners", type=int, default=190)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--timeout", type=int, default=20, help="statement timeout (s) for the EXPLAIN step"
    )
    parser.add_argument(
        "--cache",
        choices=["on", "off"],
        default="on",
        help="pages cached by data generation (on), or every request a miss (off)",
    )
    parser.add_argument("--explain-only", action="store_true", help="skip gunicorn and wrk")
    options = parser.parse_args()
    if not options.explain_only and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk)")

    url = database_url()
    if not options.reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    from relations.models import Meeting

    written = None
    if not options.reuse or not Meeting.objects.exists():
        written = fill(options)
        print(f"filled: {written}", flush=True)
    else:
        migrate()
    # DEBUG is off: pages link to hashed static files, which need the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)

    set_cache(options.cache == "on")
    explained = explain_pages(options.timeout * 1000)
    for name, info in explained.items():
        seq = sorted({t for p in info["plans"] for t in p["seq_scans"]})
        print(
            f"{name}: HTTP {info['status']}, {info['queries']} queries, "
            f"{info['in_process_ms']} ms in-process, {info['db_ms']} ms in the database, "
            f"seq scans: {', '.join(seq) or 'none'}",
            flush=True,
        )
    measured = {}
    if not options.explain_only:
        from django.db import connections

        connections.close_all()
        measured = measure(url, options)

    OUT.mkdir(parents=True, exist_ok=True)
    result = {
        "database": BENCH_DB,
        "filled": written,
        "rows": {
            "meetings": Meeting.objects.count(),
        },
        "machine": {"cpus": os.cpu_count(), "uname": " ".join(os.uname())},
        "options": vars(options),
        "explain": explained,
        "wrk": measured,
    }
    suffix = "" if options.cache == "on" else "-nocache"
    (OUT / f"pages{suffix}.json").write_text(json.dumps(result, indent=2, default=str))
    with open(OUT / f"explain{suffix}.txt", "w") as out:
        for name, info in explained.items():
            out.write(f"=== {name} {info['path']} ({info['queries']} queries)\n")
            for plan in info["plans"]:
                out.write(f"\n-- {plan['sql'][:2000]}\n{plan['plan']}\n")
            out.write("\n")
    print()
    print(table(explained, measured, options.duration))


if __name__ == "__main__":
    main()
