"""Who may read the analyst pages: everyone, or only signed-in users when
``settings.RELATIONS_REQUIRE_LOGIN`` is on.

Add ``"relations.access.RequireLoginMiddleware"`` to ``MIDDLEWARE`` after
``AuthenticationMiddleware``; the setting is read per request so tests can flip it.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# URL namespaces that hold the analyst pages (the admin has its own login).
ANALYST_NAMESPACES = frozenset({"relations"})


def login_required_for(request) -> bool:
    """True when this request is for an analyst page and needs a signed-in user first."""
    if not getattr(settings, "RELATIONS_REQUIRE_LOGIN", False):
        return False
    if request.user.is_authenticated:
        return False
    match = getattr(request, "resolver_match", None)
    return match is not None and bool(ANALYST_NAMESPACES.intersection(match.namespaces))


class RequireLoginMiddleware:
    """Sends anonymous visitors of analyst pages to the login page when the setting is on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if login_required_for(request):
            return redirect_to_login(request.get_full_path())
        return None


def analyst_login_required(view):
    """The same rule for a single view outside the ``relations`` namespace."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(settings, "RELATIONS_REQUIRE_LOGIN", False) and not (
            request.user.is_authenticated
        ):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def login_context(request) -> dict[str, bool]:
    """Template context: whether the analyst pages sit behind a login (the header then offers
    "Sign out"; the same for every reader, so cached pages stay shareable)."""
    return {"require_login": bool(getattr(settings, "RELATIONS_REQUIRE_LOGIN", False))}
