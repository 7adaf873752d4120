"""Site-wide views that belong to no app."""

from django.contrib.auth.views import LogoutView
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request):
    """A trivial "ok": for load balancers, and as the baseline the page benchmarks compare to."""
    return HttpResponse("ok", content_type="text/plain")


class SignOutView(LogoutView):
    """Sign out by POST (Django's rule); a GET shows the button, so a link can lead here."""

    http_method_names = ["get", "post", "options"]
    template_name = "registration/logout.html"

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, self.template_name, {})
