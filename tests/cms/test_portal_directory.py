"""The portals' directory during a request: read from the shared cache once,
the same throughout, and afresh for the next request or after this process
changes a portal."""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest

from cms import caching
from cms import portals as directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving():
    """Inside a request, as the signals tell it; without Django's receivers
    that close the database connection, which holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_request_keeps_the_directory_it_first_read(portals, serving):
    first = directory.directory()
    # Another worker adds a portal: this request goes on with what it read,
    # so a page and its links never name two versions of the portals.
    caching.cache().set(caching.PORTALS_KEY, "another worker's token", None)
    assert directory.directory() is first
    request_finished.send(sender=None)
    request_started.send(sender=None)
    assert directory.directory().token == "another worker's token"


def test_a_portal_changed_in_the_request_is_seen_at_once(portals, serving):
    from cms.models import SiteSettings

    first = directory.directory()
    settings_a = SiteSettings.objects.get(site=portals.sites["a"])
    settings_a.agency_short_name = "Xã An Mới"
    settings_a.save()
    assert directory.directory() is not first
    assert directory.for_site(portals.sites["a"]).short_name == "Xã An Mới"


def test_outside_a_request_every_look_up_reads_the_token(portals):
    directory.directory()
    caching.cache().set(caching.PORTALS_KEY, "changed elsewhere", None)
    assert directory.directory().token == "changed elsewhere"


def test_a_new_worker_finds_the_portals_without_the_database(
    portals, django_assert_num_queries, monkeypatch
):
    # One process read the portals of the current version ...
    read = directory.directory()
    # ... a worker started later (nothing in its memory) takes them from the
    # shared cache: while PostgreSQL does not answer, it still knows which
    # portal a request is for and can serve that portal's cached pages.
    monkeypatch.setattr(directory, "_directory", None)
    with django_assert_num_queries(0):
        fresh = directory.directory()
    assert fresh is not read
    assert fresh.portals == read.portals
    assert fresh.for_host("xa-a.localhost", 80).site_id == portals.sites["a"].pk
