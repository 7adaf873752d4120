import os

import pytest

from tests.conftest import CHROMIUM


def pytest_collection_modifyitems(config, items):
    """Skip browser tests, saying why, where Debian's Chromium is not installed."""
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
