"""The front page: lead story, news by category, events, leaders, quick links."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage
from tests import factories
from tests.conftest import restrict, unpublish

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day):
    return datetime.datetime(2026, 5, day, 9, tzinfo=HCM)


def front(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").main


def test_lead_story_is_the_latest_featured_article(client, news_index):
    factories.NewsArticlePageFactory(parent=news_index, title="Mới nhất", date=at(9))
    factories.NewsArticlePageFactory(
        parent=news_index, title="Nổi bật cũ", featured=True, date=at(2)
    )
    factories.NewsArticlePageFactory(
        parent=news_index, title="Nổi bật", featured=True, date=at(5)
    )
    lead = front(client).find("section", class_="lead-story")
    assert lead.h2.get_text(strip=True) == "Nổi bật"
    assert lead.find("time").get_text() == "05/05/2026"


def test_without_a_featured_article_the_latest_leads(client, news_index):
    factories.NewsArticlePageFactory(parent=news_index, title="Cũ", date=at(1))
    factories.NewsArticlePageFactory(parent=news_index, title="Mới", date=at(2))
    lead = front(client).find("section", class_="lead-story")
    assert lead.h2.get_text(strip=True) == "Mới"


def test_featured_article_older_than_the_latest_forty_still_leads(client, news_index):
    factories.NewsArticlePageFactory(
        parent=news_index, title="Nổi bật xa", featured=True, date=at(1)
    )
    for n in range(41):
        factories.NewsArticlePageFactory(
            parent=news_index, date=at(2) + datetime.timedelta(hours=n)
        )
    lead = front(client).find("section", class_="lead-story")
    assert lead.h2.get_text(strip=True) == "Nổi bật xa"


def test_latest_news_is_grouped_by_category_in_display_order(client, news_index):
    economy = factories.CategoryFactory(name="Kinh tế", sort_order=2)
    culture = factories.CategoryFactory(name="Văn hóa", sort_order=1)
    for day in range(1, 7):
        factories.NewsArticlePageFactory(
            parent=news_index, title=f"KT {day}", category=economy, date=at(day)
        )
    factories.NewsArticlePageFactory(
        parent=news_index, title="VH 1", category=culture, date=at(1)
    )
    sections = front(client).find_all("section", class_="news-category")
    assert [s.h2.get_text() for s in sections] == ["Văn hóa", "Kinh tế"]
    # The lead story is not repeated; four per category.
    assert [a.get_text(strip=True) for a in sections[1].select(".card-title")] == [
        "KT 5",
        "KT 4",
        "KT 3",
        "KT 2",
    ]
    assert sections[1].find("time").get_text() == "05/05/2026"


def test_upcoming_events_and_leaders_are_shown(client, event_index, official_index):
    start = timezone.now() + datetime.timedelta(days=2)
    factories.EventPageFactory(parent=event_index, title="Tiếp dân", start=start)
    factories.EventPageFactory(
        parent=event_index, title="Đã xong", start=start - datetime.timedelta(days=9)
    )
    chair = factories.OfficialPageFactory(parent=official_index, title="Trần Thị Chủ")
    factories.OfficialPositionFactory(page=chair, title="Chủ tịch UBND")
    main = front(client)
    upcoming = main.find("section", class_="upcoming")
    assert [h.get_text(strip=True) for h in upcoming.find_all("h3")] == ["Tiếp dân"]
    assert upcoming.find("a", href=event_index.url)
    leaders = main.find("section", class_="leaders")
    assert leaders.find("a", href=chair.url).get_text() == "Trần Thị Chủ"
    assert "Chủ tịch UBND" in leaders.get_text()
    assert leaders.find("a", href=official_index.url)


def test_quick_links_show_pages_and_urls(client, home_page, news_index):
    draft = factories.NewsIndexPageFactory(parent=home_page, title="Nháp")
    unpublish(draft)
    home_page.quick_links = [
        {"type": "link", "value": {"label": "", "page": news_index.pk, "url": ""}},
        {
            "type": "link",
            "value": {
                "label": "Dịch vụ công",
                "page": None,
                "url": "https://dvc.example/",
            },
        },
        {"type": "link", "value": {"label": "Ẩn", "page": draft.pk, "url": ""}},
    ]
    home_page.save_revision().publish()
    links = front(client).find("section", class_="quick-links").find_all("a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Tin tức", news_index.url),
        ("Dịch vụ công", "https://dvc.example/"),
    ]


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_pages_never_reach_the_front_page(
    client, news_index, event_index, official_index, hide
):
    start = timezone.now() + datetime.timedelta(days=2)
    category = factories.CategoryFactory(name="Kinh tế")
    hidden = [
        factories.NewsArticlePageFactory(
            parent=news_index, title="Bài bí mật", featured=True, category=category
        ),
        factories.EventPageFactory(parent=event_index, title="Họp kín", start=start),
        factories.OfficialPageFactory(parent=official_index, title="Người ẩn"),
    ]
    factories.NewsArticlePageFactory(
        parent=news_index, title="Bài công khai", category=category, date=at(1)
    )
    for page in hidden:
        hide(page)
    text = front(client).get_text()
    assert "Bài công khai" in text
    for page in hidden:
        assert page.title not in text


def test_private_sections_are_not_linked(client, event_index, official_index):
    restrict(event_index)
    restrict(official_index)
    factories.EventPageFactory(
        parent=event_index, start=timezone.now() + datetime.timedelta(days=1)
    )
    main = front(client)
    assert main.find("a", href=event_index.url) is None
    assert main.find("a", href=official_index.url) is None


def test_home_page_has_the_site_title_and_a_description(client, home_page):
    home_page.intro = "Cổng thông tin điện tử xã Thử Nghiệm."
    home_page.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert "Ủy ban nhân dân xã Thử Nghiệm" in soup.title.get_text()
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Cổng thông tin điện tử xã Thử Nghiệm."
    )


def test_only_one_home_page_can_exist_under_the_root(home_page):
    assert not HomePage.can_create_at(home_page.get_parent())
