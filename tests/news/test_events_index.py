"""The events calendar: upcoming by default, past on its own, month and official
filters, and the event page itself."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from news.models import EventParticipant
from tests import factories
from tests.conftest import restrict, unpublish

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def in_days(days, hour=8):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=HCM)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(client, url):
    return [
        h.get_text(strip=True)
        for h in soup_of(client, url).select("main .event-item h2")
    ]


@pytest.fixture
def calendar(event_index):
    for title, days in [("Tuần trước", -7), ("Hôm qua", -1), ("Ngày mai", 1)]:
        factories.EventPageFactory(parent=event_index, title=title, start=in_days(days))
    factories.EventPageFactory(
        parent=event_index, title="Tuần sau", start=in_days(7), end=None
    )
    return event_index


def test_index_shows_upcoming_events_soonest_first(client, calendar):
    assert titles(client, calendar.url) == ["Ngày mai", "Tuần sau"]


def test_past_view_shows_past_events_latest_first(client, calendar):
    assert titles(client, calendar.url + "past/") == ["Hôm qua", "Tuần trước"]
    past_title = soup_of(client, calendar.url + "past/").title.get_text()
    assert past_title != soup_of(client, calendar.url).title.get_text()


def test_event_under_way_is_still_upcoming(client, event_index):
    factories.EventPageFactory(
        parent=event_index,
        title="Đang diễn ra",
        start=timezone.now() - datetime.timedelta(hours=1),
        end=timezone.now() + datetime.timedelta(hours=1),
    )
    assert titles(client, event_index.url) == ["Đang diễn ra"]


def test_month_filter(client, event_index):
    start = in_days(40)
    other = start + datetime.timedelta(days=40)
    factories.EventPageFactory(parent=event_index, title="Trong tháng", start=start)
    factories.EventPageFactory(parent=event_index, title="Tháng khác", start=other)
    query = f"?year={start.year}&month={start.month}"
    assert titles(client, event_index.url + query) == ["Trong tháng"]


def test_official_filter_doubles_as_the_work_schedule(
    client, event_index, official_index
):
    chair = factories.OfficialPageFactory(parent=official_index, title="Chủ tịch A")
    deputy = factories.OfficialPageFactory(parent=official_index, title="Phó B")
    with_chair = factories.EventPageFactory(
        parent=event_index, title="Có chủ tịch", start=in_days(2)
    )
    EventParticipant.objects.create(page=with_chair, official=chair)
    EventParticipant.objects.create(page=with_chair, official=deputy)
    factories.EventPageFactory(parent=event_index, title="Không có", start=in_days(3))
    assert titles(client, event_index.url + f"?official={chair.pk}") == ["Có chủ tịch"]
    soup = soup_of(client, event_index.url + f"?official={chair.pk}")
    assert soup.find("option", selected=True)["value"] == str(chair.pk)


@pytest.mark.parametrize(
    "query",
    [
        "?official=abc",
        "?official=999999",
        "?month=99",
        "?year=x",
        "?page=abc",
        "?page=999",
        "?page=-1",
        "?page=%00",
        "?page=99999999999999999999",
        "?official=-1",
        "?year=2026&month=0",
        "?official=%00&month=%00",
    ],
)
def test_bad_filter_values_are_ignored(client, calendar, query):
    assert titles(client, calendar.url + query) == ["Ngày mai", "Tuần sau"]


def test_hidden_official_is_not_offered_as_a_filter(
    client, event_index, official_index
):
    hidden = factories.OfficialPageFactory(parent=official_index, title="Ẩn danh")
    restrict(hidden)
    soup = soup_of(client, event_index.url)
    assert "Ẩn danh" not in soup.find("select", id="f-official").get_text()
    # Filtering by a hidden official ignores the filter instead of revealing them.
    assert titles(client, event_index.url + f"?official={hidden.pk}") == []


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_events_are_not_listed(client, event_index, hide):
    factories.EventPageFactory(parent=event_index, title="Công khai", start=in_days(1))
    hidden = factories.EventPageFactory(
        parent=event_index, title="Bí mật", start=in_days(2)
    )
    hide(hidden)
    assert titles(client, event_index.url) == ["Công khai"]


def test_event_page_shows_time_place_organizer_and_public_participants(
    client, event_index, official_index
):
    organizer = factories.OrganizationFactory(name="Ủy ban nhân dân xã")
    shown = factories.OfficialPageFactory(parent=official_index, title="Ông Công Khai")
    draft = factories.OfficialPageFactory(parent=official_index, title="Ông Nháp")
    private = factories.OfficialPageFactory(parent=official_index, title="Bà Riêng Tư")
    start = datetime.datetime(2026, 12, 3, 14, 30, tzinfo=HCM)
    event = factories.EventPageFactory(
        parent=event_index,
        start=start,
        end=start + datetime.timedelta(hours=2),
        location_name="Hội trường",
        location_address="Số 1 đường Thử",
        organizer=organizer,
        registration="Liên hệ văn phòng.",
    )
    for official in (shown, draft, private):
        EventParticipant.objects.create(page=event, official=official)
    unpublish(draft)
    restrict(private)
    main = soup_of(client, event.url).find("main")
    text = main.get_text(" ", strip=True)
    assert "14:30 03/12/2026" in text
    assert "16:30 03/12/2026" in text
    assert "Hội trường, Số 1 đường Thử" in text
    assert "Ủy ban nhân dân xã" in text
    assert "Liên hệ văn phòng." in text
    assert "Ông Công Khai" in text
    assert "Ông Nháp" not in text
    assert "Bà Riêng Tư" not in text
    assert main.find("a", href=event.url + "ical/")


def test_all_day_event_shows_the_date_only(client, event_index):
    event = factories.EventPageFactory(
        parent=event_index,
        all_day=True,
        start=datetime.datetime(2026, 12, 5, 0, 0, tzinfo=HCM),
        end=None,
    )
    time = soup_of(client, event.url).find("main").find("time")
    assert time.get_text() == "05/12/2026"


def test_event_times_are_shown_in_vietnam_time(client, event_index):
    event = factories.EventPageFactory(
        parent=event_index,
        start=datetime.datetime(2026, 12, 5, 1, 0, tzinfo=datetime.UTC),
        end=None,
    )
    assert soup_of(client, event.url).find("main").find("time").get_text() == (
        "08:00 05/12/2026"
    )


def test_end_before_start_is_refused(event_index):
    from django.core.exceptions import ValidationError

    event = factories.EventPageFactory(parent=event_index)
    event.end = event.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()
