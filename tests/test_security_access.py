"""Who can reach what: security headers, admin login lockout, and permissions."""

import pytest
from django.contrib.auth import get_user, get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery staple"
WRONG = "tr0ub4dor&3"


@pytest.fixture
def axes_on(settings):
    """Undo conftest's switch-off: these tests are about the lockout itself."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.fixture
def editor(db, settings):
    # A fast hasher: these tests log in dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def admin_login(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


# --- Headers --------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_scripts(client):
    response = client.get(reverse("admin:login"))

    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_security_headers_are_set(client):
    response = client.get(reverse("admin:login"))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_production_sends_hsts_and_redirects_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    plain = client.get(reverse("admin:login"))
    secure = client.get(reverse("admin:login"), secure=True)

    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- Admin login lockout ----------------------------------------------------------------


def test_admin_login_works_with_lockout_on(client, editor, axes_on):
    response = admin_login(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert get_user(client) == editor


def test_repeated_wrong_passwords_lock_the_admin_login(client, editor, axes_on):
    statuses = [admin_login(client, "editor", WRONG).status_code for _ in range(3)]
    locked = admin_login(client, "editor", PASSWORD)

    assert statuses == [200, 200, 429]  # the form twice, then the lockout page
    assert locked.status_code == 429
    assert get_user(client).is_anonymous


def test_lockout_holds_one_username_from_one_address(client, editor, axes_on):
    """A stranger's failures from elsewhere do not lock the editor out."""
    for _ in range(3):
        admin_login(client, "editor", WRONG, ip="198.51.100.66")

    assert admin_login(client, "editor", PASSWORD, ip="203.0.113.7").status_code == 302


def test_a_success_before_the_limit_clears_the_failures(client, editor, axes_on):
    for _ in range(2):
        admin_login(client, "editor", WRONG)
    assert admin_login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        admin_login(client, "editor", WRONG)

    assert admin_login(client, "editor", PASSWORD).status_code == 302


def test_force_login_still_works_with_lockout_on(client, editor, axes_on):
    client.force_login(editor)

    assert get_user(client) == editor


# --- Cookies and CSRF -----------------------------------------------------------------


def test_a_post_without_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)

    response = admin_login(client, "editor", PASSWORD)

    assert response.status_code == 403
    assert get_user(client).is_anonymous


def test_production_cookies_are_secure_and_hidden_from_scripts(client, editor, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    client.get(reverse("admin:login"), secure=True)
    client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "next": reverse("admin:index")},
        secure=True,
    )

    session = client.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["secure"] is True
