import os

import pytest

# Playwright runs an event loop in the test thread; live_server tests touch the ORM from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def reference_data(db):
    """All ISO countries with aliases, organizations and topics, as `make run` loads them."""
    from relations.services import reference_data_load

    reference_data_load()
