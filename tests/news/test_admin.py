"""What communications officers see when they edit pages."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from news.models import EventPage, NewsArticlePage, OfficialPage
from tests import factories


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser(
        "bientap", "bientap@example.gov.vn", "mat-khau-dai-12345"
    )
    client.force_login(user)
    return client


@pytest.fixture
def pages(news_index, official_index, event_index):
    return {
        NewsArticlePage: factories.NewsArticlePageFactory(parent=news_index),
        OfficialPage: factories.OfficialPageFactory(parent=official_index),
        EventPage: factories.EventPageFactory(parent=event_index),
    }


@pytest.mark.parametrize("model", [NewsArticlePage, OfficialPage, EventPage])
def test_page_editor_is_split_into_tabs(editor_client, pages, model):
    with translation.override("en"):
        response = editor_client.get(f"/admin/pages/{pages[model].pk}/edit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    tabs = [t.get_text(strip=True) for t in soup.select("[role=tablist] [role=tab]")]
    assert len(tabs) >= 3
    assert tabs[0].startswith("Content")


def test_article_fields_explain_themselves(editor_client, pages):
    with translation.override("en"):
        response = editor_client.get(f"/admin/pages/{pages[NewsArticlePage].pk}/edit/")
    html = response.content.decode()
    for help_text in (
        "Leave empty to use the date of first publication.",
        "Plain text, at most 300 characters",
        "The latest featured article leads the home page.",
    ):
        assert help_text in html


def test_articles_are_listed_in_the_admin_with_date_and_category(
    editor_client, news_index, django_assert_max_num_queries
):
    category = factories.CategoryFactory(name="Kinh tế")
    factories.NewsArticlePageFactory(
        parent=news_index,
        title="Bài có chuyên mục",
        category=category,
        date=datetime.datetime(2022, 6, 23, 9, tzinfo=datetime.UTC),
    )
    with translation.override("en"):
        response = editor_client.get("/admin/news_articles/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    assert any("Publish date" in h for h in headers)
    assert any("Category" in h for h in headers)
    [row] = soup.select("table tbody tr")
    assert "Bài có chuyên mục" in row.get_text()
    assert "Kinh tế" in row.get_text()
    assert row.find("time", datetime="2022-06-23T16:00:00+07:00")


def test_article_listing_shows_the_publish_date_not_how_long_ago(
    editor_client, news_index
):
    article = factories.NewsArticlePageFactory(
        parent=news_index, date=datetime.datetime(2022, 6, 23, 9, tzinfo=datetime.UTC)
    )
    # Last edited three months ago, as the explorer reads it.
    edited = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=95)
    article.save_revision()
    article.revisions.update(created_at=edited)
    NewsArticlePage.objects.filter(pk=article.pk).update(
        latest_revision_created_at=edited
    )
    with translation.override("vi"):
        listing = editor_client.get("/admin/news_articles/")
        explorer = editor_client.get(f"/admin/pages/{news_index.pk}/")
    [row] = BeautifulSoup(listing.content, "html.parser").select("table tbody tr")
    assert row.find("time", datetime="2022-06-23T16:00:00+07:00").text == "23/06/2022"
    # The explorer's "Cập nhật" column says how long ago, in Vietnamese.
    [row] = BeautifulSoup(explorer.content, "html.parser").select("table tbody tr")
    assert "3\xa0tháng trước" in row.get_text(" ", strip=True)


def test_admin_article_listing_filters_by_category(editor_client, news_index):
    economy = factories.CategoryFactory(name="Kinh tế")
    factories.NewsArticlePageFactory(parent=news_index, title="KT", category=economy)
    factories.NewsArticlePageFactory(parent=news_index, title="Khác")
    response = editor_client.get(f"/admin/news_articles/?category={economy.pk}")
    rows = BeautifulSoup(response.content, "html.parser").select("table tbody tr")
    assert len(rows) == 1
    assert "KT" in rows[0].get_text()
