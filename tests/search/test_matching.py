"""What the search finds, and in which order, on SQLite and PostgreSQL."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from wagtail.documents import get_document_model
from wagtail.models import Page

import pytest

from search.query import search_pages
from tests import factories

from .conftest import publish, titles

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get("/search/", {"q": query, **params})


@pytest.mark.parametrize(
    "query", ["Dân vận khéo", "DÂN VẬN KHÉO", "dan van kheo", "Dan Van Kheo"]
)
def test_typed_with_or_without_diacritics_finds_the_same_article(
    client, article, query
):
    article("Phong trào Dân vận khéo", "Nhiều mô hình hay ở các ấp.")
    article("Tin khác", "Không liên quan.")
    assert titles(search(client, query)) == ["Phong trào Dân vận khéo"]


def test_official_found_by_name_typed_without_diacritics(client, official_index):
    factories.OfficialPageFactory(parent=official_index, title="Đinh Thị Mai Sinh")
    factories.OfficialPageFactory(parent=official_index, title="Nguyễn Văn An")
    assert titles(search(client, "dinh thi mai sinh")) == ["Đinh Thị Mai Sinh"]


def test_official_found_by_position_title(client, official_index):
    official = factories.OfficialPageFactory(parent=official_index, title="Lê Văn Tám")
    factories.OfficialPositionFactory(page=official, title="Phó Chủ tịch Hội Nông dân")
    publish(official)
    assert titles(search(client, "hoi nong dan")) == ["Lê Văn Tám"]


def test_article_found_by_streamfield_body_text(client, article):
    article("Bản tin", "Tiêm chủng mở rộng tại trạm y tế.")
    assert titles(search(client, "tiem chung")) == ["Bản tin"]


def test_event_found_by_title_location_and_date(client, event_index):
    start = timezone.make_aware(datetime.datetime(2026, 6, 23, 8, 0))
    factories.EventPageFactory(
        parent=event_index,
        title="Hội nghị sơ kết",
        location_name="Hội trường Ủy ban",
        start=start,
    )
    factories.EventPageFactory(
        parent=event_index,
        title="Lễ ra quân",
        location_name="Sân vận động",
        start=start + datetime.timedelta(days=30),
    )
    assert titles(search(client, "so ket")) == ["Hội nghị sơ kết"]
    assert titles(search(client, "hoi truong uy ban")) == ["Hội nghị sơ kết"]
    assert titles(search(client, "23/06/2026")) == ["Hội nghị sơ kết"]
    assert titles(search(client, "23/6/2026")) == ["Hội nghị sơ kết"]


def test_document_found_by_title(client, home_page):
    get_document_model().objects.create(
        title="Quyết định về học phí năm 2026",
        file=ContentFile(b"pdf", name="hoc-phi.pdf"),
    )
    response = search(client, "hoc phi")
    assert titles(response) == ["Quyết định về học phí năm 2026"]
    assert b"/documents/" in response.content


@pytest.mark.parametrize(
    "factory_name",
    ["news_index", "official_index", "event_index"],
)
def test_index_pages_are_found_by_their_introduction(client, request, factory_name):
    page = request.getfixturevalue(factory_name)
    page.intro = "Giới thiệu chuyên trang thử nghiệm"
    publish(page)
    assert page.title in titles(search(client, "chuyen trang thu nghiem"))


def test_exact_diacritics_rank_above_folded_only_matches(client, article):
    article("Bán hàng", "Chợ phiên bán hàng nông sản.")
    article("Bàn làm việc", "Chợ phiên bàn hàng nông sản.")
    assert titles(search(client, "bàn"))[0] == "Bàn làm việc"
    assert titles(search(client, "bán"))[0] == "Bán hàng"
    # Without diacritics, both are found.
    assert sorted(titles(search(client, "ban"))) == ["Bàn làm việc", "Bán hàng"]


def test_words_standing_together_rank_above_scattered_words(client, article):
    article("Tin một", "Khéo léo trong công tác, vận dụng sáng tạo, dân cư đồng thuận.")
    article("Tin hai", "Phong trào dân vận khéo được nhân rộng trong xã.")
    assert titles(search(client, "dan van kheo")) == ["Tin hai", "Tin một"]


def test_all_words_must_match_by_default(client, article):
    article("Nông thôn mới", "Xây dựng nông thôn mới.")
    article("Đô thị", "Chỉnh trang đô thị.")
    assert titles(search(client, "nong thon do thi")) == []


def test_search_pages_keeps_the_callers_queryset_and_or_operator(article):
    first = article("Nông thôn mới", "Xây dựng nông thôn mới.")
    second = article("Đô thị", "Chỉnh trang đô thị.")
    pages = Page.objects.live()
    assert set(search_pages(pages, "nong thon do thi", operator="or")) == {
        first.page_ptr,
        second.page_ptr,
    }
    assert list(search_pages(pages.exclude(pk=first.pk), "nong thon")) == []
    assert list(search_pages(pages, "nong", order_by_relevance=False)) == [
        first.page_ptr
    ]


def test_unknown_operator_is_an_error_for_the_caller(article):
    with pytest.raises(ValueError, match="operator"):
        search_pages(Page.objects.all(), "x", operator="xor")


def test_only_the_newest_matches_are_listed_and_ranked(client, article, monkeypatch):
    monkeypatch.setattr("search.query.MAX_RESULTS", 2)
    article("Một", "Dân vận khéo, dân vận khéo, dân vận khéo.")
    article("Hai", "Dân vận.")
    newer = article("Ba", "Dân vận.")
    newest = article("Bốn", "Dân vận khéo.")
    # Only the two newest are listed, however good the oldest is.
    found = list(search_pages(Page.objects.live(), "dan van"))
    assert {page.pk for page in found} == {newest.pk, newer.pk}
    with translation.override("en"):
        response = client.get("/search/", {"q": "dan van"})
    assert titles(response) == [page.title for page in found]
    assert "More than 2 results" in response.content.decode()
    # Unranked (the API's explicit order), every match.
    unranked = search_pages(Page.objects.live(), "dan van", order_by_relevance=False)
    assert unranked.count() == 4
