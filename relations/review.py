"""The review queue: why an extracted record needs a human look, computed in SQL.

Each reason is a boolean annotation so the admin can list flagged records first, filter
by reason and show the reasons without a query per row.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import Abs, Coalesce

from .models import (
    Agreement,
    DatePrecision,
    Meeting,
    MeetingParticipant,
    Metric,
    Origin,
    Person,
    PersonRole,
)

# Below this the extractor was guessing; the eval shows most wrong records sit there.
LOW_CONFIDENCE = 0.6
# Two figures for the same thing disagree when they differ by more than this share;
# rounding in press releases ("about $1.2 billion") stays under it.
FIGURE_TOLERANCE = Decimal("0.02")


_YEAR = models.PositiveSmallIntegerField()
_VALUE = models.DecimalField(max_digits=24, decimal_places=4)


class Reason(models.TextChoices):
    LOW_CONFIDENCE = "low_confidence", "Low confidence"
    DATE = "date", "Unknown or imprecise date"
    PARTNER = "partner", "Partner unresolved"
    CONFLICT = "conflict", "Sources disagree on the figure"
    NO_ROLE = "no_role", "Person with no known role"


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def _participant_without_role(meeting_ref: str = "pk") -> Exists:
    return Exists(
        MeetingParticipant.objects.filter(meeting=OuterRef(meeting_ref), role="").exclude(
            Exists(PersonRole.objects.filter(person=OuterRef("person")))
        )
    )


def _conflicting_figure() -> Exists:
    """Another live figure for the same partner, indicator, kind, unit and period, off by
    more than the tolerance."""
    others = (
        Metric.objects.filter(
            partner=OuterRef("partner"),
            indicator=OuterRef("indicator"),
            kind=OuterRef("kind"),
            unit=OuterRef("unit"),
            period_start=OuterRef("period_start"),
            period_open=OuterRef("period_open"),
            merged_into__isnull=True,
        )
        .exclude(pk=OuterRef("pk"))
        # A one-year period may be stored with or without its end year.
        .annotate(last_year=Coalesce("period_end", "period_start"))
        .filter(
            last_year=Coalesce(OuterRef("period_end"), OuterRef("period_start"), output_field=_YEAR)
        )
        .annotate(gap=Abs(ExpressionWrapper(F("value") - OuterRef("value"), output_field=_VALUE)))
        .filter(
            gap__gt=ExpressionWrapper(OuterRef("value") * FIGURE_TOLERANCE, output_field=_VALUE)
        )
    )
    return Exists(others)


def _reason_flags(model: type[models.Model]) -> dict[str, object]:
    """The annotation for each reason that applies to ``model``, keyed by reason."""
    if model is Person:
        return {Reason.NO_ROLE: ~Exists(PersonRole.objects.filter(person=OuterRef("pk")))}
    flags: dict[str, object] = {Reason.LOW_CONFIDENCE: _flag(Q(confidence__lt=LOW_CONFIDENCE))}
    if model is Meeting:
        flags[Reason.DATE] = _flag(~Q(date_precision=DatePrecision.DAY))
        # No partner country, or someone on the partner side whose country is unknown.
        flags[Reason.PARTNER] = _flag(
            ~Q(Exists(Meeting.partners.through.objects.filter(meeting_id=OuterRef("pk"))))
            | Q(
                Exists(
                    MeetingParticipant.objects.filter(
                        meeting=OuterRef("pk"),
                        side=MeetingParticipant.Side.PARTNER,
                        person__country__isnull=True,
                    )
                )
            )
        )
        flags[Reason.NO_ROLE] = _participant_without_role()
    elif model is Agreement:
        flags[Reason.DATE] = _flag(~Q(date_precision=DatePrecision.DAY))
        flags[Reason.PARTNER] = ~Exists(
            Agreement.parties.through.objects.filter(agreement_id=OuterRef("pk"))
        )
    elif model is Metric:
        flags[Reason.DATE] = _flag(Q(period_start__isnull=True))
        flags[Reason.CONFLICT] = _conflicting_figure()
    return flags


def reasons_for(model: type[models.Model]) -> list[Reason]:
    """The reasons the queue can give for this kind of record."""
    return list(_reason_flags(model))


def with_review(queryset: QuerySet) -> QuerySet:
    """Annotate ``review_<reason>`` flags and ``needs_review`` (unreviewed and flagged)."""
    flags = _reason_flags(queryset.model)
    annotated = queryset.annotate(**{f"review_{reason}": expr for reason, expr in flags.items()})
    any_flag = Q()
    for reason in flags:
        any_flag |= Q(**{f"review_{reason}": True})
    open_ = Q(reviewed=False, merged_into__isnull=True)
    if queryset.model is not Person:
        open_ &= Q(origin=Origin.EXTRACTED)
    return annotated.annotate(needs_review=_flag(open_ & any_flag))


def review_reasons(record: models.Model) -> list[str]:
    """Labels of the reasons an annotated record is in the queue (empty when it is not)."""
    if not getattr(record, "needs_review", False):
        return []
    return [
        Reason(reason).label
        for reason in _reason_flags(type(record))
        if getattr(record, f"review_{reason}", False)
    ]


def review_queue(queryset: QuerySet) -> QuerySet:
    """Only the records that need a look."""
    return with_review(queryset).filter(needs_review=True)


def queue_sizes() -> dict[str, int]:
    """How many meetings, agreements, metrics and people wait for review, by model name."""
    return {
        model._meta.model_name: review_queue(model.objects.all()).count()
        for model in (Meeting, Agreement, Metric, Person)
    }
