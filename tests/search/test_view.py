"""The /search/ page: results, filters, pagination, promotions, privacy."""

import datetime

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone, translation

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from search.views import RESULTS_PER_PAGE
from tests import factories
from tests.conftest import restrict

from .conftest import titles

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    with translation.override("en"):
        return client.get("/search/", {"q": query, **params})


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_result_shows_type_date_and_highlighted_snippet(client, article):
    article(
        "Phong trào Dân vận khéo",
        "Mở đầu. Nhiều mô hình dân vận khéo được nhân rộng.",
        date=timezone.make_aware(datetime.datetime(2026, 6, 23, 9, 0)),
    )
    result = soup(search(client, "dan van")).select_one(".search-result")
    assert result.select_one(".search-result__type").get_text() == "News article"
    assert result.select_one("time").get_text() == "23/06/2026"
    marked = [node.get_text() for node in result.select(".search-result__snippet mark")]
    assert marked == ["dân", "vận"]
    assert [node.get_text() for node in result.select("h2 mark")] == ["Dân", "vận"]
    assert "/tin-tuc/bai-viet-" in result.select_one("h2 a")["href"]


def test_snippet_and_title_are_html_escaped(client, article):
    article(
        "<script>alert(1)</script> tin",
        "Đoạn &lt;b&gt;đậm&lt;/b&gt; và <em>nghiêng</em>.",
    )
    response = search(client, "tin")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content
    assert b"<b>" not in response.content


def test_type_filter_names_each_type_once(client, article):
    # Wagtail's Vietnamese calls uploads "Văn bản", as the register is called.
    page = soup(client.get("/search/", {"q": "hoi nghi"}))
    labels = [option.get_text() for option in page.select("#search-type option")]
    assert len(labels) == len(set(labels)), labels
    assert "Văn bản" in labels and "Tệp đính kèm" in labels


def test_the_search_forms_are_named_landmarks(client, article):
    page = soup(search(client, "hoi nghi"))
    names = [form.get("aria-label") for form in page.select("[role=search]")]
    assert len(names) == 2 and all(names) and len(set(names)) == 2


def test_filter_by_type(client, article, official_index):
    article("Phát triển nông nghiệp", "Nội dung.")
    factories.OfficialPageFactory(
        parent=official_index, title="Trần Nông Nghiệp", duties="Phụ trách."
    )
    assert sorted(titles(search(client, "nong nghiep"))) == [
        "Phát triển nông nghiệp",
        "Trần Nông Nghiệp",
    ]
    assert titles(search(client, "nong nghiep", type="news.officialpage")) == [
        "Trần Nông Nghiệp"
    ]


def test_filter_by_date_range_in_either_date_format(client, article):
    article("Cũ", "Bản tin.", date=timezone.make_aware(datetime.datetime(2024, 1, 5)))
    article("Mới", "Bản tin.", date=timezone.make_aware(datetime.datetime(2026, 3, 5)))
    assert titles(search(client, "ban tin", date_from="2025-01-01")) == ["Mới"]
    assert titles(search(client, "ban tin", date_to="31/12/2024")) == ["Cũ"]
    assert titles(
        search(client, "ban tin", date_from="2024-01-05", date_to="2024-01-05")
    ) == ["Cũ"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "auth.user"},
        {"type": "nonsense"},
        {"date_from": "yesterday"},
        {"date_to": "31/02/2026"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
    ],
)
def test_unknown_filter_values_are_ignored_with_a_message(client, article, params):
    article("Bản tin", "Nội dung.")
    response = search(client, "ban tin", **params)
    assert response.status_code == 200
    assert soup(response).select_one(".search-notices") is not None
    assert titles(response) == ["Bản tin"]


def test_pagination_and_bad_page_numbers(client, article):
    for number in range(RESULTS_PER_PAGE + 3):
        article(f"Bản tin số {number}", "Nội dung.")
    first = search(client, "ban tin")
    assert len(titles(first)) == RESULTS_PER_PAGE
    second = search(client, "ban tin", page=2)
    assert len(titles(second)) == 3
    assert not set(titles(first)) & set(titles(second))
    for page in ("abc", "-1", "0", "99999", "9" * 400, "1.5"):
        response = search(client, "ban tin", page=page)
        assert response.status_code == 200
        assert titles(response)


