"""Query counts do not grow with the number of pages (listings and details)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from news.models import ArticleOfficial, ArticleRelatedPage, EventParticipant
from tests import factories

from .conftest import PAGES, body, get_json, rich_link, small_image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_response_cache")]

# Build the response (site, restrictions, count, rows, prefetches):
# these numbers change only when a field or a prefetch is added on purpose.
# Articles include one query for `view_count` (stats/, tests/stats/test_api.py).
ARTICLE_LISTING_QUERIES = 20
OFFICIAL_LISTING_QUERIES = 5
EVENT_LISTING_QUERIES = 11
ARTICLE_DETAIL_QUERIES = 23


def make_articles(count, news_index, official, other_page, document):
    category = factories.CategoryFactory()
    for _ in range(count):
        image, photo = small_image(), small_image()
        article = factories.NewsArticlePageFactory(
            parent=news_index,
            hero_image=image,
            category=category,
            body=body(
                ("paragraph", rich_link(other_page)),
                ("image", {"image": {"image": photo.pk, "alt_text": ""}}),
                (
                    "gallery",
                    {
                        "images": [
                            {"image": {"image": image.pk, "alt_text": ""}},
                            {"image": {"image": photo.pk, "alt_text": ""}},
                        ]
                    },
                ),
                ("document", {"document": document.pk}),
                ("mention", {"person": official.pk}),
                ("notice", {"kind": "info", "text": rich_link(official)}),
            ),
        )
        article.tags.add("a", "b")
        article.save()
        ArticleOfficial.objects.create(page=article, official=official)
        ArticleRelatedPage.objects.create(page=article, target=other_page)
    return article


@pytest.fixture
def document():
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title="Văn bản", file=ContentFile(b"x", name="vb.pdf")
    )


def count_queries(client, url):
    get_json(client, url)  # renditions are made on the first request
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


@pytest.mark.parametrize("count", [5, 50])
def test_article_listing_queries_do_not_grow_with_articles(
    api, news_index, official, event_index, document, django_assert_num_queries, count
):
    make_articles(count, news_index, official, event_index, document)
    url = PAGES + "?type=news.NewsArticlePage&fields=*&limit=50"
    get_json(api, url)
    with django_assert_num_queries(ARTICLE_LISTING_QUERIES):
        data = get_json(api, url)
    assert len(data["items"]) == count


def test_article_detail_queries_do_not_grow_with_its_body(
    api, news_index, official, event_index, document, django_assert_num_queries
):
    small = make_articles(1, news_index, official, event_index, document)
    big = factories.NewsArticlePageFactory(
        parent=news_index,
        body=small.body.raw_data.stream_value.get_prep_value() * 10,
    )
    for page in (small, big):
        get_json(api, f"{PAGES}{page.pk}/")
        with django_assert_num_queries(ARTICLE_DETAIL_QUERIES):
            get_json(api, f"{PAGES}{page.pk}/")


@pytest.mark.parametrize("count", [5, 50])
def test_official_listing_queries_do_not_grow_with_officials(
    api, official_index, django_assert_num_queries, count
):
    for _ in range(count):
        official = factories.OfficialPageFactory(
            parent=official_index,
            photo=small_image(),
            biography=body(("paragraph", "<p>Tiểu sử</p>")),
        )
        factories.OfficialPositionFactory(page=official)
        factories.OfficialPositionFactory(page=official, title="Bí thư")
    url = PAGES + "?type=news.OfficialPage&fields=*&limit=50"
    get_json(api, url)
    with django_assert_num_queries(OFFICIAL_LISTING_QUERIES):
        get_json(api, url)


@pytest.mark.parametrize("count", [5, 50])
def test_event_listing_queries_do_not_grow_with_events(
    api, event_index, official, django_assert_num_queries, count
):
    organizer = factories.OrganizationFactory()
    for _ in range(count):
        event = factories.EventPageFactory(
            parent=event_index,
            hero_image=small_image(),
            organizer=organizer,
            body=body(("mention", {"person": official.pk})),
        )
        EventParticipant.objects.create(page=event, official=official)
    url = PAGES + "?type=news.EventPage&fields=*&limit=50&upcoming=true"
    get_json(api, url)
    with django_assert_num_queries(EVENT_LISTING_QUERIES):
        get_json(api, url)


@pytest.mark.parametrize("kind", ["official", "event", "image"])
def test_other_detail_views_take_a_fixed_number_of_queries(
    api, official, event_index, kind
):
    if kind == "official":
        url = f"{PAGES}{official.pk}/"
    elif kind == "event":
        event = factories.EventPageFactory(parent=event_index, hero_image=small_image())
        EventParticipant.objects.create(page=event, official=official)
        url = f"{PAGES}{event.pk}/"
    else:
        url = f"/api/v2/images/{small_image().pk}/"
    first = count_queries(api, url)
    assert count_queries(api, url) == first <= 15
