"""The API of a portal of many: each host serves its own portal, with its own
addresses; the province reads other portals with ?site=."""

import json

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from tests import factories
from tests.conftest import on_portal, restrict

from .conftest import PAGES, body, get_json, ids, small_image

COMMUNE_A = "xa-a.localhost"
COMMUNE_B = "xa-b.localhost"
ARTICLES = PAGES + "?type=news.NewsArticlePage"


@pytest.fixture
def content(portals):
    """One public article per portal, and commune A's hidden ones."""
    image = small_image()
    document = get_document_model().objects.create(
        title="Quyết định số 12", file=ContentFile(b"%PDF-1.4 x", name="qd-12.pdf")
    )
    pages = {
        "province": factories.NewsArticlePageFactory(parent=portals.province_news),
        "a": factories.NewsArticlePageFactory(
            parent=portals.news["a"],
            hero_image=image,
            body=body(
                ("image", {"image": {"image": image.pk, "alt_text": ""}}),
                ("document", {"document": document.pk}),
            ),
        ),
        "b": factories.NewsArticlePageFactory(parent=portals.news["b"]),
        "a_draft": factories.NewsArticlePageFactory(
            parent=portals.news["a"], live=False
        ),
        "a_private": factories.NewsArticlePageFactory(parent=portals.news["a"]),
    }
    restrict(pages["a_private"])
    return pages


def pk(content, *keys):
    return {content[key].pk for key in keys}


def test_each_host_lists_its_own_portal_only(api, content):
    assert ids(get_json(api, ARTICLES, host=COMMUNE_A)) == pk(content, "a")
    assert ids(get_json(api, ARTICLES, host=COMMUNE_B)) == pk(content, "b")
    assert ids(get_json(api, ARTICLES, host="localhost")) == pk(content, "province")


def test_another_portals_page_is_not_found_on_a_commune_host(api, content):
    for key in ("b", "province", "a_draft", "a_private"):
        get_json(api, f"{PAGES}{content[key].pk}/", status=404, host=COMMUNE_A)
        get_json(api, f"{PAGES}find/?id={content[key].pk}", status=404, host=COMMUNE_A)
    get_json(api, f"{PAGES}{content['a'].pk}/", host=COMMUNE_A)


def test_search_on_a_commune_finds_its_pages_only(api, content):
    title = content["b"].title
    url = f"{PAGES}?search={title}"
    assert ids(get_json(api, url, host=COMMUNE_A)) == set()
    assert ids(get_json(api, url, host=COMMUNE_B)) == pk(content, "b")


def test_absolute_urls_name_the_portal_asked(api, content):
    article = content["a"]
    data = get_json(api, f"{PAGES}{article.pk}/", host=COMMUNE_A)
    assert data["meta"]["html_url"] == f"http://xa-a.localhost/tin-tuc/{article.slug}/"
    assert data["meta"]["detail_url"] == f"http://xa-a.localhost{PAGES}{article.pk}/"
    assert data["meta"]["parent"]["url"] == "http://xa-a.localhost/tin-tuc/"
    text = json.dumps(data)
    assert "example.gov.vn" not in text
    renditions = data["hero_image"]["renditions"]
    assert renditions and all(
        r["url"].startswith("http://xa-a.localhost/media/") for r in renditions
    )
    document = next(block for block in data["body"] if block["type"] == "document")
    assert document["value"]["url"].startswith("http://xa-a.localhost/")
    images = get_json(api, "/api/v2/images/", host=COMMUNE_B)
    assert images["items"][0]["meta"]["detail_url"].startswith("http://xa-b.localhost/")
    schema = get_json(api, "/api/v2/schema/", host=COMMUNE_B)
    assert schema["servers"] == [{"url": "http://xa-b.localhost"}]


def test_find_redirects_on_the_portal_asked(api, content):
    response = api.get(f"{PAGES}find/?id={content['a'].pk}", HTTP_HOST=COMMUNE_A)
    assert response.status_code == 302
    assert response["Location"] == f"http://xa-a.localhost{PAGES}{content['a'].pk}/"


def test_find_keeps_the_fields_asked_and_nothing_else(api, content):
    path, host = on_portal(content["a"])
    response = api.get(f"{PAGES}find/", {"html_path": path, "fields": "title"}, **host)
    assert response.status_code == 302
    assert response["Location"] == (
        f"http://xa-a.localhost{PAGES}{content['a'].pk}/?fields=title"
    )


