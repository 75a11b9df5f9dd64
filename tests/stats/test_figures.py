"""The visit figures (the sidebar's box): fetched from a small endpoint,
never baked into pages."""

import json

from django.utils import translation

from bs4 import BeautifulSoup

from cms import reader
from stats import counting
from stats.api import ViewCountField, view_counts
from stats.models import StatsSettings
from tests.stats.conftest import browser, default_site


def test_sidebar_shows_placeholders_and_loads_the_figures_by_a_same_origin_script(
    article,
):
    with translation.override("en"):
        html = browser().get(article.url).content.decode()
    box = BeautifulSoup(html, "html.parser").find(id="site-stats")
    assert box.find("h2").get_text() == "Visit statistics"
    assert box["data-url"] == "/stats/figures.json"
    cells = box.select("[data-stat]")
    assert [cell["data-stat"] for cell in cells] == ["visits", "page_views", "online"]
    assert {cell.get_text() for cell in cells} == {"–"}
    # Code only: JSON-LD data blocks (the page's metadata) are never run.
    scripts = [
        script
        for script in BeautifulSoup(html, "html.parser").find_all("script")
        if script.get("type", "text/javascript") == "text/javascript"
    ]
    assert "/static/stats/footer-stats.js" in [s.get("src") for s in scripts]
    assert box.find_parent("aside", class_="sidebar") is not None
    # CSP script-src 'self': same-origin files; the only inline code is the
    # reader controls' script, which the CSP names by its hash (cms/reader.py).
    inline = [s.string for s in scripts if not s.get("src")]
    assert inline == [reader.HEAD_SCRIPT]
    assert all(s["src"].startswith("/static/") for s in scripts if s.get("src"))
    assert box.find("noscript").find("a")["href"] == "/stats/"


def test_figures_endpoint_returns_current_totals_with_starting_figures(
    article, backend
):
    StatsSettings.objects.create(
        site=default_site(), initial_visits=1_234_567, initial_page_views=10_982_994
    )
    browser("203.0.113.1").get(article.url)
    browser("203.0.113.2").get(article.url)
    counting.flush()
    browser("203.0.113.2").get(article.url)  # not flushed yet: still counted

    counting.get_counter().figures_cache.clear()
    response = browser().get("/stats/figures.json")

    assert response.status_code == 200
    assert response.json() == {
        "visits": 1_234_567 + 2,
        "page_views": 10_982_994 + 3,
        "online": 2,
    }
    assert "max-age=10" in response["Cache-Control"]


def test_figures_endpoint_reads_the_database_at_most_once_every_few_seconds(
    home_page, django_assert_num_queries
):
    client = browser()
    client.get("/stats/figures.json")
    with django_assert_num_queries(0):
        assert client.get("/stats/figures.json").status_code == 200


def test_figures_endpoint_answers_only_get_and_head(home_page):
    assert browser().post("/stats/figures.json").status_code == 405


def test_figures_page_works_without_javascript(home_page):
    StatsSettings.objects.create(site=default_site(), initial_page_views=10_982_994)
    with translation.override("vi"):
        response = browser().get("/stats/")
    assert response.status_code == 200
    assert "10.982.994" in response.content.decode()


def test_view_counts_gives_every_requested_page_a_figure(article, news_index):
    browser().get(article.url)
    browser().get(article.url)
    counting.flush()
    assert view_counts([article.pk, news_index.pk]) == {article.pk: 2, news_index.pk: 0}


def test_view_count_field_reads_a_whole_listing_in_one_query(
    article, news_index, django_assert_num_queries
):
    from rest_framework import serializers

    from tests.factories import NewsArticlePageFactory

    other = NewsArticlePageFactory(parent=news_index)
    browser().get(article.url)
    counting.flush()

    class Item(serializers.Serializer):
        view_count = ViewCountField()

    with django_assert_num_queries(1):
        data = Item([article, other], many=True).data
    assert [item["view_count"] for item in data] == [1, 0]


