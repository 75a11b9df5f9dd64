"""Each page type's fields: typed, complete, and with absolute URLs."""

import datetime
import json

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

import pytest

from news.models import ArticleOfficial, ArticleRelatedPage, EventParticipant
from tests import factories

from .conftest import PAGES, body, get_json, rich_link, small_image

pytestmark = pytest.mark.django_db

ARTICLE_LIST_FIELDS = ["date", "summary", "thumbnail", "category"]


@pytest.fixture
def document():
    return get_document_model().objects.create(
        title="Quyết định số 12", file=ContentFile(b"%PDF-1.4 x", name="qd-12.pdf")
    )


@pytest.fixture
def article(news_index, official, document):
    image = factories.ImageFactory()  # 1200 px wide: 400, 800 and 1200 renditions
    page = factories.NewsArticlePageFactory(
        parent=news_index,
        hero_image=image,
        category=factories.CategoryFactory(name="Tin tức - Sự kiện", slug="tin-tuc"),
        date=datetime.datetime(2022, 6, 23, 8, 30, tzinfo=datetime.UTC),
        body=body(
            ("paragraph", rich_link(official)),
            (
                "image",
                {
                    "image": {"image": image.pk, "alt_text": ""},
                    "caption": "Ông An phát biểu",
                },
            ),
            ("document", {"document": document.pk}),
            ("mention", {"person": official.pk}),
            ("heading", {"text": "Kết quả", "level": "h2"}),
        ),
    )
    page.tags.add("ngân sách", "đầu tư")
    page.save()
    ArticleOfficial.objects.create(page=page, official=official)
    ArticleRelatedPage.objects.create(page=page, target=news_index)
    return page


def test_article_listing_defaults_to_what_a_list_screen_needs(api, article):
    data = get_json(api, PAGES + "?type=news.NewsArticlePage")
    item = data["items"][0]
    assert list(item) == ["id", "meta", "title", *ARTICLE_LIST_FIELDS]
    assert item["category"] == {"name": "Tin tức - Sự kiện", "slug": "tin-tuc"}
    assert item["date"] == "2022-06-23T15:30:00+07:00"
    assert item["thumbnail"]["id"] == article.hero_image_id


def test_fields_star_gives_every_field(api, article):
    item = get_json(api, PAGES + "?type=news.NewsArticlePage&fields=*")["items"][0]
    detail = get_json(api, f"{PAGES}{article.pk}/")
    for name in ["body", "author", "tags", "related_officials", "related_pages"]:
        assert item[name] == detail[name]


def test_article_detail_has_typed_fields(api, article, official, news_index):
    data = get_json(api, f"{PAGES}{article.pk}/")
    assert data["tags"] == ["ngân sách", "đầu tư"]
    assert data["author"] == "Thị Thoang"
    assert data["related_officials"] == [
        {
            "id": official.pk,
            "type": "news.OfficialPage",
            "title": "Nguyễn Văn An",
            "url": f"http://localhost/lanh-dao/{official.slug}/",
            "position": "Chủ tịch, UBND xã",
        }
    ]
    assert data["related_pages"][0]["id"] == news_index.pk
    assert data["meta"]["html_url"] == f"http://localhost/tin-tuc/{article.slug}/"


def test_image_fields_carry_alt_caption_credit_and_webp_renditions(api, article):
    image = get_json(api, f"{PAGES}{article.pk}/")["hero_image"]
    assert image["alt"] == "Đại biểu phát biểu"
    assert image["caption"] == "Đại biểu phát biểu tại hội nghị."
    assert image["credit"] == "Thị Thoang"
    assert (image["width"], image["height"]) == (1200, 800)
    assert [r["width"] for r in image["renditions"]] == [400, 800, 1200]
    for rendition in image["renditions"]:
        assert rendition["url"].startswith("http://localhost/media/")
        assert rendition["url"].endswith(".webp")


def test_body_blocks_need_no_second_request(api, article, official, document):
    blocks = {b["type"]: b for b in get_json(api, f"{PAGES}{article.pk}/")["body"]}
    assert (
        f'href="http://localhost/lanh-dao/{official.slug}/"'
        in (blocks["paragraph"]["value"])
    )
    image = blocks["image"]["value"]
    assert image["caption"] == "Ông An phát biểu"
    assert image["alt"] and image["renditions"]
    assert blocks["document"]["value"] == {
        "id": document.pk,
        "title": "Quyết định số 12",
        "url": "http://localhost" + document.url,
        "file_type": "PDF",
        "file_size": 10,
    }
    assert blocks["mention"]["value"]["position"] == "Chủ tịch, UBND xã"
    assert blocks["heading"]["value"]["anchor"] == "ket-qua"
    assert all(block["id"] for block in blocks.values())


def test_official_carries_positions_with_organizations(api, official):
    data = get_json(api, PAGES + "?type=news.OfficialPage")
    item = data["items"][0]
    assert item["current_position"] == "Chủ tịch, UBND xã"
    assert item["positions"] == [
        {
            "title": "Chủ tịch",
            "organization": {"name": "UBND xã", "slug": "ubnd-xa"},
            "start_date": "2025-07-01",
            "end_date": None,
            "is_current": True,
            "label": "Chủ tịch, UBND xã",
        }
    ]


def test_event_datetimes_are_iso_8601_with_the_local_offset(api, event_index, official):
    start = datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC)
    event = factories.EventPageFactory(
        parent=event_index,
        start=start,
        end=start + datetime.timedelta(hours=2),
        organizer=factories.OrganizationFactory(name="UBND xã", slug="ubnd"),
    )
    EventParticipant.objects.create(page=event, official=official)
    data = get_json(api, f"{PAGES}{event.pk}/")
    assert data["start"] == "2026-12-01T08:00:00+07:00"
    assert data["end"] == "2026-12-01T10:00:00+07:00"
    assert data["organizer"] == {"name": "UBND xã", "slug": "ubnd"}
    assert [p["id"] for p in data["participants"]] == [official.pk]


