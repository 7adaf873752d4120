"""Production configuration: what the environment must give, and what DEBUG off turns on."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "config" / "settings.py"
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "example.org",
}
SETTING_NAMES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_ENABLED",
]


def load_settings(monkeypatch, **environ: str) -> dict:
    """Execute config/settings.py afresh under the given environment (the live settings stay)."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings(monkeypatch, DEBUG="false", ALLOWED_HOSTS="example.org")


def test_production_with_empty_secret_key_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings(monkeypatch, DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="example.org")


def test_production_without_allowed_hosts_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS must be set"):
        load_settings(monkeypatch, DEBUG="false", SECRET_KEY=PRODUCTION_ENV["SECRET_KEY"])


def test_a_malformed_number_fails_loudly(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS must be an integer"):
        load_settings(monkeypatch, SECURE_HSTS_SECONDS="a year")


def test_production_turns_on_https_hsts_and_secure_cookies(monkeypatch):
    conf = load_settings(monkeypatch, **PRODUCTION_ENV)

    assert conf["DEBUG"] is False
    assert conf["SECRET_KEY"] == PRODUCTION_ENV["SECRET_KEY"]
    assert conf["ALLOWED_HOSTS"] == ["example.org"]
    assert conf["SECURE_SSL_REDIRECT"] is True
    assert conf["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert conf["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert conf["SESSION_COOKIE_SECURE"] is True
    assert conf["CSRF_COOKIE_SECURE"] is True
    assert conf["AXES_ENABLED"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in conf


def test_each_https_setting_can_be_turned_off_from_the_environment(monkeypatch):
    conf = load_settings(
        monkeypatch, **PRODUCTION_ENV, SECURE_SSL_REDIRECT="false", SECURE_PROXY_SSL_HEADER="true"
    )

    assert conf["SECURE_SSL_REDIRECT"] is False
    assert conf["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_development_default_serves_plain_http_on_localhost(monkeypatch):
    """`make run` sets nothing: DEBUG on, no redirect to https, a throwaway key."""
    conf = load_settings(monkeypatch)

    assert conf["DEBUG"] is True
    assert conf["SECURE_SSL_REDIRECT"] is False
    assert conf["SECURE_HSTS_SECONDS"] == 0
    assert conf["SESSION_COOKIE_SECURE"] is False
    assert "localhost" in conf["ALLOWED_HOSTS"]


def test_script_policy_allows_only_our_own_files(monkeypatch):
    directives = load_settings(monkeypatch)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]

    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_axes_checks_login_before_any_other_backend(monkeypatch):
    conf = load_settings(monkeypatch)

    assert conf["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert conf["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"


def run_manage(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess:
    # conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never does.
    dropped = {*SETTING_NAMES, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped} | environ
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", environ=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_does_warn_with_development_defaults():
    """The deploy check is not vacuous: the DEBUG defaults do trip it."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", environ={})

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_manage_refuses_to_start_without_secret_key_in_production():
    environ = {"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}
    result = run_manage("check", environ=environ)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set in the environment" in result.stderr
