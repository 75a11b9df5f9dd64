""" "Tin cơ sở": the province portal lists and features its communes' news,
linking to each article on its own portal."""

import datetime

from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from cms.models import SiteSettings
from cms.portals import COMMUNE
from news.models import LocalNewsFeature, LocalNewsIndexPage
from tests import factories
from tests.conftest import restrict

DAY = datetime.timedelta(days=1)


def article(parent, title, days_ago=0, **kwargs):
    return factories.NewsArticlePageFactory(
        parent=parent,
        title=title,
        date=timezone.now() - days_ago * DAY,
        **kwargs,
    )


def add_commune(key):
    """One more commune portal, as the `portals` fixture makes them."""
    home = factories.HomePageFactory(
        parent=Page.get_first_root_node(), title=f"Trang chủ xã {key}", slug=f"xa-{key}"
    )
    site = Site.objects.create(hostname=f"xa-{key}.localhost", port=80, root_page=home)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={"agency_name": f"Ủy ban nhân dân xã {key}", "level": COMMUNE},
    )
    return factories.NewsIndexPageFactory(parent=home, slug="tin-tuc")


@pytest.fixture
def local_index(portals):
    return factories.LocalNewsIndexPageFactory(
        parent=portals.province_home, slug="tin-co-so", title="Tin cơ sở"
    )


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_province_home_lists_commune_news_newest_first_with_portal_and_own_url(
    client, portals
):
    article(portals.news["a"], "Xã An khánh thành cầu", days_ago=2, slug="cau")
    article(portals.news["b"], "Xã Bình gặt lúa sớm", days_ago=1, slug="lua")
    article(portals.province_news, "Tỉnh họp báo quý")

    page = html(client.get("/"))
    section = page.split('id="local-news-title"')[1].split("</section>")[0]

    assert section.index("Xã Bình gặt lúa sớm") < section.index("Xã An khánh thành cầu")
    assert 'href="http://xa-a.localhost/tin-tuc/cau/"' in section
    assert 'href="http://xa-b.localhost/tin-tuc/lua/"' in section
    assert "xã An</span>" in section and "xã Bình</span>" in section
    assert "Tỉnh họp báo quý" not in section


def test_commune_home_shows_no_local_news(client, portals):
    article(portals.news["b"], "Xã Bình gặt lúa sớm")

    page = html(client.get("/", HTTP_HOST="xa-a.localhost"))

    assert 'id="local-news-title"' not in page
    assert "Xã Bình gặt lúa sớm" not in page


def test_province_home_shows_the_latest_six(client, portals):
    for n in range(8):
        article(portals.news["a"], f"Tin xã số {n}", days_ago=n)

    page = html(client.get("/"))

    assert all(f"Tin xã số {n}<" in page for n in range(6))
    assert "Tin xã số 6<" not in page and "Tin xã số 7<" not in page


@pytest.mark.parametrize(
    "hide",
    ["draft", "unpublished", "expired", "private", "private_section", "private_portal"],
)
def test_articles_the_public_may_not_see_are_never_listed(client, portals, hide):
    news = portals.news["a"]
    if hide == "draft":
        article(news, "Tin bị ẩn", live=False)
    elif hide == "unpublished":
        article(news, "Tin bị ẩn").unpublish()
    elif hide == "expired":
        article(news, "Tin bị ẩn", expire_at=timezone.now() - DAY)
    elif hide == "private":
        restrict(article(news, "Tin bị ẩn"))
    elif hide == "private_section":
        article(news, "Tin bị ẩn")
        restrict(news, PageViewRestriction.LOGIN)
    else:
        article(news, "Tin bị ẩn")
        restrict(portals.homes["a"])
    local = factories.LocalNewsIndexPageFactory(parent=portals.province_home)

    assert "Tin bị ẩn" not in html(client.get("/"))
    assert "Tin bị ẩn" not in html(client.get(local.url))


def test_local_news_page_pages_through_every_commune_newest_first(
    client, portals, local_index
):
    local_index.page_size = 2
    local_index.save_revision().publish()
    article(portals.news["a"], "Tin một", days_ago=1)
    article(portals.news["b"], "Tin hai", days_ago=2)
    article(portals.news["a"], "Tin ba", days_ago=3)

    first = html(client.get(local_index.url))
    second = html(client.get(local_index.url, {"page": 2}))

    assert first.index("Tin một") < first.index("Tin hai")
    assert "Tin ba" not in first
    assert "Tin ba" in second and "Tin một" not in second
    assert 'href="http://xa-a.localhost/tin-tuc/' in second


def test_local_news_page_filters_by_portal(client, portals, local_index):
    article(portals.news["a"], "Tin xã An")
    article(portals.news["b"], "Tin xã Bình")

    page = html(client.get(local_index.url, {"portal": portals.sites["b"].pk}))

    assert "Tin xã Bình" in page
    assert "Tin xã An" not in page
    assert f'value="{portals.sites["b"].pk}" selected' in page


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "99999999999999", "1e3", "\x00", "%00", "province"]
)
def test_a_bad_portal_filter_is_ignored(client, portals, local_index, value):
    article(portals.news["a"], "Tin xã An")
    article(portals.news["b"], "Tin xã Bình")
    if value == "province":
        value = str(portals.province.pk)

    page = html(client.get(local_index.url, {"portal": value}))

    assert "Tin xã An" in page and "Tin xã Bình" in page


