import uuid

from django.test import Client

import pytest
import redis

from stats import counting

BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_is_up():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def fresh_counter(settings):
    """Each test starts with an empty buffer and its own Redis key prefix."""
    settings.STATS_REDIS_PREFIX = f"test-stats:{uuid.uuid4().hex}:"
    counting.reset_counter()
    yield
    counter = counting._counter
    if counter is not None and counter.redis is not None and redis_is_up():
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{counter.redis.prefix}*"))
        if keys:
            client.delete(*keys)
    counting.reset_counter()


@pytest.fixture(params=["local", "redis"])
def backend(request, settings):
    """Run a test once with the in-process buffer and once with Redis."""
    if request.param == "redis":
        if not redis_is_up():
            pytest.skip("no Redis at 127.0.0.1:6379")
        settings.STATS_REDIS_URL = REDIS_URL
    else:
        settings.STATS_REDIS_URL = ""
    counting.reset_counter()
    return request.param


def default_site():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


def browser(address="203.0.113.7", agent=BROWSER):
    """A citizen's browser: a real User-Agent and an address."""
    return Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)


@pytest.fixture
def article(news_index):
    from tests.factories import NewsArticlePageFactory

    return NewsArticlePageFactory(parent=news_index, title="Tin nổi bật")
