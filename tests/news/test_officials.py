"""The leadership directory and an official's page."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from news.models import ArticleOfficial, EventParticipant
from tests import factories
from tests.conftest import restrict, unpublish

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LONG_AGO = datetime.date(2020, 1, 1)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def position(official, title, organization, start=LONG_AGO, end=None):
    return factories.OfficialPositionFactory(
        page=official,
        title=title,
        organization=organization,
        start_date=start,
        end_date=end,
    )


@pytest.fixture
def directory(official_index):
    party = factories.OrganizationFactory(name="Đảng ủy xã", sort_order=1)
    council = factories.OrganizationFactory(name="Hội đồng nhân dân xã", sort_order=2)
    committee = factories.OrganizationFactory(name="Ủy ban nhân dân xã", sort_order=3)
    people = {}
    for key, name, order in [
        ("secretary", "Lê Văn Bí", 1),
        ("chair", "Trần Thị Chủ", 2),
        ("deputy", "Phạm Văn Phó", 3),
        ("retired", "Hoàng Văn Hưu", 4),
    ]:
        people[key] = factories.OfficialPageFactory(
            parent=official_index, title=name, sort_order=order
        )
    # One person, two roles at once.
    position(people["secretary"], "Bí thư Đảng ủy", party)
    position(people["secretary"], "Chủ tịch HĐND", council)
    position(people["chair"], "Chủ tịch UBND", committee)
    position(
        people["chair"], "Phó Chủ tịch UBND", committee, end=datetime.date(2024, 6, 30)
    )
    position(people["deputy"], "Phó Chủ tịch UBND", committee)
    position(
        people["retired"], "Chủ tịch UBND", committee, end=datetime.date(2023, 1, 1)
    )
    return people, (party, council, committee)


def groups(soup):
    return [
        (
            section.h2.get_text(strip=True),
            [li.a.get_text(" ", strip=True) for li in section.find_all("li")],
        )
        for section in soup.select("main section.org-group")
    ]


def test_directory_groups_officials_by_organization_in_display_order(
    client, official_index, directory
):
    soup = soup_of(client, official_index.url)
    names = [
        (heading, [n.split(" ", 1)[1] for n in members])
        for heading, members in groups(soup)
    ]
    assert names[:3] == [
        ("Đảng ủy xã", ["Lê Văn Bí"]),
        ("Hội đồng nhân dân xã", ["Lê Văn Bí"]),
        ("Ủy ban nhân dân xã", ["Trần Thị Chủ", "Phạm Văn Phó"]),
    ]


def test_one_person_with_two_positions_appears_in_both_groups(
    client, official_index, directory
):
    soup = soup_of(client, official_index.url)
    secretary_cards = [
        li
        for li in soup.select("main li.official-card")
        if "Lê Văn Bí" in li.get_text()
    ]
    assert [li.find(class_="position").get_text() for li in secretary_cards] == [
        "Bí thư Đảng ủy",
        "Chủ tịch HĐND",
    ]


def test_former_positions_and_officials_are_marked(client, official_index, directory):
    soup = soup_of(client, official_index.url)
    chair = next(
        li for li in soup.select("main li.official-card") if "Trần Thị Chủ" in li.text
    )
    former = chair.find(class_="former")
    assert "Phó Chủ tịch UBND" in former.get_text()
    last_group = soup.select("main section.org-group")[-1]
    assert "Hoàng Văn Hưu" in last_group.get_text()
    assert last_group.find(class_="former")
    # A former official is not listed as a current member of any organization.
    for _heading, members in groups(soup)[:-1]:
        assert not any("Hoàng Văn Hưu" in m for m in members)


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_officials_are_not_in_the_directory(
    client, official_index, directory, hide
):
    people, _ = directory
    hide(people["deputy"])
    assert "Phạm Văn Phó" not in soup_of(client, official_index.url).main.get_text()


def test_current_position_is_derived_from_the_dates(directory):
    people, _ = directory
    assert people["chair"].current_position_label == "Chủ tịch UBND, Ủy ban nhân dân xã"
    assert people["retired"].current_positions == []
    assert [p.title for p in people["retired"].former_positions] == ["Chủ tịch UBND"]


def test_official_page_shows_positions_contacts_and_dates(client, directory):
    people, _ = directory
    chair = people["chair"]
    chair.phone = "0123 456 789"
    chair.email = "chu@example.gov.vn"
    chair.save_revision().publish()
    main = soup_of(client, chair.url).main
    text = main.get_text(" ", strip=True)
    assert "Chủ tịch UBND, Ủy ban nhân dân xã" in text
    assert "01/01/2020" in text  # since, dd/mm/yyyy
    assert "30/06/2024" in text  # former position's end
    assert main.find("a", href="tel:0123456789")
    assert main.find("a", href="mailto:chu@example.gov.vn")


def test_official_page_lists_public_articles_naming_them(client, news_index, directory):
    people, _ = directory
    chair = people["chair"]
    shown = factories.NewsArticlePageFactory(parent=news_index, title="Công khai")
    draft = factories.NewsArticlePageFactory(parent=news_index, title="Bản nháp")
    private = factories.NewsArticlePageFactory(parent=news_index, title="Nội bộ")
    other = factories.NewsArticlePageFactory(parent=news_index, title="Người khác")
    for article in (shown, draft, private):
        ArticleOfficial.objects.create(page=article, official=chair)
    # Named twice, listed once.
    ArticleOfficial.objects.create(page=shown, official=chair)
    ArticleOfficial.objects.create(page=other, official=people["deputy"])
    unpublish(draft)
    restrict(private)
    cards = soup_of(client, chair.url).select("main .card-title")
    assert [c.get_text(strip=True) for c in cards] == ["Công khai"]


def test_official_page_lists_their_upcoming_public_events(
    client, event_index, directory
):
    people, _ = directory
    chair = people["chair"]
    today = timezone.localdate()

    def event(title, days):
        start = datetime.datetime.combine(
            today + datetime.timedelta(days=days), datetime.time(8), tzinfo=HCM
        )
        page = factories.EventPageFactory(parent=event_index, title=title, start=start)
        EventParticipant.objects.create(page=page, official=chair)
        return page

    event("Sau", 5)
    event("Trước", 2)
    event("Đã qua", -5)
    restrict(event("Riêng", 3))
    headings = soup_of(client, chair.url).select("main .event-item h3")
    assert [h.get_text(strip=True) for h in headings] == ["Trước", "Sau"]


def test_article_names_each_official_with_the_position_held_on_its_date(
    client, news_index, directory
):
    people, _ = directory
    chair = people["chair"]
    old = factories.NewsArticlePageFactory(
        parent=news_index, date=datetime.datetime(2023, 5, 1, 9, tzinfo=HCM)
    )
    new = factories.NewsArticlePageFactory(
        parent=news_index, date=datetime.datetime(2025, 5, 1, 9, tzinfo=HCM)
    )
    for article in (old, new):
        ArticleOfficial.objects.create(page=article, official=chair)

    def named(article):
        section = soup_of(client, article.url).find(
            "section", class_="related-officials"
        )
        [item] = section.find_all("li")
        assert item.a["href"] == chair.url
        return item.get_text(" ", strip=True)

    assert "Phó Chủ tịch UBND" in named(old)
    assert "Chủ tịch UBND" in named(new) and "Phó" not in named(new)


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_article_does_not_name_hidden_officials(client, news_index, directory, hide):
    people, _ = directory
    article = factories.NewsArticlePageFactory(parent=news_index)
    ArticleOfficial.objects.create(page=article, official=people["chair"])
    ArticleOfficial.objects.create(page=article, official=people["deputy"])
    hide(people["deputy"])
    text = soup_of(client, article.url).main.get_text()
    assert "Trần Thị Chủ" in text
    assert "Phạm Văn Phó" not in text


def test_end_before_start_is_refused(directory):
    from django.core.exceptions import ValidationError

    people, (party, *_) = directory
    bad = factories.OfficialPositionFactory.build(
        page=people["chair"],
        organization=party,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError):
        bad.clean()
