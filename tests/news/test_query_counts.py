"""Listings cost a fixed number of queries, however much content there is.

Each page is requested once to warm the caches (site root paths, image
renditions made on first view), then counted. The count with 50 items must
equal the count with 5, and stay within 20: the sidebar beside every page
takes 4 of them (newest documents, the week's events, leaders and their
positions) when its fragment is not kept, as in tests (docs/design.md).
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from news.models import ArticleOfficial, ArticleRelatedPage, EventParticipant
from tests import factories

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_QUERIES = 20


def queries(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def small_image():
    # Small files keep the rendition work (and the test) fast.
    return factories.ImageFactory(file=factories.image_file(120, 80))


class World:
    """A portal with n articles, officials and events, all with images."""

    def __init__(self, news_index, official_index, event_index):
        self.news_index = news_index
        self.official_index = official_index
        self.event_index = event_index
        self.organizations = [factories.OrganizationFactory() for _ in range(3)]
        self.categories = [factories.CategoryFactory() for _ in range(3)]
        self.article = factories.NewsArticlePageFactory(
            parent=news_index, hero_image=small_image(), category=self.categories[0]
        )
        self.article.tags.add("kinh tế")
        self.article.save_revision().publish()
        self.size = 0

    def grow(self, size):
        now = timezone.now()
        for n in range(self.size, size):
            official = factories.OfficialPageFactory(
                parent=self.official_index, photo=small_image(), sort_order=n
            )
            for org in self.organizations[: 1 + n % 2]:
                factories.OfficialPositionFactory(page=official, organization=org)
            factories.OfficialPositionFactory(
                page=official,
                organization=self.organizations[2],
                end_date=datetime.date(2025, 12, 31),
                start_date=datetime.date(2020, 1, 1),
            )
            article = factories.NewsArticlePageFactory(
                parent=self.news_index,
                hero_image=small_image(),
                category=self.categories[n % 3],
                featured=n % 7 == 0,
                date=now - datetime.timedelta(hours=n + 1),
            )
            ArticleOfficial.objects.create(page=article, official=official)
            ArticleOfficial.objects.create(page=self.article, official=official)
            ArticleRelatedPage.objects.create(page=self.article, target=article)
            event = factories.EventPageFactory(
                parent=self.event_index,
                hero_image=small_image(),
                organizer=self.organizations[n % 3],
                start=now + datetime.timedelta(days=n + 1),
            )
            EventParticipant.objects.create(page=event, official=official)
        self.size = size

    def urls(self):
        return {
            "home": "/",
            "news index": self.news_index.url,
            "article": self.article.url,
            "officials index": self.official_index.url,
            "events index": self.event_index.url,
            "past events": self.event_index.url + "past/",
            "official": self.official_index.get_children().live().first().url,
            "event": self.event_index.get_children().live().first().url,
            "rss": self.news_index.url + "feed/",
            "ical": self.event_index.url + "ical/",
        }


@pytest.fixture
def world(news_index, official_index, event_index, settings):
    # Room for every rendition: the default local-memory cache culls at 300
    # entries, which would evict the cached site root paths at random.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    news_index.page_size = 50
    news_index.save_revision().publish()
    return World(news_index, official_index, event_index)


def test_pages_issue_the_same_few_queries_for_5_or_50_items(client, world):
    world.grow(5)
    small = {name: queries(client, url) for name, url in world.urls().items()}
    world.grow(50)
    large = {name: queries(client, url) for name, url in world.urls().items()}
    assert large == small
    assert max(small.values()) <= MAX_QUERIES, small


@pytest.mark.parametrize(
    "name", ["home", "news index", "article", "officials index", "events index"]
)
def test_each_page_stays_within_the_query_budget(
    client, world, name, django_assert_max_num_queries
):
    world.grow(12)
    url = world.urls()[name]
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
