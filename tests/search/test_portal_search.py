"""Search on a portal of many: a commune finds its own pages only; the
province portal also searches every portal at once, each result labelled."""

from django.db import connection
from django.utils import translation

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

import pytest
from bs4 import BeautifulSoup

from cms.models import SiteSettings
from cms.portals import COMMUNE
from tests import factories
from tests.conftest import restrict

from .conftest import body, titles

pytestmark = pytest.mark.django_db

COMMUNE_A = "xa-a.localhost"
COMMUNE_B = "xa-b.localhost"


def search(client, query, host="localhost", **params):
    with translation.override("en"):
        return client.get("/search/", {"q": query, **params}, HTTP_HOST=host)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def article(parent, title, text="Nội dung về cầu đường nông thôn.", **kwargs):
    return factories.NewsArticlePageFactory(
        parent=parent, title=title, body=body(text), **kwargs
    )


@pytest.fixture
def content(portals):
    """One public article per portal, and commune A's hidden ones."""
    pages = {
        "province": article(portals.province_news, "Cầu đường của tỉnh"),
        "a": article(portals.news["a"], "Cầu đường xã An"),
        "b": article(portals.news["b"], "Cầu đường xã Bình"),
        "a_draft": article(portals.news["a"], "Cầu đường nháp", live=False),
    }
    pages["a_private"] = article(portals.news["a"], "Cầu đường nội bộ")
    restrict(pages["a_private"])
    return pages


def add_commune(key):
    """Another commune portal with one article matching "cau duong"."""
    home = factories.HomePageFactory(
        parent=Page.get_first_root_node(), title=f"Trang chủ {key}", slug=f"xa-{key}"
    )
    site = Site.objects.create(hostname=f"xa-{key}.localhost", root_page=home)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={"agency_name": f"UBND xã {key}", "level": COMMUNE},
    )
    news = factories.NewsIndexPageFactory(parent=home, slug="tin-tuc")
    article(news, f"Cầu đường xã {key}")


def test_commune_search_finds_its_own_pages_only(client, content):
    assert titles(search(client, "cau duong", COMMUNE_A)) == ["Cầu đường xã An"]
    assert titles(search(client, "cau duong", COMMUNE_B)) == ["Cầu đường xã Bình"]


def test_province_search_defaults_to_its_own_pages(client, content):
    assert titles(search(client, "cau duong")) == ["Cầu đường của tỉnh"]


def test_province_wide_search_finds_every_portal_labelled_with_absolute_urls(
    client, content
):
    page = soup(search(client, "cau duong", scope="province"))
    found = {
        node.select_one("h2 a").get_text(): (
            node.select_one(".search-result__portal").get_text(),
            node.select_one("h2 a")["href"],
        )
        for node in page.select(".search-result")
    }
    assert found == {
        "Cầu đường của tỉnh": (
            "Tỉnh Thử Nghiệm",
            f"http://localhost/tin-tuc/{content['province'].slug}/",
        ),
        "Cầu đường xã An": (
            "xã An",
            f"http://xa-a.localhost/tin-tuc/{content['a'].slug}/",
        ),
        "Cầu đường xã Bình": (
            "xã Bình",
            f"http://xa-b.localhost/tin-tuc/{content['b'].slug}/",
        ),
    }


def test_province_portal_offers_the_scope_choice(client, content):
    page = soup(search(client, "cau duong"))
    assert {i["value"] for i in page.select(".search-scope input")} == {
        "portal",
        "province",
    }
    assert not soup(search(client, "cau duong", COMMUNE_A)).select(".search-scope")


def test_commune_refuses_province_wide_search_politely(client, content):
    response = search(client, "cau duong", COMMUNE_A, scope="province")
    assert response.status_code == 200
    assert titles(response) == ["Cầu đường xã An"]
    notices = soup(response).select_one(".search-notices").get_text()
    assert "province portal" in notices


def test_unknown_scope_is_ignored_with_a_message(client, content):
    response = search(client, "cau duong", scope="everywhere")
    assert titles(response) == ["Cầu đường của tỉnh"]
    assert soup(response).select_one(".search-notices")


def test_promotions_show_on_their_portal_only(client, content):
    query = Query.get("cầu đường")
    SearchPromotion.objects.create(query=query, page=content["b"], sort_order=0)
    promoted = ".search-promotions li a"
    assert not soup(search(client, "cau duong", COMMUNE_A)).select(promoted)
    links = soup(search(client, "cau duong", COMMUNE_B)).select(promoted)
    assert [a["href"] for a in links] == [f"/tin-tuc/{content['b'].slug}/"]
    links = soup(search(client, "cau duong", scope="province")).select(promoted)
    assert [a["href"] for a in links] == [
        f"http://xa-b.localhost/tin-tuc/{content['b'].slug}/"
    ]


def test_private_promotion_is_hidden_everywhere(client, content):
    query = Query.get("cầu đường")
    SearchPromotion.objects.create(query=query, page=content["a_private"])
    for host, params in ((COMMUNE_A, {}), ("localhost", {"scope": "province"})):
        page = soup(search(client, "cau duong", host, **params))
        assert not page.select(".search-promotions")


@pytest.mark.parametrize("communes", [0, 2])
def test_province_wide_query_count_does_not_grow_with_portals(
    client, content, django_assert_num_queries, communes, settings
):
    settings.SEARCH_CACHE_SECONDS = 0  # the real work, every time
    for key in range(communes):
        add_commune(f"them-{key}")
    search(client, "cau duong", scope="province")
    # 3 of them are the sidebar's, kept as a fragment outside tests
    # (docs/design.md).
    with django_assert_num_queries(13 if connection.vendor == "sqlite" else 17):
        response = search(client, "cau duong", scope="province")
    assert len(titles(response)) == 3 + communes


def test_popular_search_is_ranked_once_per_content_version(
    client, portals, content, django_assert_max_num_queries
):
    search(client, "cau duong", scope="province")
    # The ranking (and on PostgreSQL its SET LOCAL) comes from the cache; the
    # answer is kept whole, until the next expiry (one query per version).
    # 3 are the sidebar's, kept as a fragment outside tests (docs/design.md).
    with django_assert_max_num_queries(13):
        assert len(titles(search(client, "cau duong", scope="province"))) == 3
    article(portals.news["b"], "Cầu đường mới xã Bình")
    found = titles(search(client, "cau duong", scope="province"))
    assert "Cầu đường mới xã Bình" in found
    assert "Cầu đường mới xã Bình" not in titles(search(client, "cau duong", COMMUNE_A))


def test_cached_results_never_cross_portals(client, content):
    assert titles(search(client, "cau duong", COMMUNE_A)) == ["Cầu đường xã An"]
    assert titles(search(client, "cau duong", COMMUNE_B)) == ["Cầu đường xã Bình"]
    assert titles(search(client, "cau duong", COMMUNE_A)) == ["Cầu đường xã An"]
