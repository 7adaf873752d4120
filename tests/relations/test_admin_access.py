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
    assert response.headers["Location"].startswith(reverse("admin:login"))
    assert "next=/%3Fq%3Dtrade" in response.headers["Location"]


def test_with_the_setting_on_a_signed_in_analyst_sees_the_page(client, with_middleware, analyst):
    with_middleware.RELATIONS_REQUIRE_LOGIN = True
    client.force_login(analyst)

    assert client.get(reverse("relations:home")).status_code == 200


def test_the_login_page_itself_stays_reachable(client, with_middleware):
    with_middleware.RELATIONS_REQUIRE_LOGIN = True

    assert client.get(reverse("admin:login")).status_code == 200


def test_the_decorator_applies_the_same_rule(settings):
    view = analyst_login_required(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/export.csv")
    request.user = AnonymousUser()

    settings.RELATIONS_REQUIRE_LOGIN = False
    assert view(request).status_code == 200
    settings.RELATIONS_REQUIRE_LOGIN = True
    assert view(request).status_code == 302