def test_featured_articles_come_first_and_link_to_their_portal(
    client, portals, local_index
):
    old = article(portals.news["b"], "Tin cũ nổi bật", days_ago=30, slug="cu")
    article(portals.news["a"], "Tin mới", days_ago=0)
    LocalNewsFeature.objects.create(index=local_index, article=old)

    for url in ("/", local_index.url):
        page = html(client.get(url))
        assert page.index("Tin cũ nổi bật") < page.index("Tin mới"), url
        assert 'href="http://xa-b.localhost/tin-tuc/cu/"' in page, url
        assert "Nổi bật" in page, url
    # A link, never a copy: nothing of the article lives on the province.
    assert not Page.objects.filter(title="Tin cũ nổi bật").exclude(pk=old.pk).exists()


def test_every_featured_article_shows_on_the_home_page_even_past_six(
    client, portals, local_index
):
    for n in range(7):
        LocalNewsFeature.objects.create(
            index=local_index,
            article=article(portals.news["a"], f"Tin chọn {n}", days_ago=30),
            sort_order=n,
        )
    article(portals.news["b"], "Tin mới nhất")

    page = html(client.get("/"))

    positions = [page.index(f"Tin chọn {n}<") for n in range(7)]
    assert positions == sorted(positions)
    assert "Tin mới nhất" not in page


@pytest.mark.parametrize("hide", ["unpublished", "private", "expired"])
def test_a_featured_article_hidden_later_disappears(client, portals, local_index, hide):
    featured = article(portals.news["a"], "Tin nổi bật bị ẩn")
    LocalNewsFeature.objects.create(index=local_index, article=featured)
    assert "Tin nổi bật bị ẩn" in html(client.get("/"))

    if hide == "unpublished":
        featured.unpublish()
    elif hide == "private":
        restrict(featured)
    else:
        Page.objects.filter(pk=featured.pk).update(expire_at=timezone.now() - DAY)

    assert "Tin nổi bật bị ẩn" not in html(client.get("/"))
    assert "Tin nổi bật bị ẩn" not in html(client.get(local_index.url))


def test_featuring_is_a_page_edit_that_shows_only_once_published(
    client, portals, local_index
):
    chosen = article(portals.news["a"], "Tin được chọn", days_ago=90)
    for n in range(6):
        article(portals.news["b"], f"Tin mới {n}")
    local_index.featured_articles.add(LocalNewsFeature(article=chosen))
    revision = local_index.save_revision()

    assert "Tin được chọn" not in html(client.get("/"))

    revision.publish()

    assert "Tin được chọn" in html(client.get("/"))


def test_only_a_commune_article_can_be_featured(portals, local_index):
    own = article(portals.province_news, "Tin của tỉnh")

    with pytest.raises(ValidationError) as error:
        LocalNewsFeature(index=local_index, article=own).full_clean()

    assert "article" in error.value.message_dict
    LocalNewsFeature(
        index=local_index, article=article(portals.news["a"], "Tin xã")
    ).full_clean()


def test_local_news_page_can_be_made_only_under_the_province_home(portals):
    assert LocalNewsIndexPage.can_create_at(portals.province_home)
    assert not LocalNewsIndexPage.can_create_at(portals.homes["a"])


def test_local_news_page_is_one_per_site(portals, local_index):
    assert not LocalNewsIndexPage.can_create_at(portals.province_home)


def test_api_shows_the_local_news_page_with_its_featured_articles(
    client, portals, local_index
):
    shown = article(portals.news["a"], "Tin được chọn", slug="chon")
    hidden = article(portals.news["b"], "Tin đã gỡ")
    LocalNewsFeature.objects.create(index=local_index, article=shown, sort_order=0)
    LocalNewsFeature.objects.create(index=local_index, article=hidden, sort_order=1)
    hidden.unpublish()

    response = client.get(
        "/api/v2/pages/", {"type": "news.LocalNewsIndexPage", "fields": "*"}
    )

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["meta"]["type"] == "news.LocalNewsIndexPage"
    assert item["intro"] == "" and item["page_size"] == 12
    assert item["featured_articles"] == [
        {
            "id": shown.pk,
            "title": "Tin được chọn",
            "url": "http://xa-a.localhost/tin-tuc/chon/",
            "date": shown.date.isoformat(),
            "portal": {
                "site_id": portals.sites["a"].pk,
                "name": "xã An",
                "url": "http://xa-a.localhost",
            },
        }
    ]
    detail = client.get(f"/api/v2/pages/{local_index.pk}/").json()
    assert [a["id"] for a in detail["featured_articles"]] == [shown.pk]
    schema = client.get("/api/v2/schema/").json()["components"]["schemas"]
    properties = schema["news.LocalNewsIndexPage"]["properties"]
    assert {"intro", "page_size", "featured_articles"} <= set(properties)


