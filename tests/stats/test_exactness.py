"""Thousands of views from concurrent clients against a live server: the
totals grow by exactly the number of counted requests."""

import os
import threading
import urllib.request
from pathlib import Path

from django.db import connection

import pytest

from stats import counting
from stats.models import DailyPageStat, DailySiteStat, PageViewTotal
from tests.servers import Gunicorn
from tests.stats.conftest import BROWSER

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 5000
CLIENTS = 16


def hammer(url, total, clients, host=None, first_client=0):
    """GET url `total` times from `clients` threads (each its own visitor,
    numbered from `first_client`), with a Host header when given; return
    the status codes."""
    statuses = []
    lock = threading.Lock()
    shares = [total // clients + (i < total % clients) for i in range(clients)]

    def client(share, number):
        opener = urllib.request.build_opener()
        # Each client is its own visitor (an address per thread).
        headers = {"User-Agent": BROWSER, "X-Test-Client": str(number)}
        if host:
            headers["Host"] = host
        seen = []
        for _ in range(share):
            request = urllib.request.Request(url, headers=headers)  # noqa: S310
            with opener.open(request, timeout=30) as response:
                response.read()
                seen.append(response.status)
        with lock:
            statuses.extend(seen)

    threads = [
        threading.Thread(target=client, args=(share, first_client + n))
        for n, share in enumerate(shares)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture
def cached_site_server(settings):
    """A live server with Django's page cache around the site, started after
    the settings change so its handler has the cache middleware."""
    from pytest_django.live_server_helper import LiveServer

    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    # Each test client is its own visitor: its number stands for an address.
    settings.STATS_CLIENT_IP_HEADER = "HTTP_X_TEST_CLIENT"
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def published_article():
    from wagtail.models import Page, Site

    from tests.factories import (
        HomePageFactory,
        NewsArticlePageFactory,
        NewsIndexPageFactory,
    )

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home))


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_views_are_counted_exactly_even_from_the_page_cache(
    cached_site_server, published_article, backend
):
    url = cached_site_server.url + published_article.url

    statuses = hammer(url, REQUESTS, CLIENTS)

    assert statuses == [200] * REQUESTS
    assert counting.flush() == REQUESTS
    site = DailySiteStat.objects.get()
    assert site.views == REQUESTS
    assert site.visits == CLIENTS
    assert DailyPageStat.objects.get(page=published_article).views == REQUESTS
    assert PageViewTotal.objects.get(page=published_article).views == REQUESTS
    assert counting.flush() == 0


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_portals_hit_at_once_each_get_exactly_their_own_views_and_visits(
    cached_site_server, portals, backend
):
    from tests.factories import NewsArticlePageFactory

    articles = {
        key: NewsArticlePageFactory(parent=portals.news[key]) for key in ("a", "b")
    }
    port = cached_site_server.url.rpartition(":")[2]
    share = {"a": REQUESTS // 2, "b": REQUESTS // 2 - 500}
    results = {}

    def portal(key):
        # The same people (client numbers) read both portals: a visit on each.
        results[key] = hammer(
            cached_site_server.url + articles[key].get_url_parts()[2],
            share[key],
            CLIENTS // 2,
            host=f"{portals.sites[key].hostname}:{port}",
        )

    threads = [threading.Thread(target=portal, args=(key,)) for key in share]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == {key: [200] * share[key] for key in share}
    assert counting.flush() == sum(share.values())
    for key, views in share.items():
        stat = DailySiteStat.objects.get(site=portals.sites[key])
        assert (stat.views, stat.visits) == (views, CLIENTS // 2)
        assert PageViewTotal.objects.get(page=articles[key]).views == views
    assert not DailySiteStat.objects.filter(site=portals.province).exists()
    assert counting.flush() == 0


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_view_survives_a_graceful_restart_of_gunicorn_workers(
    published_article, backend, settings
):
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("needs a database another process can open (PostgreSQL)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "STATS_FLUSH_INTERVAL": "2",
        "STATS_REDIS_URL": settings.STATS_REDIS_URL,
        "STATS_REDIS_PREFIX": settings.STATS_REDIS_PREFIX,
        "STATS_CLIENT_IP_HEADER": "HTTP_X_TEST_CLIENT",
    }
    first, second = 200, 100

    server = Gunicorn(env)
    statuses = hammer(server.url + published_article.url, first, 8)
    errors = server.stop()
    server = Gunicorn(env)
    statuses += hammer(server.url + published_article.url, second, 8)
    errors += server.stop()

    assert statuses == [200] * (first + second), errors
    assert DailySiteStat.objects.get().views == first + second, errors
    assert DailyPageStat.objects.get(page=published_article).views == first + second
