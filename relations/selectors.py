"""Reads for the pages: keyword-only functions returning querysets or plain values."""

from django.db.models import Count, Max, Q, QuerySet

from .models import Country


def partner_list() -> QuerySet[Country]:
    """Partners with at least one record, with their counts and last contact."""
    return (
        Country.objects.partners()
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            agreement_count=Count("agreements", distinct=True),
            metric_count=Count("metrics", distinct=True),
            last_contact=Max("meetings__date"),
        )
        .filter(Q(meeting_count__gt=0) | Q(agreement_count__gt=0) | Q(metric_count__gt=0))
        .order_by("-meeting_count", "name")
    )