def test_site_endpoint_describes_the_portal_asked(api, portals):
    data = get_json(api, "/api/v2/site/", host=COMMUNE_A)
    assert data["agency_name"] == "Ủy ban nhân dân xã An"
    assert data["level"] == "commune"
    assert data["base_url"] == "http://xa-a.localhost"
    assert data["root_page_id"] == portals.homes["a"].pk
    assert data["sections"]["news"]["id"] == portals.news["a"].pk
    assert data["portals"] is None
    province = get_json(api, "/api/v2/site/", host="localhost")
    assert province["level"] == "province"
    assert province["is_province"] is True
    assert {p["hostname"] for p in province["portals"]} == {
        "localhost",
        COMMUNE_A,
        COMMUNE_B,
    }


@pytest.mark.parametrize("value", [COMMUNE_A, "SITE_ID"])
def test_province_reads_a_commune_by_host_name_or_id(api, portals, content, value):
    value = str(portals.sites["a"].pk) if value == "SITE_ID" else value
    data = get_json(api, f"{ARTICLES}&site={value}", host="localhost")
    assert ids(data) == pk(content, "a")
    item = data["items"][0]
    assert item["meta"]["site"] == {
        "id": portals.sites["a"].pk,
        "hostname": COMMUNE_A,
        "label": "xã An",
    }
    assert item["meta"]["html_url"].startswith("http://xa-a.localhost/tin-tuc/")
    assert item["meta"]["detail_url"].startswith("http://xa-a.localhost/api/v2/")


def test_province_reads_every_portal_at_once(api, content):
    data = get_json(api, f"{ARTICLES}&site=all", host="localhost")
    assert ids(data) == pk(content, "province", "a", "b")
    hosts = {item["meta"]["site"]["hostname"] for item in data["items"]}
    assert hosts == {"localhost", COMMUNE_A, COMMUNE_B}


def test_site_filter_combines_with_search(api, content):
    title = content["b"].title
    data = get_json(api, f"{PAGES}?site=all&search={title}", host="localhost")
    assert ids(data) == pk(content, "b")


@pytest.mark.parametrize(
    ("host", "value", "message"),
    [
        (COMMUNE_A, COMMUNE_B, "only the province portal"),
        (COMMUNE_A, "all", "only the province portal"),
        ("localhost", "nowhere.example", "no portal is"),
        ("localhost", "999999", "no portal is"),
        ("localhost", "", "no portal is"),
    ],
)
def test_bad_site_filter_is_a_clear_400(api, content, host, value, message):
    data = get_json(api, f"{ARTICLES}&site={value}", status=400, host=host)
    assert message in data["message"]


def test_commune_may_name_itself(api, content):
    data = get_json(api, f"{ARTICLES}&site={COMMUNE_A}", host=COMMUNE_A)
    assert ids(data) == pk(content, "a")


def test_site_filter_is_for_listings_only(api, content):
    url = f"{PAGES}{content['province'].pk}/?site=all"
    get_json(api, url, status=400, host="localhost")


def test_response_cache_never_crosses_portals(api, content):
    first = get_json(api, ARTICLES, host=COMMUNE_A)
    again = get_json(api, ARTICLES, host=COMMUNE_B)
    assert ids(first) == pk(content, "a")
    assert ids(again) == pk(content, "b")
    assert ids(get_json(api, ARTICLES, host=COMMUNE_A)) == pk(content, "a")


def test_publishing_on_a_commune_shows_on_the_province_listing(api, portals, content):
    url = f"{ARTICLES}&site=all"
    assert len(get_json(api, url, host="localhost")["items"]) == 3
    factories.NewsArticlePageFactory(parent=portals.news["b"])
    assert len(get_json(api, url, host="localhost")["items"]) == 4


@pytest.mark.parametrize("communes", [0, 2])
def test_all_portals_listing_queries_do_not_grow_with_portals(
    api, content, no_response_cache, django_assert_num_queries, communes
):
    from tests.search.test_portal_search import add_commune

    for key in range(communes):
        add_commune(f"them-{key}")
    url = f"{ARTICLES}&site=all&fields=*"
    get_json(api, url, host="localhost")
    with django_assert_num_queries(12):
        data = get_json(api, url, host="localhost")
    assert len(data["items"]) == 3 + communes
