"""Site-wide views that belong to no app."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """A trivial "ok": for load balancers, and as the baseline the page benchmarks compare to."""
    return HttpResponse("ok", content_type="text/plain")
