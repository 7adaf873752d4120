"""WSGI entry point with bench/proposed_fixes.py applied, for ``bench_pages.py --fixes``."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import proposed_fixes  # noqa: E402

proposed_fixes.apply(cache_pages=os.environ.get("BENCH_FIXES") == "all")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