def test_api_stats_view_returns_the_totals_and_rejects_unknown_parameters(article, rf):
    from stats.api import stats_view

    StatsSettings.objects.create(site=default_site(), initial_page_views=10_982_994)
    browser().get(article.url)
    counting.flush()

    response = stats_view(rf.get("/api/v2/stats/"))
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "visits": 1,
        "page_views": 10_982_995,
        "online": 1,
    }
    bad = stats_view(rf.get("/api/v2/stats/?limit=5"))
    assert bad.status_code == 400
    assert "limit" in json.loads(bad.content)["message"]


def test_an_officer_sets_the_old_portals_totals_in_the_settings(
    admin_client, home_page
):
    form = admin_client.get("/admin/settings/stats/statssettings/", follow=True)
    assert form.status_code == 200
    url = form.redirect_chain[-1][0]
    response = admin_client.post(
        url, {"initial_visits": "1234567", "initial_page_views": "10982994"}
    )
    assert response.status_code == 302
    assert counting.figures(fresh=True)["page_views"] == 10_982_994
    assert counting.figures(fresh=True)["visits"] == 1_234_567


def test_negative_starting_totals_are_refused_with_a_form_error(
    admin_client, home_page
):
    form = admin_client.get("/admin/settings/stats/statssettings/", follow=True)
    url = form.redirect_chain[-1][0]
    response = admin_client.post(
        url, {"initial_visits": "-5", "initial_page_views": "0"}
    )
    assert response.status_code == 200
    assert StatsSettings.objects.filter(initial_visits=-5).count() == 0


def test_api_serves_the_site_totals_at_api_v2_stats(client, home_page):
    StatsSettings.objects.create(
        site=default_site(), initial_page_views=10_982_994, initial_visits=42
    )
    response = client.get("/api/v2/stats/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["page_views"] == 10_982_994
    assert body["visits"] == 42
    assert client.get("/api/v2/stats/?order=x").status_code == 400


def test_each_portal_shows_its_own_starting_totals_and_counts(portals, backend):
    from tests.factories import NewsArticlePageFactory

    StatsSettings.objects.create(
        site=portals.sites["a"], initial_visits=2_643, initial_page_views=10_982_994
    )
    StatsSettings.objects.create(
        site=portals.sites["b"], initial_visits=5, initial_page_views=50
    )
    article = NewsArticlePageFactory(parent=portals.news["a"])
    path = article.get_url_parts()[2]
    browser("203.0.113.1").get(path, HTTP_HOST="xa-a.localhost")
    browser("203.0.113.2").get(path, HTTP_HOST="xa-a.localhost")
    browser("203.0.113.3").get("/", HTTP_HOST="xa-b.localhost")
    counting.flush()
    browser("203.0.113.2").get(path, HTTP_HOST="xa-a.localhost")  # not flushed yet

    def shown(host, url):
        response = browser().get(url, HTTP_HOST=host)
        assert response.status_code == 200
        return response.json()

    expected_a = {"visits": 2_643 + 2, "page_views": 10_982_994 + 3, "online": 2}
    assert shown("xa-a.localhost", "/stats/figures.json") == expected_a
    assert shown("xa-a.localhost", "/api/v2/stats/") == expected_a
    expected_b = {"visits": 5 + 1, "page_views": 50 + 1, "online": 1}
    assert shown("xa-b.localhost", "/stats/figures.json") == expected_b
    assert shown("xa-b.localhost", "/api/v2/stats/") == expected_b
    province = {"visits": 0, "page_views": 0, "online": 0}
    assert shown("localhost", "/stats/figures.json") == province
    with translation.override("vi"):
        page = browser().get("/stats/", HTTP_HOST="xa-a.localhost")
    assert "10.982.997" in page.content.decode()


def test_a_portals_footer_figures_cost_three_queries_then_none(
    portals, django_assert_num_queries
):
    client = browser()
    client.get("/", HTTP_HOST="xa-b.localhost")  # the portal directory is loaded
    # Totals, starting totals, visitors online; nothing per portal.
    with django_assert_num_queries(3):
        client.get("/stats/figures.json", HTTP_HOST="xa-a.localhost")
    with django_assert_num_queries(0):
        client.get("/stats/figures.json", HTTP_HOST="xa-a.localhost")
    with django_assert_num_queries(3):
        client.get("/stats/figures.json", HTTP_HOST="xa-b.localhost")
