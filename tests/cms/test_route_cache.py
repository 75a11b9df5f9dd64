"""Routing from the cache (cms/route_cache.py): a page rendered afresh finds
its page without the database, and every change to what a URL shows, or to
who may see it, holds on the very next request."""

from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, get_page_models

import pytest

from cms import route_cache
from tests import factories
from tests.conftest import restrict

pytestmark = pytest.mark.usefixtures("fragments_on")


@pytest.fixture
def article(news_index, committed):
    page = factories.NewsArticlePageFactory(
        parent=news_index, title="Thông báo lịch tiếp dân", slug="lich-tiep-dan"
    )
    committed(lambda: page.save_revision().publish())
    return page


def routing_queries(client, url):
    """Queries of a request, and the response."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    tables = (
        "wagtailcore_site",
        "wagtailcore_page",
        "wagtailcore_pageviewrestriction",
        "cms_sitesettings",
    )
    routing = [
        query
        for query in context.captured_queries
        if any(f'FROM "{table}"' in query["sql"] for table in tables)
    ]
    return response, routing


def test_a_second_request_routes_without_the_database(client, article):
    first, cold = routing_queries(client, article.url)
    second, warm = routing_queries(client, article.url)

    assert first.status_code == second.status_code == 200
    assert len(cold) >= 4
    assert warm == []
    assert second.content == first.content


def test_an_unpublished_page_is_gone_on_the_next_request(client, article, committed):
    assert client.get(article.url).status_code == 200

    committed(article.unpublish)

    assert client.get(article.url).status_code == 404


def test_a_page_made_private_asks_for_its_password_on_the_next_request(
    client, article, news_index, committed
):
    assert "Thông báo lịch tiếp dân" in client.get(article.url).content.decode()

    committed(restrict, news_index)

    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thông báo lịch tiếp dân" not in html
    assert 'name="password"' in html


def test_a_private_page_asks_for_its_password_without_the_database(
    client, article, committed
):
    committed(restrict, article)
    client.get(article.url)

    response, warm = routing_queries(client, article.url)

    assert 'name="password"' in response.content.decode()
    assert warm == []


def test_every_page_type_brings_its_view_restrictions_with_its_route():
    # A page type without the mixin would pay two queries on every hit.
    ours = [model for model in get_page_models() if model is not Page]

    assert ours
    for model in ours:
        assert issubclass(model, route_cache.CachedRoutePageMixin), model


def test_a_private_page_routed_from_the_cache_still_checks_each_visitor(
    client, article, committed
):
    committed(restrict, article, PageViewRestriction.LOGIN)
    first = client.get(article.url)
    second = client.get(article.url)

    assert first.status_code == second.status_code == 302
    assert "/_util/login/" in second["Location"]


def test_a_moved_page_answers_at_its_new_address_and_the_old_one_redirects(
    client, article, home_page, committed
):
    old_url = article.url
    assert client.get(old_url).status_code == 200
    archive = factories.NewsIndexPageFactory(parent=home_page, slug="luu-tru")

    committed(article.move, archive, pos="last-child")
    article.refresh_from_db()

    assert article.url.startswith("/luu-tru/")
    assert client.get(article.url).status_code == 200
    # Not the page from the old route: the redirect made by the move.
    old = client.get(old_url)
    assert (old.status_code, old["Location"]) == (301, article.url)


def test_a_new_slug_answers_at_once_and_the_old_one_redirects(
    client, article, committed
):
    old_url = article.url
    assert client.get(old_url).status_code == 200

    article.slug = "lich-tiep-cong-dan"
    committed(lambda: article.save_revision().publish())

    assert client.get("/tin-tuc/lich-tiep-cong-dan/").status_code == 200
    old = client.get(old_url)
    assert (old.status_code, old["Location"]) == (301, "/tin-tuc/lich-tiep-cong-dan/")


def test_a_routable_page_sub_route_is_served_from_the_cache(
    client, event_index, committed
):
    event = factories.EventPageFactory(parent=event_index, slug="hop-dan")
    committed(lambda: event.save_revision().publish())
    url = event.url + "ical/"

    first, _ = routing_queries(client, url)
    second, warm = routing_queries(client, url)

    assert first.status_code == second.status_code == 200
    assert second["Content-Type"].startswith("text/calendar")
    assert warm == []
    # The page itself, under the same routing, is still the page.
    assert client.get(event.url)["Content-Type"].startswith("text/html")


def test_an_address_that_finds_no_page_is_not_kept(client, article):
    keys_before = set(cache._cache)  # the test cache is a local memory cache

    for number in range(20):
        assert client.get(f"/tin-tuc/khong-co-{number}/").status_code == 404

    new_keys = {key for key in set(cache._cache) - keys_before if ":route:" in key}
    assert new_keys == set()


def test_without_fragment_caching_nothing_is_kept(client, article, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(article.url)

    _, routing = routing_queries(client, article.url)

    assert routing != []


def test_a_visitor_who_gave_the_password_sees_the_private_page_routed_from_the_cache(
    client, article, committed
):
    restriction = committed(restrict, article)
    client.get(article.url)  # routes and keeps the page with its restriction
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/",
        {"password": "secret", "return_url": article.url},
    )
    assert response.status_code == 302

    for _ in range(2):
        html = client.get(article.url).content.decode()
        assert "Thông báo lịch tiếp dân" in html
        assert 'name="password"' not in html


def test_an_entry_left_by_older_code_is_routed_afresh_not_a_500(client, article):
    client.get(article.url)
    [key] = [k for k in cache._cache if ":route:" in k]
    # What unpickling an entry whose class a deploy renamed raises.
    cache.set(key.split(":", 2)[2], b"\x80\x04\x95not a pickle", 300)

    response = client.get(article.url)

    assert response.status_code == 200
    assert "Thông báo lịch tiếp dân" in response.content.decode()


def test_an_upgrade_of_django_or_wagtail_never_reads_older_entries(client, article):
    client.get(article.url)

    with mock.patch.object(route_cache, "PICKLED_BY", ("5.2.0", "8.0.0")):
        response, routing = routing_queries(client, article.url)

    assert response.status_code == 200
    assert routing != []


def test_when_the_cache_has_no_version_nothing_is_kept(client, article):
    with mock.patch("cms.caching.version", return_value=None):
        client.get(article.url)
        _, routing = routing_queries(client, article.url)

    assert routing != []
    assert not [k for k in cache._cache if ":route:" in k]
