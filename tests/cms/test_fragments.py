"""Rendered fragments (cms/fragments.py) make a second render of an article
cheap, and every change a visitor could see shows on the very next render."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from cms.models import SiteSettings
from news.models import ArticleOfficial
from tests import factories
from tests.publications.conftest import add_document

WARM_QUERIES = 0


pytestmark = pytest.mark.usefixtures("fragments_on")


def publish(page):
    page.save_revision().publish()


@pytest.fixture
def image(db):
    return factories.ImageFactory(
        file=factories.image_file(120, 80), description="Ông Hòa phát biểu"
    )


@pytest.fixture
def article(news_index, image, committed):
    page = factories.NewsArticlePageFactory(
        parent=news_index,
        title="Hội nghị sơ kết",
        date=datetime.datetime.fromisoformat("2026-06-01T09:00:00+07:00"),
        body=[
            {"type": "paragraph", "value": "<p>Đoạn mở đầu.</p>"},
            {"type": "paragraph", "value": "<p>Theo Chỉ thị số 22-CT/TU.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "", "decorative": False}
                },
            },
        ],
    )
    committed(publish, page)
    return page


def render(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def count_queries(client, page):
    with CaptureQueriesContext(connection) as context:
        render(client, page)
    return len(context.captured_queries)


def test_a_second_render_reads_neither_body_nor_menu_from_the_database(
    client, article, django_assert_num_queries
):
    cold = count_queries(client, article)
    first = render(client, article)

    # Routing, view restrictions and site settings come from the route cache.
    with django_assert_num_queries(WARM_QUERIES):
        second = render(client, article)

    assert WARM_QUERIES < cold
    assert second == first


def test_an_edit_to_the_body_shows_on_the_next_render(client, article, committed):
    assert "Đoạn mở đầu." in render(client, article)

    article.body = [{"type": "paragraph", "value": "<p>Đoạn đã sửa.</p>"}]
    committed(publish, article)

    html = render(client, article)
    assert "Đoạn đã sửa." in html
    assert "Đoạn mở đầu." not in html


def menu_items(client, page):
    menu = BeautifulSoup(render(client, page), "html.parser").find(
        "nav", class_="main-menu"
    )
    return [link.get_text() for link in menu.find_all("a")]


def test_a_renamed_menu_page_shows_on_every_page(
    client, article, news_index, committed
):
    news_index.show_in_menus = True
    committed(publish, news_index)
    assert news_index.title in menu_items(client, article)

    news_index.title = "Tin tức mới"
    committed(publish, news_index)

    assert "Tin tức mới" in menu_items(client, article)


def test_a_site_settings_change_shows_at_once(client, article, committed):
    render(client, article)
    site_settings = SiteSettings.objects.get()
    site_settings.agency_name = "Ủy ban nhân dân phường Mới"

    committed(site_settings.save)

    assert "Ủy ban nhân dân phường Mới</span>" in render(client, article)


def test_an_image_alt_text_change_shows_at_once(client, article, image, committed):
    assert 'alt="Ông Hòa phát biểu"' in render(client, article)

    image.description = "Ông Nguyễn Văn Hòa phát biểu tại hội nghị"
    committed(image.save)

    assert 'alt="Ông Nguyễn Văn Hòa phát biểu tại hội nghị"' in render(client, article)


def test_a_newly_published_cited_document_is_linked_at_once(
    client, article, home_page, committed
):
    register = factories.PublicationIndexPageFactory(parent=home_page, slug="van-ban")
    document_type = factories.DocumentTypeFactory(name="Chỉ thị", slug="chi-thi")
    document = add_document(
        register,
        live=False,
        document_type=document_type,
        number="22-CT/TU",
        issue_date="2017-04-03",
    )
    assert 'class="citation"' not in render(client, article)

    committed(publish, document)

    assert f'<a class="citation" href="{document.url}">' in render(client, article)


def test_an_unpublished_official_leaves_the_article(
    client, article, official_index, committed
):
    official = factories.OfficialPageFactory(
        parent=official_index, title="Bà Lê Thị Mai"
    )
    ArticleOfficial.objects.create(page=article, official=official)
    committed(publish, article)
    assert "Bà Lê Thị Mai" in render(client, article)

    committed(official.unpublish)

    assert "Bà Lê Thị Mai" not in render(client, article)


def test_a_preview_never_uses_or_fills_the_fragments(client, article):
    live = render(client, article)
    article.body = [{"type": "paragraph", "value": "<p>Bản nháp chưa duyệt.</p>"}]
    article.save_revision()
    draft = article.get_latest_revision_as_object()

    preview = draft.make_preview_request().render().content.decode()

    assert "Bản nháp chưa duyệt." in preview
    assert render(client, article) == live


def listing_queries(client, url):
    """The queries of a render that read articles for a listing."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [
        q for q in context.captured_queries if "news_newsarticlepage" in q["sql"]
    ]


def test_a_warm_home_page_queries_no_listing_and_shows_a_new_article_at_once(
    client, article, home_page, news_index, committed
):
    cold_html, cold = listing_queries(client, home_page.url)
    warm_html, warm = listing_queries(client, home_page.url)
    assert cold != []
    assert warm == []
    assert warm_html == cold_html
    assert "Hội nghị sơ kết" in warm_html

    newer = factories.NewsArticlePageFactory(
        parent=news_index,
        title="Lịch tiếp công dân tháng 7",
        date=datetime.datetime.fromisoformat("2026-07-01T09:00:00+07:00"),
    )
    committed(publish, newer)

    assert "Lịch tiếp công dân tháng 7" not in warm_html
    assert "Lịch tiếp công dân tháng 7" in render(client, home_page)


def test_news_index_cards_are_kept_per_filter_and_page_but_links_are_per_request(
    client, news_index, committed
):
    news_index.page_size = 1
    committed(publish, news_index)
    economy, culture = factories.CategoryFactory(), factories.CategoryFactory()
    for number, category in enumerate([economy, economy, culture]):
        page = factories.NewsArticlePageFactory(
            parent=news_index, title=f"Bài số {number}", category=category
        )
        committed(publish, page)

    economy_url = f"{news_index.url}?category={economy.slug}"
    first, _ = listing_queries(client, economy_url + "&ref=email")
    again, warm = listing_queries(client, economy_url)
    culture_html, _ = listing_queries(
        client, f"{news_index.url}?category={culture.slug}"
    )
    second_page, _ = listing_queries(client, economy_url + "&page=2")

    assert "Bài số 1" in first and "Bài số 1" in again
    assert "Bài số 2" in culture_html and "Bài số 1" not in culture_html
    assert "Bài số 0" in second_page and "Bài số 1" not in second_page
    # The cards came from the fragment; the pagination links are this request's.
    assert "ref=email" in first and "ref=email" not in again
    # Only the paginator's count still reads articles.
    assert [q["sql"].startswith("SELECT COUNT") for q in warm] == [True]
