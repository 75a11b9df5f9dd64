"""RSS 2.0 of a news index at <index>/feed/."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup

from tests import factories
from tests.conftest import on_portal, restrict, unpublish

BASE = datetime.datetime(2026, 3, 1, 8, 30, tzinfo=datetime.UTC)


def feed_items(client, index):
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.find("channel"), root.find("channel").findall("item")


def test_feed_lists_the_latest_twenty_articles_newest_first(client, news_index):
    for day in range(25):
        factories.NewsArticlePageFactory(
            parent=news_index,
            title=f"Tin ngày {day}",
            date=BASE + datetime.timedelta(days=day),
        )
    channel, items = feed_items(client, news_index)
    assert channel.findtext("title") == news_index.title
    assert [item.findtext("title") for item in items] == [
        f"Tin ngày {day}" for day in range(24, 4, -1)
    ]


def test_feed_items_have_absolute_links_and_rfc822_dates(client, news_index):
    category = factories.CategoryFactory(name="Kinh tế")
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        date=BASE,
        summary="Tóm tắt kinh tế.",
        category=category,
        author="Thị Thoang",
    )
    channel, [item] = feed_items(client, news_index)
    assert channel.findtext("link").startswith("http://")
    link = item.findtext("link")
    assert link.startswith("http://") and link.endswith(article.url)
    assert item.findtext("guid") == link
    assert item.findtext("description") == "Tóm tắt kinh tế."
    assert item.findtext("category") == "Kinh tế"
    # RFC 822 and the same instant as the publish date.
    assert parsedate_to_datetime(item.findtext("pubDate")) == BASE
    assert item.findtext("pubDate").endswith("+0700")


def test_feed_carries_the_hero_image_as_an_absolute_enclosure(client, news_index):
    factories.NewsArticlePageFactory(
        parent=news_index, hero_image=factories.ImageFactory()
    )
    _, [item] = feed_items(client, news_index)
    enclosure = item.find("enclosure")
    # The portal's own address (its Site record), as the item links.
    assert enclosure.get("url").startswith("http://localhost/media/")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_articles_are_not_in_the_feed(client, news_index, hide):
    shown = factories.NewsArticlePageFactory(parent=news_index, title="Công khai")
    hidden = factories.NewsArticlePageFactory(parent=news_index, title="Bí mật")
    hide(hidden)
    _, items = feed_items(client, news_index)
    assert [item.findtext("title") for item in items] == [shown.title]


def test_feed_of_a_private_index_is_not_served(client, news_index):
    factories.NewsArticlePageFactory(parent=news_index, title="Bí mật")
    restrict(news_index)
    response = client.get(news_index.url + "feed/")
    assert response.status_code == 200
    assert b"<rss" not in response.content
    assert "Bí mật" not in response.content.decode()


def test_article_without_explicit_date_uses_first_publication(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index, date=None, live=False)
    assert article.date is None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.date == article.first_published_at
    _, [item] = feed_items(client, news_index)
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.date.replace(
        microsecond=0
    )


def discovered_feeds(client, path, **headers):
    soup = BeautifulSoup(client.get(path, **headers).content, "html.parser")
    return [
        link["href"]
        for link in soup.head.find_all("link", rel="alternate")
        if link["type"] == "application/rss+xml"
    ]


def test_home_page_and_articles_announce_their_portals_news_feed(client, portals):
    for key, host in (("a", "xa-a.localhost"), ("b", "xa-b.localhost")):
        article = factories.NewsArticlePageFactory(parent=portals.news[key])
        path, headers = on_portal(article)
        assert discovered_feeds(client, "/", HTTP_HOST=host) == ["/tin-tuc/feed/"]
        assert discovered_feeds(client, path, **headers) == ["/tin-tuc/feed/"]
        feed = client.get("/tin-tuc/feed/", HTTP_HOST=host)
        assert feed["Content-Type"].startswith("application/rss+xml")
        assert article.title in feed.content.decode()


def test_a_home_page_without_news_announces_no_feed(client, home_page):
    assert discovered_feeds(client, "/") == []
