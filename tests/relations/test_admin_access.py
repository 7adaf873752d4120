"""RELATIONS_REQUIRE_LOGIN: analyst pages open to all by default, behind login when it is on."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from relations.access import analyst_login_required

MIDDLEWARE = "relations.access.RequireLoginMiddleware"

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_middleware(settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[: auth + 1],
            MIDDLEWARE,
            *settings.MIDDLEWARE[auth + 1 :],
        ]
    return settings


@pytest.fixture
def analyst(db):
    return get_user_model().objects.create_user("analyst", password="x", is_staff=True)


def test_analyst_pages_are_public_by_default(client, with_middleware):
    with_middleware.RELATIONS_REQUIRE_LOGIN = False

    assert client.get(reverse("relations:home")).status_code == 200


def test_with_the_setting_on_a_visitor_is_sent_to_the_login_page(client, with_middleware):
    with_middleware.RELATIONS_REQUIRE_LOGIN = True

    response = client.get(reverse("relations:home") + "?q=trade")

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
    assert "next=/%3Fq%3Dtrade" in response.headers["Location"]


def test_with_the_setting_on_a_signed_in_analyst_sees_the_page(client, with_middleware, analyst):
    with_middleware.RELATIONS_REQUIRE_LOGIN = True
    client.force_login(analyst)

    assert client.get(reverse("relations:home")).status_code == 200


def test_the_login_pages_themselves_stay_reachable(client, with_middleware):
    with_middleware.RELATIONS_REQUIRE_LOGIN = True

    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200


def test_an_analyst_without_admin_access_signs_in_reads_and_signs_out(client, with_middleware):
    with_middleware.RELATIONS_REQUIRE_LOGIN = True
    with_middleware.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_user_model().objects.create_user("reader", password="long enough pass 42")
    page = reverse("relations:meeting-list") + "?status=held"

    form = client.get(reverse("login") + "?next=" + page.replace("?", "%3F").replace("=", "%3D"))
    assert b'name="next" value="/meetings/?status=held"' in form.content
    wrong = client.post(reverse("login"), {"username": "reader", "password": "nope", "next": page})
    signed_in = client.post(
        reverse("login"), {"username": "reader", "password": "long enough pass 42", "next": page}
    )

    assert wrong.status_code == 200 and b'role="alert"' in wrong.content
    assert (signed_in.status_code, signed_in.headers["Location"]) == (302, page)
    assert b'href="/accounts/logout/">Sign out</a>' in client.get(page).content
    # Signing out is a POST behind a button; a link (GET) only shows the button.
    assert client.get(reverse("logout")).status_code == 200
    assert client.get(page).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(page).status_code == 302


def test_the_decorator_applies_the_same_rule(settings):
    view = analyst_login_required(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/export.csv")
    request.user = AnonymousUser()

    settings.RELATIONS_REQUIRE_LOGIN = False
    assert view(request).status_code == 200
    settings.RELATIONS_REQUIRE_LOGIN = True
    assert view(request).status_code == 302
