"""Under an article: the newest others of its section and category."""

import pytest
from bs4 import BeautifulSoup

from tests import factories
from tests.conftest import on_portal, restrict

pytestmark = pytest.mark.django_db


def same_category_titles(client, article):
    path, headers = on_portal(article)
    html = client.get(path, **headers).content.decode()
    box = BeautifulSoup(html, "html.parser").select_one(".same-category")
    return [a.get_text() for a in box.select("a")] if box else []


@pytest.fixture
def category():
    return factories.CategoryFactory(name="Kinh tế")


def test_lists_other_articles_of_the_same_category_newest_first(
    client, news_index, category
):
    article = factories.NewsArticlePageFactory(parent=news_index, category=category)
    older = factories.NewsArticlePageFactory(
        parent=news_index, category=category, title="Cũ hơn"
    )
    older.date = article.date.replace(year=article.date.year - 1)
    older.save_revision().publish()
    newer = factories.NewsArticlePageFactory(
        parent=news_index, category=category, title="Mới hơn"
    )
    factories.NewsArticlePageFactory(
        parent=news_index, category=factories.CategoryFactory(), title="Khác mục"
    )

    assert same_category_titles(client, article) == [newer.title, older.title]


def test_drafts_private_and_expired_articles_are_left_out(client, news_index, category):
    article = factories.NewsArticlePageFactory(parent=news_index, category=category)
    factories.NewsArticlePageFactory(
        parent=news_index, category=category, title="Bản nháp", live=False
    )
    private = factories.NewsArticlePageFactory(
        parent=news_index, category=category, title="Riêng tư"
    )
    restrict(private)
    shown = factories.NewsArticlePageFactory(
        parent=news_index, category=category, title="Công khai"
    )

    assert same_category_titles(client, article) == [shown.title]


def test_another_portals_articles_are_never_listed(client, portals, category):
    article = factories.NewsArticlePageFactory(
        parent=portals.news["a"], category=category
    )
    factories.NewsArticlePageFactory(
        parent=portals.news["b"], category=category, title="Của xã Bình"
    )
    mine = factories.NewsArticlePageFactory(
        parent=portals.news["a"], category=category, title="Của xã An"
    )

    assert same_category_titles(client, article) == [mine.title]


def test_an_article_without_a_category_lists_none(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    factories.NewsArticlePageFactory(parent=news_index)
    assert same_category_titles(client, article) == []


def test_the_list_costs_one_query_and_is_bounded(
    news_index, category, django_assert_num_queries
):
    article = factories.NewsArticlePageFactory(parent=news_index, category=category)
    for _ in range(8):
        factories.NewsArticlePageFactory(parent=news_index, category=category)

    with django_assert_num_queries(1):
        found = article.same_category_articles()
    assert len(found) == 5
    assert article not in found
