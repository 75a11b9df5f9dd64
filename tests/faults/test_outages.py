"""Fault injection: PostgreSQL and Redis behind a proxy of our own
(tests/faults/proxy.py) that refuses, hangs (accepts, never answers) and
drops. Whatever the backend does, every answer comes within 5 seconds: a
page from the page cache, a page rendered without the cache, or 503 with
Retry-After in Vietnamese; and nothing saved is lost (docs/security.md,
"Outages")."""

import json
import os
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.db import connection

import pytest

from stats import counting
from stats.models import DailyPageStat, DailySiteStat
from tests import factories
from tests.faults.proxy import FaultProxy
from tests.servers import Gunicorn

BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
# The bound; the timeouts make it about 1 to 2 seconds.
BOUND_SECONDS = 5
UNAVAILABLE = "Cổng thông tin tạm thời gián đoạn"
API_UNAVAILABLE = "Dịch vụ tạm thời gián đoạn; vui lòng thử lại sau ít phút."
FAULTS = ("hang", "refuse", "drop")


class Answer:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body = status, headers, body
        self.seconds = seconds

    def __repr__(self):
        return f"<{self.status} in {self.seconds:.1f} s: {self.body[:80]!r}>"


def fetch(url, visitor=None):
    """GET url as a script (not counted as a visit) or as a visitor's browser."""
    headers = {}
    if visitor is not None:
        headers = {"User-Agent": BROWSER, "X-Test-Client": str(visitor)}
    start = time.monotonic()
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            status, got, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, got, body = error.code, error.headers, error.read()
    return Answer(status, got, body.decode(), time.monotonic() - start)


def wait_for(url, status=200, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url).status == status:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"{url} did not answer {status} within {seconds} s")


@pytest.fixture
def site(home_page, news_index):
    """A home page, the news index, an article to keep in the page cache
    and one that no request reads before an outage, per fault; committed."""
    return {
        "home": home_page,
        "index": news_index,
        "kept": factories.NewsArticlePageFactory(
            parent=news_index, title="Lịch tiếp công dân", slug="lich-tiep"
        ),
        "uncached": factories.NewsArticlePageFactory(
            parent=news_index, title="Thông báo tuyển dụng", slug="tuyen-dung"
        ),
        **{
            mode: factories.NewsArticlePageFactory(parent=news_index) for mode in FAULTS
        },
    }


@pytest.fixture
def database_proxy():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (the SQLite test database cannot sit behind a "
            "TCP proxy); CI runs it in its PostgreSQL pass"
        )
    database = connection.settings_dict
    proxy = FaultProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    yield proxy
    proxy.close()


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_silent_refusing_or_dropping_database_gives_fast_answers(
    database_proxy, site
):
    work = Path(tempfile.mkdtemp(prefix="faults-"))
    database = connection.settings_dict
    env = {
        **os.environ,
        # Development settings (no collected static files) with every cache
        # on and the production timeouts (base.py's defaults).
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_proxy.url(
            "postgres", f"/{database['NAME']}", database["USER"]
        ),
        "SHARED_CACHE_DIR": str(work / "cache"),
        "MEDIA_ROOT": str(work / "media"),
        "PAGE_CACHE_SECONDS": "300",
        "FRAGMENT_CACHE_SECONDS": "300",
        "API_CACHE_SECONDS": "300",
        "STATS_REDIS_URL": "",
        "STATS_FLUSH_INTERVAL": "1",
        "STATS_CLIENT_IP_HEADER": "HTTP_X_TEST_CLIENT",
        "LOG_LEVEL": "ERROR",
    }
    for name in ("REDIS_URL", "DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT"):
        env.pop(name, None)
    kept = site["kept"].url
    views = 0
    server = Gunicorn(env)
    try:
        base = server.url
        for url in ("/", kept, "/api/v2/pages/"):
            assert fetch(base + url, visitor=1).status == 200
        views += 1

        for number, mode in enumerate(FAULTS, start=2):
            database_proxy.set_mode(mode)
            answers = {
                "home (cached)": fetch(base + "/"),
                "article (cached)": fetch(base + kept, visitor=2),
                "article (never cached)": fetch(base + site[mode].url),
                "API (cached)": fetch(base + "/api/v2/pages/"),
                "API (never cached)": fetch(base + f"/api/v2/pages/?limit={number}"),
                "health": fetch(base + "/healthz/"),
            }
            for name, answer in answers.items():
                assert answer.seconds < BOUND_SECONDS, (mode, name, answer)
            # Every worker serves the cached copy, even one that never read
            # the portals from the database (they are in the shared cache).
            for name, text in (
                ("home (cached)", "Trang chủ"),
                ("article (cached)", "Lịch tiếp công dân"),
                ("API (cached)", "Lịch tiếp công dân"),
            ):
                assert answers[name].status == 200, (mode, name, answers[name])
                assert text in answers[name].body, (mode, name)
            views += 1
            page = answers["article (never cached)"]
            assert (page.status, page.headers["Retry-After"]) == (503, "30"), mode
            assert UNAVAILABLE in page.body
            api = answers["API (never cached)"]
            assert (api.status, api.headers["Retry-After"]) == (503, "30"), mode
            assert json.loads(api.body)["message"] == API_UNAVAILABLE
            health = answers["health"]
            assert (health.status, health.headers["Retry-After"]) == (503, "30")

            database_proxy.set_mode("pass")
            # A process leaves a silent database alone for a few seconds.
            wait_for(base + "/healthz/")
            wait_for(base + "/api/v2/pages/?limit=20")
    finally:
        log = server.stop()

    assert "WORKER TIMEOUT" not in log, log
    # The views of the cached page during each outage were kept and written
    # once the database answered again (the exit flush at the latest).
    assert DailyPageStat.objects.get(page=site["kept"]).views == views, log
    assert DailySiteStat.objects.get().visits == 2


