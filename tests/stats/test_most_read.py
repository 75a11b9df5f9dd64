"""The most read articles of the week and the month, on the home page and the
news index; never a draft or private page."""

import datetime

from django.utils import timezone, translation

from wagtail.models import PageViewRestriction

from bs4 import BeautifulSoup

from stats.models import DailyPageStat
from stats.most_read import most_read
from tests.conftest import restrict
from tests.factories import NewsArticlePageFactory
from tests.stats.conftest import browser


def views(page, count, days_ago=0):
    DailyPageStat.objects.create(
        page=page,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        views=count,
    )


def test_most_read_orders_articles_by_views_within_the_period(news_index):
    popular, steady, old = (
        NewsArticlePageFactory(parent=news_index, title=title)
        for title in ("Được đọc nhiều", "Đọc đều", "Tin cũ")
    )
    views(popular, 50)
    views(steady, 10)
    views(steady, 10, days_ago=3)
    views(old, 500, days_ago=20)

    assert [(p.pk, n) for p, n in most_read(7)] == [(popular.pk, 50), (steady.pk, 20)]
    assert [p.pk for p, _ in most_read(30)] == [old.pk, popular.pk, steady.pk]


def test_most_read_never_lists_draft_or_private_pages(news_index):
    public = NewsArticlePageFactory(parent=news_index)
    private = NewsArticlePageFactory(parent=news_index)
    withdrawn = NewsArticlePageFactory(parent=news_index)
    for page in (public, private, withdrawn):
        views(page, 5)
    restrict(private, kind=PageViewRestriction.LOGIN)
    withdrawn.unpublish()

    assert [p.pk for p, _ in most_read(7)] == [public.pk]


def test_home_page_and_news_index_show_the_most_read_section(
    home_page, news_index, django_assert_max_num_queries
):
    article = NewsArticlePageFactory(parent=news_index, title="Bài được đọc nhiều")
    views(article, 7)
    for page in (home_page, news_index):
        with translation.override("en"):
            html = browser().get(page.url).content.decode()
        section = BeautifulSoup(html, "html.parser").find(class_="most-read")
        assert section.find("h2").get_text() == "Most read"
        assert [h.get_text() for h in section.find_all("h3")] == [
            "This week",
            "This month",
        ]
        link = section.find("a")
        assert (link.get_text(), link["href"]) == (article.title, article.url)


def test_most_read_lists_are_cached_between_requests(
    home_page, news_index, django_assert_max_num_queries
):
    from django.template import Context, Template
    from django.test import RequestFactory

    views(NewsArticlePageFactory(parent=news_index), 3)
    template = Template("{% load portal_tags %}{% aside_panels %}")
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    template.render(Context({"request": request}))
    with django_assert_max_num_queries(1):
        html = template.render(Context({"request": request}))
    assert "most-read" in html


def test_a_page_made_private_leaves_the_cached_lists_at_once(home_page, news_index):
    article = NewsArticlePageFactory(parent=news_index, title="Sắp thành riêng tư")
    views(article, 3)
    assert article.title in browser().get(home_page.url).content.decode()
    restrict(article, kind=PageViewRestriction.LOGIN)
    assert article.title not in browser().get(home_page.url).content.decode()


def test_no_most_read_section_before_anything_is_read(home_page):
    html = browser().get(home_page.url).content.decode()
    assert "most-read" not in html


def test_each_portal_lists_its_own_most_read_pages_only(portals):
    read = {}
    for key, count in (("a", 5), ("b", 50)):
        read[key] = NewsArticlePageFactory(
            parent=portals.news[key], title=f"Tin đọc nhiều của xã {key.upper()}"
        )
        views(read[key], count)
    province = NewsArticlePageFactory(parent=portals.province_news, title="Tin tỉnh")
    views(province, 500)

    assert [p.pk for p, _ in most_read(7, site=portals.sites["a"])] == [read["a"].pk]
    assert [p.pk for p, _ in most_read(7, site=portals.sites["b"])] == [read["b"].pk]
    for key, other in (("a", "b"), ("b", "a")):
        html = browser().get("/", HTTP_HOST=f"xa-{key}.localhost").content.decode()
        section = BeautifulSoup(html, "html.parser").find(class_="most-read")
        titles = {link.get_text() for link in section.find_all("a")}
        assert titles == {read[key].title}
        assert read[other].title not in html
        assert province.title not in html
