"""Every bad parameter is a 400 with a JSON message; nothing is ever a 500."""

from django.db import OperationalError, connection

import pytest

from tests import factories

from .conftest import PAGES, get_json, ids

pytestmark = pytest.mark.django_db

ARTICLES = PAGES + "?type=news.NewsArticlePage"
EVENTS = PAGES + "?type=news.EventPage"
OFFICIALS = PAGES + "?type=news.OfficialPage"

BAD_REQUESTS = {
    "unknown type": PAGES + "?type=news.Nonexistent",
    "type that is not a page": PAGES + "?type=auth.User",
    "unknown field": ARTICLES + "&fields=path",
    "field that is not public": OFFICIALS + "&fields=owner",
    "malformed fields": ARTICLES + "&fields=title,,date",
    "limit not a number": PAGES + "?limit=abc",
    "negative limit": PAGES + "?limit=-1",
    "limit over the maximum": PAGES + "?limit=51",
    "huge limit": PAGES + "?limit=" + "9" * 40,
    "negative offset": PAGES + "?offset=-1",
    "offset past 2^63": PAGES + "?offset=100000000000000000000",
    "offset just past 2^63-1": PAGES + "?offset=9223372036854775808",
    "offset not a number": PAGES + "?offset=1e3",
    "unknown order": PAGES + "?order=nonexistent",
    "order by a body": ARTICLES + "&order=body",
    "random with offset": PAGES + "?order=random&offset=5",
    "search operator": PAGES + "?search=ngân sách&search_operator=xor",
    "operator without search": PAGES + "?search_operator=and",
    "unknown parameter": PAGES + "?foo=1",
    "own filter without its type": PAGES + "?category=tin-tuc",
    "malformed date field": EVENTS + "&start=notadate",
    "malformed date_from": ARTICLES + "&date_from=23/06/2022",
    "impossible date_to": ARTICLES + "&date_to=2022-02-30",
    "malformed event date": EVENTS + "&date_from=tomorrow",
    "upcoming not a boolean": EVENTS + "&upcoming=yes",
    "empty category": ARTICLES + "&category=",
    "child_of not a number": PAGES + "?child_of=abc",
    "negative descendant_of": PAGES + "?descendant_of=-5",
    "huge child_of": PAGES + "?child_of=99999999999999999999999",
    "null byte in slug": PAGES + "?slug=%00",
    "null byte in type": PAGES + "?type=news.%00",
    "boolean field filter": ARTICLES + "&featured=perhaps",
    "unknown parameter on detail": "{article}?foo=1",
    "unknown field on detail": "{article}?fields=path",
    "find by a non-numeric id": PAGES + "find/?id=abc",
    "images: unknown parameter": "/api/v2/images/?type=x",
    "images: limit over the maximum": "/api/v2/images/?limit=1000",
    "documents: offset past 2^63": "/api/v2/documents/?offset=99999999999999999999",
    "limit given twice": PAGES + "?limit=1&limit=2",
    "offset given twice": PAGES + "?offset=0&offset=1",
    "type given twice": ARTICLES + "&type=news.EventPage",
    "id given twice on find": PAGES + "find/?id=1&id=2",
    "fields given twice on detail": "{article}?fields=title&fields=date",
}


@pytest.fixture
def article(news_index):
    return factories.NewsArticlePageFactory(parent=news_index)


@pytest.mark.parametrize("url", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_bad_parameter_is_a_400_with_a_message(api, article, url):
    url = url.format(article=f"{PAGES}{article.pk}/")
    data = get_json(api, url, status=400)
    assert isinstance(data["message"], str) and data["message"]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        'a"b',
        '"unterminated',
        "\x00",
        "a\x00b",
        "a* OR NEAR(",
        "-x",
        "a:",
        "^(",
        "AND",
    ],
)
def test_search_treats_any_text_as_text(api, article, text):
    data = get_json(api, PAGES + "?" + _query(search=text))
    assert isinstance(data["items"], list)


def test_very_long_search_answers(api, article):
    get_json(api, PAGES + "?" + _query(search="a" * 5000))
    get_json(api, PAGES + "?" + _query(search="a:" * 5000))


def test_search_finds_a_public_article(api, news_index):
    page = factories.NewsArticlePageFactory(
        parent=news_index, title="Hội nghị ngân sách"
    )
    for operator in ("and", "or"):
        data = get_json(
            api, PAGES + "?" + _query(search="ngân sách", search_operator=operator)
        )
        assert page.pk in ids(data)


def test_offset_past_the_end_is_an_empty_page(api, article):
    data = get_json(api, PAGES + "?offset=9223372036854775807")
    assert data["items"] == [] and data["meta"]["total_count"] >= 1


def test_unknown_page_id_is_a_json_404(api, home_page):
    get_json(api, f"{PAGES}99999999999999/", status=404)
    get_json(api, f"{PAGES}99999999999999999999999999/", status=404)


@pytest.mark.parametrize(
    "url",
    ["/api/", "/api/v1/pages/", "/api/v2/", "/api/v2/nothing/", "/api/v2/pages/abc/"],
)
def test_unknown_api_url_is_a_json_404(api, home_page, url):
    data = get_json(api, url, status=404)
    assert data["message"]


def refuse_queries(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed")


def test_database_outage_is_a_503_with_retry_after(api, home_page):
    with connection.execute_wrapper(refuse_queries):
        response = api.get(PAGES)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["message"]


def test_write_methods_are_refused(api, home_page):
    assert api.post(PAGES).status_code == 405
    assert api.delete(f"{PAGES}{home_page.pk}/").status_code == 405


def _query(**params):
    from urllib.parse import urlencode

    return urlencode(params)
