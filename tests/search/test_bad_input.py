"""Whatever is typed, the search page and the API answer without a 500."""

import pytest

from tests import factories

from .conftest import body, titles

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "",
    "   ",
    '"',
    'foo"bar',
    '"unterminated',
    "(",
    ")",
    "*",
    "-",
    "^",
    ":",
    "a* OR NEAR(",
    "AND",
    "OR OR OR",
    "NOT dân",
    "NEAR(dan van, 2)",
    "title: dan",
    "{title_exact}: dan",
    "dan & van | !kheo <-> x:*",
    "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "\x00",
    "dan\x00van",
    "🙂🙂🙂",
    "dân 🙂 vận",
    "a" * 2000,
    "a:" * 1000,
    "dân vận " * 300,
    "\\",
    "'",
    "%",
]


@pytest.fixture
def content(news_index):
    factories.NewsArticlePageFactory(
        parent=news_index, title="Dân vận khéo", body=body("Phong trào AND OR NOT.")
    )


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_search_page_never_fails(client, content, query):
    response = client.get("/search/", {"q": query, "page": "abc", "type": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_api_search_never_fails(client, content, query):
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")


def test_operators_in_the_query_are_plain_words(client, news_index):
    factories.NewsArticlePageFactory(
        parent=news_index, title="Hướng dẫn", body=body("Chọn AND hoặc OR.")
    )
    assert titles(client.get("/search/", {"q": "AND OR"})) == ["Hướng dẫn"]
    assert titles(client.get("/search/", {"q": '"huong dan'})) == ["Hướng dẫn"]


def test_query_without_words_asks_for_words(client, content):
    response = client.get("/search/", {"q": '"*()'})
    assert response.status_code == 200
    assert b"search-empty" in response.content
