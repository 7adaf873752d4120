"""CSV export of every meeting (100,000) on PostgreSQL: seconds and peak memory growth.

    .venv/bin/python bench/bench_export.py [--dataset meetings] [--query ""]

Uses the database ``bench_kz`` that bench/bench_pages.py creates and fills (run that first,
or pass --fill to fill it here). The export goes through the real view, /export/<dataset>.csv,
with Django's test client in this process, and the streamed body is read to the end, as a
browser download would; peak RSS is the process's ru_maxrss before and after. The load
average (1 min) is printed with the figures: the machine is shared.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages


def peak_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    """This process's resident set size now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def export(client, path: str) -> tuple[float, int, int]:
    """Download one export to the end; seconds, bytes and lines."""
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"{path}: HTTP {response.status_code}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return time.perf_counter() - started, size, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="meetings")
    parser.add_argument("--query", default="", help="query string (filters), without '?'")
    parser.add_argument("--fill", action="store_true", help="recreate and fill bench_kz first")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the export query")
    parser.add_argument(
        "--generic",
        action="store_true",
        help="the generic ORM export, not the PostgreSQL fast path of relations.exports",
    )
    options = parser.parse_args()

    url = bench_pages.database_url()
    if options.fill:
        bench_pages.recreate_database(url)
    bench_pages.setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from relations.models import Meeting

    if options.fill or not Meeting.objects.exists():
        fill = argparse.Namespace(
            meetings=100_000, agreements=20_000, metrics=50_000, partners=190, seed=0
        )
        print(f"filled: {bench_pages.fill(fill)}", flush=True)

    if options.generic:
        from relations import exports

        exports.fast_csv_available = lambda dataset: False
    client = Client()
    path = f"/export/{options.dataset}.csv" + (f"?{options.query}" if options.query else "")
    # Warm up imports, URL resolution and the connection on a one-month export.
    export(client, f"/export/{options.dataset}.csv?date_from=2025-12-01&date_to=2025-12-31")
    before_peak, before_now = peak_mb(), current_mb()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        seconds, size, lines = export(client, path)
    after_peak = peak_mb()
    plan = ""
    sqls = [q["sql"] for q in captured.captured_queries]
    sql = max(sqls, key=len) if sqls else ""
    if "FOR SELECT" in sql.upper():  # the ORM's server-side cursor
        sql = sql[sql.upper().index("FOR SELECT") + 4 :]
    if sql.startswith("COPY ("):  # the fast path: the SELECT inside COPY (...) TO STDOUT
        sql = sql[len("COPY (") : sql.rindex(") TO STDOUT")]
    if sql:
        try:
            with connection.cursor() as cursor:
                analyze = "(ANALYZE) " if options.explain else ""
                cursor.execute(f"EXPLAIN {analyze}{sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
        except Exception as error:  # the plan is a bonus; the timing is the result
            plan = f"(no plan: {error})"
    result = {
        "path": path,
        "generic": options.generic,
        "rows": lines - 1,
        "bytes": size,
        "seconds": round(seconds, 2),
        "rows_per_second": round((lines - 1) / seconds),
        "queries": len(captured.captured_queries),
        "rss_before_mb": round(before_now, 1),
        "peak_before_mb": round(before_peak, 1),
        "peak_after_mb": round(after_peak, 1),
        "peak_growth_mb": round(after_peak - before_peak, 1),
        "load_average": os.getloadavg()[0],
        "plan": plan,
    }
    bench_pages.OUT.mkdir(parents=True, exist_ok=True)
    suffix = "-generic" if options.generic else ""
    out = bench_pages.OUT / f"export-{options.dataset}{suffix}.json"
    out.write_text(json.dumps(result, indent=2))
    print(plan)
    print(json.dumps({k: v for k, v in result.items() if k != "plan"}, indent=2))


if __name__ == "__main__":
    main()