def test_urls_name_the_portal_not_a_forwarded_host(api, article):
    for headers in ({"host": "localhost"}, {"x_forwarded_host": "evil.example"}):
        data = get_json(api, PAGES + "?type=news.NewsArticlePage", **headers)
        text = json.dumps(data)
        assert "evil.example" not in text
        assert data["items"][0]["meta"]["html_url"].startswith("http://localhost/")


def test_site_endpoint_gives_agency_logo_contacts_and_sections(
    api, news_index, official_index, event_index
):
    from cms.models import SiteSettings

    settings_ = SiteSettings.objects.get()
    settings_.logo = small_image()
    settings_.phone = "0210 3 123 456"
    settings_.parent_name = "Tỉnh Thử Nghiệm"
    settings_.colour = "#0b4f8a"
    settings_.save()
    data = get_json(api, "/api/v2/site/")
    assert data["agency_name"] == "Ủy ban nhân dân xã Thử Nghiệm"
    # Branded as the banner is: the level above and the portal's colour.
    assert (data["parent_name"], data["colour"]) == ("Tỉnh Thử Nghiệm", "#0b4f8a")
    assert data["contacts"]["address"] == "Số 1 đường Thử"
    assert data["contacts"]["phone"] == "0210 3 123 456"
    assert data["logo"]["renditions"][0]["url"].endswith(".webp")
    assert data["sections"] == {
        "news": {"id": news_index.pk, "title": news_index.title},
        "officials": {"id": official_index.pk, "title": official_index.title},
        "events": {"id": event_index.pk, "title": event_index.title},
    }


def test_images_endpoint_lists_renditions_and_alt_text(api):
    image = factories.ImageFactory()
    item = get_json(api, "/api/v2/images/")["items"][0]
    assert item["id"] == image.pk
    assert item["alt"] == "Đại biểu phát biểu"
    assert [r["width"] for r in item["renditions"]] == [400, 800, 1200]
    detail = get_json(api, f"/api/v2/images/{image.pk}/")
    assert detail["meta"]["download_url"].startswith("http://localhost/media/")


def test_documents_endpoint_gives_absolute_download_urls(api, document):
    item = get_json(api, "/api/v2/documents/")["items"][0]
    assert item["meta"]["download_url"] == "http://localhost" + document.url


class TestFilters:
    def test_category_tag_and_date_range_filter_articles(
        self, api, article, news_index
    ):
        older = factories.NewsArticlePageFactory(
            parent=news_index, date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
        url = PAGES + "?type=news.NewsArticlePage"
        assert _ids(api, url + "&category=tin-tuc") == [article.pk]
        assert _ids(api, url + "&tag=ngân sách") == [article.pk]
        assert _ids(api, url + "&date_from=2022-06-23&date_to=2022-06-23") == [
            article.pk
        ]
        assert _ids(api, url + "&date_to=2022-06-22") == [older.pk]
        assert older.pk not in _ids(api, url + "&date_from=2022-06-23&order=-date")

    def test_articles_come_newest_first_and_order_reverses(self, api, news_index):
        old = factories.NewsArticlePageFactory(
            parent=news_index, date=timezone.now() - datetime.timedelta(days=3)
        )
        new = factories.NewsArticlePageFactory(parent=news_index)
        url = PAGES + "?type=news.NewsArticlePage"
        assert _ids(api, url) == [new.pk, old.pk]
        assert _ids(api, url + "&order=date") == [old.pk, new.pk]

    def test_upcoming_and_date_range_filter_events(self, api, event_index):
        now = timezone.now()
        past = factories.EventPageFactory(
            parent=event_index, start=now - datetime.timedelta(days=5)
        )
        soon = factories.EventPageFactory(
            parent=event_index, start=now + datetime.timedelta(days=2)
        )
        later = factories.EventPageFactory(
            parent=event_index, start=now + datetime.timedelta(days=40)
        )
        url = PAGES + "?type=news.EventPage"
        assert _ids(api, url + "&upcoming=true") == [soon.pk, later.pk]
        assert _ids(api, url + "&upcoming=false") == [past.pk]
        day = timezone.localdate(now + datetime.timedelta(days=10)).isoformat()
        assert _ids(api, url + f"&upcoming=true&date_to={day}") == [soon.pk]

    def test_organization_filters_officials_by_current_position(
        self, api, official, official_index
    ):
        former = factories.OfficialPageFactory(parent=official_index)
        factories.OfficialPositionFactory(
            page=former,
            organization=official.positions.get().organization,
            end_date=datetime.date(2025, 12, 31),
        )
        url = PAGES + "?type=news.OfficialPage"
        assert _ids(api, url + "&organization=ubnd-xa") == [official.pk]
        assert _ids(api, url + "&organization=khac") == []

    def test_limit_and_offset_page_through_results(self, api, news_index):
        pages = [factories.NewsArticlePageFactory(parent=news_index) for _ in range(3)]
        url = PAGES + "?type=news.NewsArticlePage&order=id"
        data = get_json(api, url + "&limit=2&offset=1")
        assert data["meta"]["total_count"] == 3
        assert [i["id"] for i in data["items"]] == [p.pk for p in pages[1:]]


def _ids(api, url):
    return [item["id"] for item in get_json(api, url)["items"]]
