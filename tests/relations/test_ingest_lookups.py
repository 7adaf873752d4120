"""Ingest's look-ups for an existing record stay on indexes as the tables grow (PostgreSQL).

A first ingest matches every extracted meeting and agreement against the stored ones; a
look-up that scans a table makes each article dearer than the last.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relations import bulk, services
from relations.models import Article, DatePrecision

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans"),
]


def _plans(queries) -> list[str]:
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


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
    person_ids = set(
        article.evidence.exclude(meeting=None).values_list(
            "meeting__participants__person", flat=True
        )[:2]
    )
    with CaptureQueriesContext(connection) as captured:
        services._meeting_candidates(article, ["TUR"], date, None, precision, person_ids)
        services._agreement_candidates(article, ["TUR"], date, None, precision)

    plans = _plans(captured.captured_queries)
    assert plans
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
