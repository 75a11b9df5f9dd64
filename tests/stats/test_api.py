"""`view_count` on articles in the API, added by stats/ through cms/api/'s
`register_api_page_fields` hook (news/ knows nothing of it)."""

from django.test import Client

import pytest

from cms.api.openapi import build_schema
from cms.api.router import api_router
from stats import counting
from stats.models import PageViewTotal
from tests import factories
from tests.api.conftest import PAGES, get_json
from tests.stats.conftest import browser

pytestmark = pytest.mark.django_db

LISTING = PAGES + "?type=news.NewsArticlePage&limit=50"
# The listing's own queries (see tests/api/test_queries.py) plus one for the
# view counts of every article it holds.
VIEW_COUNT_LISTING_QUERIES = 7


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.API_CACHE_SECONDS = 0


def test_articles_views_show_in_the_api_listing_and_detail(api, news_index, backend):
    read = factories.NewsArticlePageFactory(parent=news_index)
    unread = factories.NewsArticlePageFactory(parent=news_index)
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.1"):
        assert browser(address).get(read.url).status_code == 200
    counting.flush()

    data = get_json(api, LISTING + "&fields=view_count")
    assert {item["id"]: item["view_count"] for item in data["items"]} == {
        read.pk: 3,
        unread.pk: 0,
    }
    assert get_json(api, f"{PAGES}{read.pk}/")["view_count"] == 3
    assert get_json(api, f"{PAGES}{unread.pk}/?fields=view_count")["view_count"] == 0


def test_view_count_is_a_64_bit_figure(api, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    PageViewTotal.objects.create(page=article, views=10_982_994_000)
    assert get_json(api, f"{PAGES}{article.pk}/")["view_count"] == 10_982_994_000


def test_view_count_is_not_a_default_listing_field(api, news_index):
    factories.NewsArticlePageFactory(parent=news_index)
    [item] = get_json(api, LISTING)["items"]
    assert "view_count" not in item
    [item] = get_json(api, LISTING + "&fields=*")["items"]
    assert item["view_count"] == 0


@pytest.mark.parametrize("count", [5, 50])
def test_view_counts_of_a_listing_cost_one_query_whatever_its_length(
    api, news_index, django_assert_num_queries, count
):
    for index in range(count):
        article = factories.NewsArticlePageFactory(parent=news_index)
        PageViewTotal.objects.create(page=article, views=index)
    url = LISTING + "&fields=view_count"
    get_json(api, url)
    with django_assert_num_queries(VIEW_COUNT_LISTING_QUERIES):
        data = get_json(api, url)
    assert sorted(item["view_count"] for item in data["items"]) == list(range(count))
    with django_assert_num_queries(VIEW_COUNT_LISTING_QUERIES - 1):
        get_json(api, LISTING)


def test_other_page_types_have_no_view_count(api, event_index):
    factories.EventPageFactory(parent=event_index)
    data = get_json(api, PAGES + "?type=news.EventPage&fields=view_count", status=400)
    assert "view_count" in data["message"]


@pytest.mark.parametrize("parameter", ["order=view_count", "view_count=3"])
def test_view_count_is_read_only_in_listings(api, news_index, parameter):
    factories.NewsArticlePageFactory(parent=news_index)
    data = get_json(api, f"{LISTING}&{parameter}", status=400)
    assert "view_count" in data["message"]


def test_the_openapi_schema_lists_view_count_for_articles_only():
    schemas = build_schema(api_router)["components"]["schemas"]
    assert schemas["news.NewsArticlePage"]["properties"]["view_count"] == {
        "type": "integer",
        "minimum": 0,
    }
    assert "view_count" not in schemas["news.EventPage"]["properties"]
