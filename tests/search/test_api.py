"""The API's ?search= is the site's search: same matches, same order."""

import pytest

from tests import factories

from .conftest import body, titles

pytestmark = pytest.mark.django_db


def api_titles(client, query, **params):
    response = client.get("/api/v2/pages/", {"search": query, **params})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def articles(news_index, official_index):
    factories.NewsArticlePageFactory(
        parent=news_index, title="Bàn giao", body=body("Dân vận khéo ở ấp.")
    )
    factories.NewsArticlePageFactory(
        parent=news_index, title="Bán hàng", body=body("Khéo léo, vận động dân.")
    )
    factories.OfficialPageFactory(parent=official_index, title="Đinh Thị Mai Sinh")


@pytest.mark.parametrize("query", ["dan van kheo", "bàn", "dinh thi mai sinh", "ban"])
def test_api_and_site_give_the_same_pages_in_the_same_order(client, articles, query):
    site = titles(client.get("/search/", {"q": query}))
    assert site
    assert api_titles(client, query) == site


def test_api_search_folds_diacritics_and_respects_type(client, articles):
    assert api_titles(client, "dinh thi", type="news.OfficialPage") == [
        "Đinh Thị Mai Sinh"
    ]
    assert api_titles(client, "dinh thi", type="news.NewsArticlePage") == []


def test_api_search_operator_or(client, articles):
    assert set(api_titles(client, "giao hang", search_operator="or")) == {
        "Bán hàng",
        "Bàn giao",
    }
    assert api_titles(client, "giao hang") == []


def test_api_search_with_order_keeps_the_requested_order(client, articles):
    assert api_titles(client, "ban", order="-title") == ["Bán hàng", "Bàn giao"]


def test_api_search_never_lists_private_pages(client, news_index, articles):
    from tests.conftest import restrict

    restrict(news_index)
    assert api_titles(client, "ban") == []
