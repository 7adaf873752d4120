"""Page caching keyed to the data's generation.

Every committed write bumps one counter (``DataGeneration``); a page is cached under the
current generation, its path and query string, so an ingest or an admin edit makes every
cached page stale at once and no page shows data older than the last commit. Pages must
not depend on who asks (they do not: the analyst pages are the same for every reader).
"""

import contextlib
import contextvars
import datetime
import hashlib
import time
from collections.abc import Iterator
from functools import wraps

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse

from .models import DataGeneration

GENERATION_PK = 1
CACHE_ALIAS = "default"
CACHE_SECONDS = 24 * 3600
KEY_PREFIX = "relations:page"


def generation() -> int | None:
    """The current data generation (one primary-key read); None until the first bump."""
    return DataGeneration.objects.filter(pk=GENERATION_PK).values_list("value", flat=True).first()


def _bump() -> None:
    if DataGeneration.objects.filter(pk=GENERATION_PK).update(value=F("value") + 1):
        return
    try:
        # Start from the clock, so a new database (a restore, a test's) never reuses a
        # generation that a shared cache still holds pages for.
        with transaction.atomic():
            DataGeneration.objects.create(pk=GENERATION_PK, value=time.time_ns())
    except IntegrityError:
        # Another process created it first: count this write on top of its.
        DataGeneration.objects.filter(pk=GENERATION_PK).update(value=F("value") + 1)


# While a bulk writer coalesces bumps: [monotonic time of the last bump, bump pending].
_coalescing: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "kz_generation_coalescing", default=None
)
COALESCE_SECONDS = 1.0


def _bump_coalesced() -> None:
    state = _coalescing.get()
    if state is None:
        _bump()
    elif time.monotonic() - state[0] >= COALESCE_SECONDS:
        _bump()
        state[:] = [time.monotonic(), False]
    else:
        state[1] = True


def generation_bump() -> None:
    """Mark the data as changed once the current transaction commits (now, outside one)."""
    transaction.on_commit(_bump_coalesced)


@contextlib.contextmanager
def generation_bumps_coalesced(*, final: bool = True) -> Iterator[None]:
    """At most one bump a second inside (an ingest commits hundreds of articles a second).

    Pages may lag a running bulk write by up to a second; the bump owed at the end is made
    on leaving (``final``), or left to the caller (a worker process whose parent bumps once
    every worker is done).
    """
    if _coalescing.get() is not None:
        yield
        return
    state = [time.monotonic() - COALESCE_SECONDS, False]
    token = _coalescing.set(state)
    try:
        yield
    finally:
        _coalescing.reset(token)
        if final and state[1]:
            _bump()


def page_key(path: str, current: int) -> str:
    """The cache key of a page (path with query string) at a data generation, today.

    The date is part of it because pages count from today ("last 12 months", last contact
    up to today).
    """
    digest = hashlib.sha256(path.encode()).hexdigest()
    return f"{KEY_PREFIX}:{current}:{datetime.date.today().isoformat()}:{digest}"


def cached_page(view):
    """Serve a successful GET from the cache while the data generation is unchanged.

    Nothing is cached before the first bump: a database whose writes have never bumped the
    counter gives no proof that they will.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        current = generation()
        if current is None:
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = page_key(request.get_full_path(), current)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    return wrapped
