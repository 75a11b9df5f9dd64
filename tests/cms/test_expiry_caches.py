"""A page past its expiry leaves the article route, the news index and the
RSS feed at once, though the scheduler has not unpublished it and the page
cache and fragments hold copies rendered a minute before (cms/visibility.py,
docs/caching.md)."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "Thông báo tạm ngừng cấp nước"


@pytest.fixture(autouse=True)
def every_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300


def test_an_expired_article_leaves_every_route_before_cached_copies_age(
    client, news_index, committed
):
    now = timezone.now()
    article = factories.NewsArticlePageFactory(
        parent=news_index, title=TITLE, slug="tam-ngung", live=False
    )
    article.expire_at = now + datetime.timedelta(minutes=1)
    committed(article.save_revision().publish)
    with time_machine.travel(now, tick=False):
        assert client.get("/tin-tuc/tam-ngung/").status_code == 200
        assert TITLE in client.get("/tin-tuc/").content.decode()
        assert TITLE in client.get("/tin-tuc/feed/").content.decode()
        assert client.get("/tin-tuc/")["X-Cache"] in ("MISS", "HIT")
    with time_machine.travel(now + datetime.timedelta(minutes=2), tick=False):
        article.refresh_from_db()
        assert article.live, "the scheduler has not run"
        assert client.get("/tin-tuc/tam-ngung/").status_code == 404
        assert TITLE not in client.get("/tin-tuc/").content.decode()
        assert TITLE not in client.get("/tin-tuc/feed/").content.decode()
