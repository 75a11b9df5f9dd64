"""Every page type has a meaningful <title> and meta description."""

import datetime

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from tests import factories

AGENCY = "Ủy ban nhân dân xã Thử Nghiệm"


@pytest.fixture
def pages(news_index, official_index, event_index):
    for index, intro in [
        (news_index, "Tin tức của xã."),
        (official_index, "Lãnh đạo của xã."),
        (event_index, "Lịch công tác của xã."),
    ]:
        index.intro = intro
        index.save_revision().publish()
    official = factories.OfficialPageFactory(
        parent=official_index, title="Trần Thị Chủ"
    )
    factories.OfficialPositionFactory(page=official, title="Chủ tịch UBND")
    return {
        "news index": (news_index, "Tin tức của xã."),
        "official index": (official_index, "Lãnh đạo của xã."),
        "event index": (event_index, "Lịch công tác của xã."),
        "article": (
            factories.NewsArticlePageFactory(
                parent=news_index, title="Hội nghị", summary="Tóm tắt hội nghị."
            ),
            "Tóm tắt hội nghị.",
        ),
        "event": (
            factories.EventPageFactory(
                parent=event_index,
                title="Tiếp dân",
                summary="Lịch tiếp dân.",
                start=timezone.now() + datetime.timedelta(days=1),
            ),
            "Lịch tiếp dân.",
        ),
        "official": (official, "Chủ tịch UBND"),
    }


@pytest.mark.parametrize(
    "kind",
    ["news index", "official index", "event index", "article", "event", "official"],
)
def test_page_title_names_the_page_and_the_agency(client, pages, kind):
    page, description = pages[kind]
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.title.get_text() == f"{page.title} | {AGENCY}"
    meta = soup.find("meta", attrs={"name": "description"})["content"]
    assert meta.startswith(description)
    assert len(soup.find_all("h1")) == 1


def test_seo_title_and_search_description_win(client, pages):
    article, _ = pages["article"]
    article.seo_title = "Hội nghị sơ kết 6 tháng đầu năm 2026"
    article.search_description = "Mô tả cho máy tìm kiếm."
    article.save_revision().publish()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.title.get_text().startswith("Hội nghị sơ kết 6 tháng đầu năm 2026 |")
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Mô tả cho máy tìm kiếm."
    )