# A whole uncached request (routing, settings, menu, footer, statistics, the
# sidebar: fragments are off in tests, in production it is one cached
# fragment per portal): the same with 2 and with 5 commune portals. The home
# page's sidebar leaves out the leaders it lists itself.
QUERIES = {"home": 16, "local_index": 15}


def warm_and_count(client, url, django_assert_max_num_queries):
    client.get(url)  # the portal directory and settings are read once
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["home", "local_index"])
def test_queries_do_not_grow_with_the_number_of_portals(
    client, portals, local_index, url, django_assert_max_num_queries
):
    image = factories.ImageFactory()
    target = "/" if url == "home" else local_index.url

    def fill(news):
        for n in range(3):
            article(news, f"Tin {n}", days_ago=n, hero_image=image)
        LocalNewsFeature.objects.create(
            index=local_index, article=article(news, "Tin chọn", days_ago=40)
        )

    fill(portals.news["a"])
    fill(portals.news["b"])
    with_two = warm_and_count(client, target, django_assert_max_num_queries)
    for key in ("c", "d", "e"):
        fill(add_commune(key))
    with_five = warm_and_count(client, target, django_assert_max_num_queries)

    assert with_two == with_five == QUERIES[url]


def test_local_news_listings_are_one_query_each(
    portals, local_index, django_assert_num_queries
):
    from news.models.local_news import front_page_items, local_articles

    image = factories.ImageFactory()
    for key in ("a", "b"):
        chosen = article(portals.news[key], "Tin chọn", hero_image=image)
        LocalNewsFeature.objects.create(index=local_index, article=chosen)
        article(portals.news[key], "Tin thường")
    for key in ("c", "d", "e"):
        article(add_commune(key), "Tin xã mới")
    local_articles().count()  # reads the portal directory

    with django_assert_num_queries(1):
        assert len(list(local_articles())) == 7
    with django_assert_num_queries(2):
        items = front_page_items(portals.province_home, local_index)
    assert [item.featured for item in items] == [True, True] + [False] * 4
    # The featured rows with their articles, then their images' renditions.
    with django_assert_num_queries(2):
        assert len(local_index.featured_items()) == 2


def test_without_commune_portals_the_home_page_runs_no_extra_query(
    home_page, django_assert_num_queries
):
    from news.models.local_news import front_page_items

    front_page_items(home_page)
    with django_assert_num_queries(0):
        assert front_page_items(home_page) == []


class TestCaches:
    @pytest.fixture(autouse=True)
    def caches_on(self, settings):
        settings.PAGE_CACHE_SECONDS = 300
        settings.FRAGMENT_CACHE_SECONDS = 300

    def test_a_commune_publish_shows_at_once_and_leaves_other_communes_cached(
        self, portals, local_index, django_capture_on_commit_callbacks
    ):
        client = Client()
        pages = [("localhost", "/"), ("localhost", local_index.url)]
        for host, url in [*pages, ("xa-b.localhost", "/")]:
            client.get(url, HTTP_HOST=host)
            assert client.get(url, HTTP_HOST=host)["X-Cache"] == "HIT"

        fresh = factories.NewsArticlePageFactory(
            parent=portals.news["a"], title="Xã An đón bằng nông thôn mới", live=False
        )
        with django_capture_on_commit_callbacks(execute=True):
            fresh.save_revision().publish()

        for host, url in pages:
            response = client.get(url, HTTP_HOST=host)
            assert response["X-Cache"] == "MISS", url
            assert "Xã An đón bằng nông thôn mới" in response.content.decode(), url
        assert client.get("/", HTTP_HOST="xa-b.localhost")["X-Cache"] == "HIT"


def create_through_admin(client, parent, featured):
    from django.urls import reverse

    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return client.post(
        reverse(
            "wagtailadmin_pages:add", args=("news", "localnewsindexpage", parent.pk)
        ),
        nested_form_data(
            {
                "title": "Tin cơ sở",
                "slug": "tin-co-so",
                "intro": "",
                "page_size": 12,
                "featured_articles": inline_formset(
                    [{"article": page.pk} for page in featured]
                ),
                "action-publish": "publish",
            }
        ),
    )


def test_an_officer_features_a_commune_article_in_the_admin(admin_client, portals):
    chosen = article(portals.news["a"], "Tin được chọn", days_ago=90)

    response = create_through_admin(admin_client, portals.province_home, [chosen])

    assert response.status_code == 302
    index = LocalNewsIndexPage.objects.get()
    assert [f.article_id for f in index.featured_articles.all()] == [chosen.pk]
    assert "Tin được chọn" in html(Client().get("/"))


def test_the_admin_refuses_to_feature_a_province_article(admin_client, portals):
    own = article(portals.province_news, "Tin của tỉnh")

    response = create_through_admin(admin_client, portals.province_home, [own])

    assert response.status_code == 200
    assert "Hãy chọn một bài của cổng thông tin xã, phường." in html(response)
    assert not LocalNewsIndexPage.objects.exists()
