import os

import pytest

# Playwright runs an event loop in the test thread; live_server tests touch the ORM from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def reference_data(db):
    """All ISO countries with aliases, organizations and topics, as `make run` loads them."""
    from relations.services import reference_data_load

    reference_data_load()


@pytest.fixture(autouse=True)
def _axes_off(settings):
    """Django's test client login() passes no request, which django-axes refuses.

    Lockout tests (tests/test_security_access.py) switch it back on.
    """
    settings.AXES_ENABLED = False


# --- Browser tests: Debian's Chromium, never a Playwright-downloaded browser -------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at /usr/bin/chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}