def test_no_results_gives_help_and_curated_suggestions(client, article):
    promoted = article("Học phí", "Mức học phí mới.")
    SearchPromotion.objects.create(query=Query.get("học phí"), page=promoted)
    response = search(client, "zzzz qqqq")
    help_block = soup(response).select_one(".search-no-results")
    assert help_block is not None
    links = [a.get_text() for a in help_block.select("a")]
    assert "zzzz" in links and "qqqq" in links
    assert "học phí" in links


def test_promoted_results_come_first_for_the_folded_query(client, article):
    article("Học phí năm học mới", "Học phí học phí học phí.")
    promoted = article("Thông báo miễn giảm", "Chính sách hỗ trợ học sinh.")
    SearchPromotion.objects.create(
        query=Query.get("Học phí"), page=promoted, description="Xem ngay"
    )
    page = soup(search(client, "hoc phi"))
    picks = page.select(".search-promotions a")
    assert [a.get_text() for a in picks] == ["Thông báo miễn giảm"]
    assert titles(search(client, "hoc phi")) == ["Học phí năm học mới"]


def test_promotion_of_a_private_page_is_not_shown(client, article):
    private = article("Tài liệu nội bộ", "Nội dung.")
    restrict(private)
    SearchPromotion.objects.create(query=Query.get("noi bo"), page=private)
    response = search(client, "noi bo")
    assert "Tài liệu nội bộ" not in response.content.decode()


def test_searches_are_counted_per_folded_query(client, article):
    article("Dân vận khéo", "Nội dung.")
    search(client, "Dân Vận")
    search(client, "dan van")
    search(client, "dan van", page=2)
    assert Query.objects.get(query_string="dan van").hits == 2


@pytest.mark.parametrize(
    "kind",
    [
        PageViewRestriction.PASSWORD,
        PageViewRestriction.LOGIN,
        PageViewRestriction.GROUPS,
    ],
)
def test_restricted_pages_and_their_children_never_appear(
    client, news_index, article, kind
):
    article("Bí mật", "Thông tin mật.")
    restriction = restrict(news_index, kind=kind)
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Cán bộ"))
    response = search(client, "bi mat thong tin")
    assert "Bí mật" not in response.content.decode()
    assert titles(search(client, "tin tuc")) == []


def test_draft_unpublished_and_expired_pages_never_appear(client, article, news_index):
    factories.NewsArticlePageFactory(
        parent=news_index, title="Bản nháp bí mật", live=False
    )
    unpublished = article("Đã gỡ bí mật", "Nội dung.")
    unpublished.unpublish()
    expired = article("Hết hạn bí mật", "Nội dung.")
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    live = article("Công khai", "Bí mật được bật mí.")
    # A draft revision of a live page does not leak either.
    live.title = "Tiêu đề nháp bí mật mới"
    live.save_revision()
    assert titles(search(client, "bi mat")) == ["Công khai"]


def test_documents_in_private_collections_never_appear(client, home_page):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    child = private.add_child(name="Con")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="x"
    )
    documents = get_document_model().objects
    for collection, title in (
        (root, "Công văn công khai"),
        (private, "Công văn mật"),
        (child, "Công văn con"),
    ):
        documents.create(
            title=title, collection=collection, file=ContentFile(b"x", name="a.pdf")
        )
    assert titles(search(client, "cong van")) == ["Công văn công khai"]


@pytest.mark.parametrize("count", [1, RESULTS_PER_PAGE])
def test_search_page_query_count_does_not_grow_with_results(
    client, article, news_index, django_assert_num_queries, count, settings
):
    settings.SEARCH_CACHE_SECONDS = 0  # the real work, every time
    for number in range(count):
        article(f"Bản tin số {number}", "Nội dung bản tin.")
    # Restrictions present: they are checked inside the search query itself.
    restrict(article("Bản tin nội bộ", "Nội dung."))
    CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node().add_child(name="Nội bộ"),
        restriction_type="password",
        password="x",
    )
    search(client, "ban tin")
    # PostgreSQL ranks the listed window in a second query, and turns JIT off
    # for the first one (SET LOCAL, in a savepoint inside the test's atomic).
    # 3 are the sidebar's, kept as a fragment outside tests (docs/design.md).
    with django_assert_num_queries(14 if connection.vendor == "sqlite" else 18):
        response = search(client, "ban tin")
    assert len(titles(response)) == count
