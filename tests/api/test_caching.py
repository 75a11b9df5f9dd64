"""Shared caching: Cache-Control, ETag, 304, fresh after a publish; CORS."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests import factories

from .conftest import PAGES, ids

pytestmark = pytest.mark.django_db

URL = PAGES + "?type=news.NewsArticlePage&fields=*"


@pytest.fixture
def article(news_index):
    return factories.NewsArticlePageFactory(parent=news_index)


def test_anonymous_response_is_cacheable_with_an_etag(api, article):
    response = api.get(URL)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert "Cookie" not in response.get("Vary", "")
    assert "sessionid" not in response.cookies


def test_matching_if_none_match_answers_304_without_a_body(api, article):
    etag = api.get(URL)["ETag"]
    response = api.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert api.get(URL, headers={"if-none-match": '"other"'}).status_code == 200


def test_etag_changes_after_a_publish(api, article):
    etag = api.get(URL)["ETag"]
    article.title = "Tiêu đề mới"
    article.save_revision().publish()
    response = api.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["items"][0]["title"] == "Tiêu đề mới"


def test_unpublished_page_leaves_the_cached_listing_at_once(api, article):
    assert article.pk in ids(api.get(URL).json())
    article.unpublish()
    assert article.pk not in ids(api.get(URL).json())


def test_warm_cache_answers_with_at_most_one_cheap_query(api, article):
    api.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(URL).status_code == 200
    assert len(queries) <= 1


def test_cache_key_ignores_parameter_order(api, article):
    first = api.get(PAGES + "?limit=5&type=news.NewsArticlePage")
    second = api.get(PAGES + "?type=news.NewsArticlePage&limit=5")
    assert first["ETag"] == second["ETag"]


def test_no_cors_header_by_default(api, home_page):
    response = api.get(PAGES, headers={"origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in response


def test_configured_origin_gets_cors_headers(api, home_page, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    response = api.get(PAGES, headers={"origin": "https://app.example"})
    assert response["Access-Control-Allow-Origin"] == "https://app.example"
    other = api.get(PAGES, headers={"origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other
