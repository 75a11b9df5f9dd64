"""Anonymous visitors get cached pages; a publish shows at once; nobody else
ever shares a copy."""

import datetime

from django.db import OperationalError, connection
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from stats import counting
from stats.models import DailyPageStat
from tests import factories
from tests.conftest import restrict
from tests.stats.conftest import BROWSER


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(news_index):
    article = factories.NewsArticlePageFactory(
        parent=news_index, title="Hội nghị sơ kết 6 tháng", slug="hoi-nghi"
    )
    article.save_revision().publish()
    return article


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as the admin does: purges run once the change is committed."""

    def publish(page, **changes):
        for field, value in changes.items():
            setattr(page, field, value)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


def test_a_second_anonymous_request_costs_no_query(
    client, article, django_assert_num_queries
):
    first = client.get(article.url)
    assert first["X-Cache"] == "MISS"

    with django_assert_num_queries(0):
        second = client.get(article.url)

    assert second.status_code == 200
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Hội nghị sơ kết 6 tháng" in second.content.decode()


def test_cached_pages_tell_browsers_and_proxies_how_long_to_keep_them(client, article):
    for response in (client.get(article.url), client.get(article.url)):
        cache_control = set(response["Cache-Control"].split(", "))
        assert cache_control == {"public", "max-age=60", "s-maxage=10"}
        assert {"Cookie", "Accept-Encoding"} <= set(response["Vary"].split(", "))
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_browser_revalidating_a_cached_page_gets_304_until_it_changes(
    client, article, publish
):
    first = client.get(article.url)
    etag = first["ETag"]

    revalidated = client.get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert revalidated.status_code == 304
    assert revalidated.content == b""

    publish(article, title="Hội nghị sơ kết 6 tháng đầu năm")
    changed = client.get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "6 tháng đầu năm" in changed.content.decode()
    assert changed["ETag"] != etag


def test_publishing_a_change_shows_on_the_article_its_index_and_the_home_page(
    client, article, news_index, home_page, publish
):
    for url in (article.url, news_index.url, home_page.url):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"

    publish(article, title="Kết quả hội nghị sơ kết")

    for url in (article.url, news_index.url, home_page.url):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Kết quả hội nghị sơ kết" in response.content.decode(), url


def test_a_page_linking_to_a_republished_page_is_purged(
    client, news_index, article, publish
):
    from news.models import ArticleRelatedPage

    other = factories.NewsArticlePageFactory(parent=news_index, slug="bai-khac")
    ArticleRelatedPage.objects.create(page=other, target=article)
    publish(other)
    client.get(other.url)

    publish(article, title="Tên mới của bài liên quan")

    assert "Tên mới của bài liên quan" in client.get(other.url).content.decode()


def test_an_unpublished_article_disappears_at_once(
    client, article, news_index, django_capture_on_commit_callbacks
):
    client.get(article.url)
    client.get(news_index.url)

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert client.get(article.url).status_code == 404
    assert "Hội nghị sơ kết 6 tháng" not in client.get(news_index.url).content.decode()


def test_a_moved_page_redirects_from_its_old_address_at_once(
    client, article, home_page, django_capture_on_commit_callbacks
):
    old_url = article.url
    client.get(old_url)
    other_index = factories.NewsIndexPageFactory(parent=home_page, slug="thong-bao")

    with django_capture_on_commit_callbacks(execute=True):
        article.move(other_index, pos="last-child")

    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"].endswith("/thong-bao/hoi-nghi/")
    assert client.get("/thong-bao/hoi-nghi/").status_code == 200


def test_a_signed_in_editor_never_gets_nor_leaves_a_cached_copy(
    client, admin_client, article
):
    from news.models import NewsArticlePage

    client.get(article.url)
    # A change that bypasses every purge: only a fresh render can show it.
    NewsArticlePage.objects.filter(pk=article.pk).update(title="Bản mới nhất")

    editor_view = admin_client.get(article.url)
    assert "Bản mới nhất" in editor_view.content.decode()
    assert "X-Cache" not in editor_view
    assert "no-store" in editor_view["Cache-Control"]
    assert "private" in editor_view["Cache-Control"]
    assert "Bản mới nhất" not in client.get(article.url).content.decode()

    from django.core.cache import cache

    cache.clear()
    admin_client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "MISS"


def test_a_password_protected_page_is_never_cached(client, article):
    restrict(article, kind=PageViewRestriction.PASSWORD)

    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "Hội nghị sơ kết 6 tháng" not in response.content.decode()


def test_restricting_a_cached_page_purges_it(
    client, article, django_capture_on_commit_callbacks
):
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        restrict(article, kind=PageViewRestriction.LOGIN)

    assert client.get(article.url).status_code == 302


def test_listing_pages_are_cached_but_other_query_strings_are_not(
    client, news_index, article
):
    client.get(news_index.url, {"page": "1"})
    assert client.get(news_index.url, {"page": "1"})["X-Cache"] == "HIT"
    assert client.get(news_index.url, {"page": "2"})["X-Cache"] == "MISS"

    client.get(news_index.url, {"utm_source": "zalo"})
    assert "X-Cache" not in client.get(news_index.url, {"utm_source": "zalo"})


def test_a_post_neither_reads_nor_fills_the_cache(client, article):
    client.post(article.url)
    assert client.get(article.url)["X-Cache"] == "MISS"


def test_cached_pages_are_still_counted_in_the_statistics(article):
    counting.reset_counter()
    citizen = Client(HTTP_USER_AGENT=BROWSER)
    citizen.get(article.url)
    assert citizen.get(article.url)["X-Cache"] == "HIT"

    assert counting.flush() == 2
    assert DailyPageStat.objects.get(page=article).views == 2
    counting.reset_counter()


def refuse_queries(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed")


def test_while_the_database_is_down_the_last_copy_is_served(client, article):
    client.get(article.url)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1)

    with time_machine.travel(later), connection.execute_wrapper(refuse_queries):
        cached = client.get(article.url)
        never_cached = client.get("/tin-tuc/")

    assert cached.status_code == 200
    assert "Hội nghị sơ kết 6 tháng" in cached.content.decode()
    assert never_cached.status_code == 503
    assert never_cached["Retry-After"] == "30"


def test_an_expired_copy_is_rendered_again_when_the_database_answers(
    client, article, django_assert_max_num_queries
):
    client.get(article.url)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=6)

    with time_machine.travel(later):
        assert client.get(article.url)["X-Cache"] == "MISS"


def test_publishing_on_one_commune_purges_it_and_the_province_not_the_other(
    client, portals, publish, django_assert_num_queries
):
    article = factories.NewsArticlePageFactory(parent=portals.news["a"])
    hosts = ("xa-a.localhost", "xa-b.localhost", "localhost")
    for host in hosts:
        assert client.get("/", HTTP_HOST=host)["X-Cache"] == "MISS"
        assert client.get("/", HTTP_HOST=host)["X-Cache"] == "HIT"

    publish(article, title="Tin mới của xã An")

    # Commune B's cached home page survives, without a query.
    with django_assert_num_queries(0):
        assert client.get("/", HTTP_HOST="xa-b.localhost")["X-Cache"] == "HIT"
    assert client.get("/", HTTP_HOST="xa-a.localhost")["X-Cache"] == "MISS"
    # The province's pages may list the commune's news: purged too.
    assert client.get("/", HTTP_HOST="localhost")["X-Cache"] == "MISS"


def test_a_change_that_is_not_a_page_purges_every_portal(
    client, portals, django_capture_on_commit_callbacks
):
    for host in ("xa-a.localhost", "xa-b.localhost"):
        client.get("/", HTTP_HOST=host)
        assert client.get("/", HTTP_HOST=host)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        factories.ImageFactory()

    for host in ("xa-a.localhost", "xa-b.localhost"):
        assert client.get("/", HTTP_HOST=host)["X-Cache"] == "MISS"