@pytest.fixture
def redis_proxy():
    from tests.stats.conftest import redis_is_up

    if not redis_is_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    proxy = FaultProxy("127.0.0.1", 6379)
    yield proxy
    proxy.close()


@pytest.fixture
def server_on_redis_proxy(settings, redis_proxy):
    """A live server whose shared cache and visit counting use Redis through
    the proxy, every cache on."""
    from pytest_django.live_server_helper import LiveServer

    from cms.settings.base import redis_cache

    run = uuid.uuid4().hex
    url = redis_proxy.url("redis", "/0")
    settings.CACHES = {"default": redis_cache(url, f"faults-{run}")}
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 300
    settings.API_CACHE_SECONDS = 300
    settings.STATS_REDIS_URL = url
    settings.STATS_REDIS_PREFIX = f"faults-stats:{run}:"
    settings.STATS_CLIENT_IP_HEADER = "HTTP_X_TEST_CLIENT"
    counting.reset_counter()
    server = LiveServer("localhost")
    yield server
    server.stop()
    counting.reset_counter()


VISITORS = 20


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_silent_redis_leaves_pages_served_and_views_and_visits_exact(
    site, server_on_redis_proxy, redis_proxy
):
    base = server_on_redis_proxy.url
    kept = base + site["kept"].url
    statuses = []

    def read_as_everyone():
        statuses.extend(fetch(kept, visitor=n).status for n in range(VISITORS))

    read_as_everyone()
    for url in ("/", "/api/v2/pages/"):
        assert fetch(base + url).status == 200
    counting.flush()

    redis_proxy.set_mode("hang")
    answers = {
        url: fetch(base + url)
        for url in (
            "/",
            site["kept"].url,
            site["uncached"].url,
            site["index"].url,
            "/api/v2/pages/",
            "/api/v2/pages/?limit=2",
            "/healthz/",
        )
    }
    for url, answer in answers.items():
        assert (answer.status, answer.seconds < BOUND_SECONDS) == (200, True), url
    assert "Thông báo tuyển dụng" in answers[site["uncached"].url].body
    read_as_everyone()
    # The counts wait for Redis, then go to the database without it.
    counting.flush()

    redis_proxy.set_mode("pass")
    counting.get_counter().redis.down_until = 0.0  # its 5-second pause is over
    read_as_everyone()
    counting.flush()

    assert statuses == [200] * 3 * VISITORS
    assert DailyPageStat.objects.get(page=site["kept"]).views == 3 * VISITORS
    assert DailySiteStat.objects.get().visits == VISITORS
