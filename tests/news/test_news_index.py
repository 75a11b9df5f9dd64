"""The news listing: filters that combine, sane paging, nothing hidden leaks."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from tests import factories
from tests.conftest import restrict, unpublish

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day=15):
    return datetime.datetime(year, month, day, 9, tzinfo=HCM)


def titles(client, index, query=""):
    response = client.get(index.url + query)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select("main .card-title")]


@pytest.fixture
def catalogue(news_index):
    economy = factories.CategoryFactory(name="Kinh tế", slug="kinh-te")
    culture = factories.CategoryFactory(name="Văn hóa", slug="van-hoa")
    for title, category, date in [
        ("KT 03/2026", economy, at(2026, 3)),
        ("KT 04/2026", economy, at(2026, 4)),
        ("VH 03/2026", culture, at(2026, 3, 20)),
        ("KT 03/2025", economy, at(2025, 3)),
    ]:
        factories.NewsArticlePageFactory(
            parent=news_index, title=title, category=category, date=date
        )
    return news_index


def test_listing_shows_newest_first_with_dates_as_dd_mm_yyyy(client, catalogue):
    assert titles(client, catalogue) == [
        "KT 04/2026",
        "VH 03/2026",
        "KT 03/2026",
        "KT 03/2025",
    ]
    soup = BeautifulSoup(client.get(catalogue.url).content, "html.parser")
    assert soup.select_one("main .card time").get_text() == "15/04/2026"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=kinh-te", ["KT 04/2026", "KT 03/2026", "KT 03/2025"]),
        ("?year=2026", ["KT 04/2026", "VH 03/2026", "KT 03/2026"]),
        ("?year=2026&month=3", ["VH 03/2026", "KT 03/2026"]),
        ("?category=kinh-te&year=2026&month=3", ["KT 03/2026"]),
        ("?category=van-hoa&year=2025", []),
        ("?month=3", ["VH 03/2026", "KT 03/2026", "KT 03/2025"]),
    ],
)
def test_category_year_and_month_filters_combine(client, catalogue, query, expected):
    assert titles(client, catalogue, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?year=x",
        "?month=99",
        "?category=khong-co",
        "?year=-1&month=0",
        "?page=-3",
        "?page=0",
        "?page=1.5",
        "?page=%00",
        "?page=99999999999999999999",
        "?page=" + "9" * 5000,
        "?year=99999999999999999999999",
        "?category=%00",
    ],
)
def test_bad_filter_values_are_ignored_not_errors(client, catalogue, query):
    assert len(titles(client, catalogue, query)) == 4


def test_page_past_the_end_shows_the_last_page(client, news_index):
    news_index.page_size = 2
    news_index.save_revision().publish()
    for day in range(1, 6):
        factories.NewsArticlePageFactory(
            parent=news_index, title=f"Tin {day}", date=at(2026, 1, day)
        )
    assert titles(client, news_index, "?page=2") == ["Tin 3", "Tin 2"]
    assert titles(client, news_index, "?page=999") == ["Tin 1"]
    assert titles(client, news_index, "?page=abc") == ["Tin 5", "Tin 4"]
    assert titles(client, news_index, "?page=%00") == ["Tin 5", "Tin 4"]
    assert titles(client, news_index, "?page=99999999999999999999") == ["Tin 1"]
    # Django's Paginator.get_page: a number before the first page is out of
    # range too, and shows the last one.
    assert titles(client, news_index, "?page=-1") == ["Tin 1"]


def test_pagination_links_keep_the_filters(client, news_index):
    news_index.page_size = 1
    news_index.save_revision().publish()
    category = factories.CategoryFactory(slug="kinh-te")
    for day in (1, 2):
        factories.NewsArticlePageFactory(
            parent=news_index, category=category, date=at(2026, 1, day)
        )
    soup = BeautifulSoup(
        client.get(news_index.url + "?category=kinh-te&page=1").content,
        "html.parser",
    )
    assert soup.find("a", rel="next")["href"] == "?category=kinh-te&page=2"


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_articles_are_not_listed(client, news_index, hide):
    factories.NewsArticlePageFactory(parent=news_index, title="Công khai")
    hidden = factories.NewsArticlePageFactory(parent=news_index, title="Bí mật")
    hide(hidden)
    assert titles(client, news_index) == ["Công khai"]


def test_page_size_outside_1_to_50_is_refused(news_index):
    from django.core.exceptions import ValidationError

    news_index.page_size = 500
    with pytest.raises(ValidationError, match="page_size"):
        news_index.full_clean()
    news_index.page_size = 50
    news_index.full_clean()
