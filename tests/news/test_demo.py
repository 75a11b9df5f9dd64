"""The demo commune: every page type filled with realistic content, served fast."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page

import pytest

from home.models import HomePage
from news.models import (
    EventIndexPage,
    EventPage,
    NewsArticlePage,
    NewsIndexPage,
    OfficialIndexPage,
    OfficialPage,
)
from tests.conftest import committed, on_portal

# Fragments are off in tests: 4 of these are the sidebar's (newest
# documents, the week's events, leaders and their positions), one fragment
# per portal in production (docs/design.md).
MAX_QUERIES = 20


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    # Once for the module: the tests only read it.
    with committed(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.fixture
def demo(loaded_demo, db):
    pass


def test_demo_articles_have_photos_captions_categories_and_bylines(demo):
    articles = NewsArticlePage.objects.live().select_related("hero_image")
    assert articles.count() >= 12
    assert len({a.category_id for a in articles if a.category_id}) >= 3
    for article in articles:
        assert article.hero_image is not None
        assert article.caption
        assert article.summary
        assert article.author
    assert articles.filter(featured=True).exists()


def test_demo_officials_span_four_organizations_and_one_holds_two_roles(demo):
    officials = list(OfficialPage.objects.live())
    assert len(officials) >= 8
    organizations = {p.organization_id for o in officials for p in o.current_positions}
    assert len(organizations) >= 4
    assert any(len(o.current_positions) >= 2 for o in officials)


def test_demo_events_are_past_and_upcoming_and_one_is_all_day(demo):
    events = EventPage.objects.live()
    assert events.count() >= 6
    now = timezone.now()
    assert events.filter(start__lt=now).exists()
    assert events.filter(start__gt=now).exists()
    assert events.filter(all_day=True).exists()


def test_every_demo_page_renders_within_the_query_budget(client, demo, settings):
    # Room for every rendition: the default local-memory cache culls at 300
    # entries, which would evict the cached site root paths at random.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    ours = Page.objects.live().type(
        HomePage,
        NewsIndexPage,
        NewsArticlePage,
        OfficialIndexPage,
        OfficialPage,
        EventIndexPage,
        EventPage,
    )
    urls = [on_portal(page) for page in ours]
    urls += [
        (path + "ical/", host)
        for path, host in map(on_portal, ours.type(EventIndexPage, EventPage))
    ]
    urls += [
        (path + "feed/", host)
        for path, host in map(on_portal, ours.type(NewsIndexPage))
    ]
    assert len(urls) >= 1 + 3 + 12 + 8 + 6
    over_budget = {}
    for path, host in urls:
        url = host["HTTP_HOST"] + path
        assert client.get(path, **host).status_code == 200, url
        with CaptureQueriesContext(connection) as context:
            assert client.get(path, **host).status_code == 200, url
        if len(context.captured_queries) > MAX_QUERIES:
            over_budget[url] = len(context.captured_queries)
    assert over_budget == {}, over_budget
