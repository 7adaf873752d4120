"""Page cache keyed to the data generation: a bump makes every cached page stale."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from relations import cache as page_cache
from relations.cache import generation, generation_bump, generation_bumps_coalesced, page_key

from .dashboard_factories import make_meeting, populate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_bump_changes_the_generation_and_the_key(django_capture_on_commit_callbacks):
    assert generation() is None
    with django_capture_on_commit_callbacks(execute=True):
        generation_bump()
    first = generation()
    with django_capture_on_commit_callbacks(execute=True):
        generation_bump()

    assert generation() == first + 1
    assert page_key("/meetings/", first) != page_key("/meetings/", first + 1)
    assert page_key("/meetings/?page=2", first) != page_key("/meetings/", first)


def test_a_bump_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        generation_bump()

    assert generation() is None and len(callbacks) == 1


def test_a_bulk_writer_bumps_at_most_once_a_second_and_once_more_at_the_end(
    django_capture_on_commit_callbacks, monkeypatch
):
    clock = [100.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    with generation_bumps_coalesced():
        with django_capture_on_commit_callbacks(execute=True):
            generation_bump()  # the first write of a run shows at once
        first = generation()
        for _ in range(50):  # fifty articles committed within the same second
            clock[0] += 0.01
            with django_capture_on_commit_callbacks(execute=True):
                generation_bump()
        assert generation() == first
        clock[0] += 1.0
        with django_capture_on_commit_callbacks(execute=True):
            generation_bump()
        assert generation() == first + 1
        with django_capture_on_commit_callbacks(execute=True):
            generation_bump()
        assert generation() == first + 1
    # The write left pending inside is bumped on leaving.
    assert generation() == first + 2


def test_a_worker_leaves_its_last_bump_to_the_parent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generation_bump()
    start = generation()
    with generation_bumps_coalesced(final=False):
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                generation_bump()
    assert generation() == start + 1


def test_a_cached_page_shows_new_data_after_a_bump(
    client, reference_data, django_capture_on_commit_callbacks
):
    populate(scale=1)
    with django_capture_on_commit_callbacks(execute=True):
        generation_bump()
    url = reverse("relations:meeting-list")
    assert "Talks on the Caspian route" not in client.get(url).content.decode()

    make_meeting("TUR", date=datetime.date(2030, 1, 5), title="Talks on the Caspian route")
    stale = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        generation_bump()
    fresh = client.get(url).content.decode()

    # Without a bump the cached page stands; the bump that follows every write replaces it.
    assert "Talks on the Caspian route" not in stale
    assert "Talks on the Caspian route" in fresh


def test_pages_are_not_cached_before_the_first_bump(client, reference_data):
    populate(scale=1)
    url = reverse("relations:country-detail", args=["TUR"])
    client.get(url)

    make_meeting("TUR", date=datetime.date(2030, 1, 5), title="Talks on the Caspian route")

    assert "Talks on the Caspian route" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_admin_edit_makes_cached_pages_stale(client, admin_client, reference_data):
    from relations.cache import _bump

    make_meeting("TUR", date=datetime.date(2030, 1, 5), title="Talks in Ankara")
    _bump()
    url = reverse("relations:meeting-list")
    assert "Talks in Ankara" in client.get(url).content.decode()

    change = reverse("admin:relations_country_change", args=["TUR"])
    response = admin_client.get(change)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["name"] = "Türkiye (edited)"
    # The aliases inline, left as it is.
    formset = response.context["inline_admin_formsets"][0].formset
    data.update(
        {
            f"{formset.prefix}-TOTAL_FORMS": "0",
            f"{formset.prefix}-INITIAL_FORMS": "0",
        }
    )
    assert admin_client.post(change, data).status_code == 302

    assert "Türkiye (edited)" in client.get(url).content.decode()


def test_an_ingest_makes_cached_pages_stale(reference_data, django_capture_on_commit_callbacks):
    from pathlib import Path

    from ingest.store import ingest_file

    seed = Path(__file__).resolve().parents[2] / "seeds" / "003_af99517c6db45851.txt"
    with django_capture_on_commit_callbacks(execute=True):
        generation_bump()
    before = generation()

    with django_capture_on_commit_callbacks(execute=True):
        result = ingest_file(seed)

    assert not result.errors
    assert generation() > before
