"""Ingest's look-ups for an existing record stay on indexes as the tables grow (PostgreSQL).

A first ingest matches every extracted meeting and agreement against the stored ones; a
look-up that scans a table makes each article dearer than the last.
"""

import datetime
import re

import pytest
from django.db import connection, transaction

from relations import bulk, services
from relations.models import Article, DatePrecision

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans"),
]


def _plan(query, *, generic: bool) -> str:
    """EXPLAIN of a look-up as ingest runs it: ``generic`` is the plan PostgreSQL may settle
    on for the prepared statement, whatever the parameters."""
    numbered = iter(range(1, 1000))
    sql = re.sub(r"%s", lambda _: f"${next(numbered)}", query.sql)
    marks = ", ".join(["%s"] * len(query.params))
    with connection.cursor() as cursor:
        cursor.execute(f"PREPARE kz_lookup AS {sql}")
        try:
            mode = "force_generic_plan" if generic else "force_custom_plan"
            cursor.execute(f"SET LOCAL plan_cache_mode = {mode}")
            cursor.execute(f"EXPLAIN EXECUTE kz_lookup({marks})", list(query.params))
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE kz_lookup")


@pytest.mark.parametrize(
    "date, precision",
    [
        (datetime.date(2019, 5, 14), DatePrecision.DAY),
        (datetime.date(2019, 5, 1), DatePrecision.MONTH),
        (None, DatePrecision.UNKNOWN),
    ],
)
def test_candidate_lookups_use_indexes_not_table_scans(reference_data, date, precision):
    bulk.fill(meetings=4000, agreements=1500, metrics=100, partners=5, seed=5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    article = Article.objects.filter(published__isnull=False).first()
    keys = list(
        article.evidence.exclude(meeting=None).values_list(
            "meeting__participants__person__key", flat=True
        )[:2]
    )
    queries = [
        services._meeting_candidates_query(article, ["TUR"], date, None, precision, keys),
        services._agreement_candidates_query(article, ["TUR"], date, None, precision),
    ]
    with transaction.atomic():
        plans = [_plan(query, generic=generic) for query in queries for generic in (False, True)]
    assert len(plans) == 4
    for plan in plans:
        assert "Seq Scan on relations_meeting " not in plan, plan
        assert "Seq Scan on relations_agreement " not in plan, plan
        assert "Seq Scan on relations_evidence " not in plan, plan


@pytest.mark.django_db(transaction=True)
def test_statistics_refresh_analyzes_the_tables_ingest_writes():
    services.statistics_refresh()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            " AND relname IN ('relations_meeting', 'relations_evidence', 'relations_metric')"
        )
        assert len(cursor.fetchall()) == 3
