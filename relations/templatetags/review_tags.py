"""Template tags for the admin's curation block."""

from django import template

from relations import review

register = template.Library()


@register.simple_tag
def review_queue_sizes() -> dict[str, int]:
    """Records waiting for review, by model name (meeting, agreement, metric, person)."""
    return review.queue_sizes()
