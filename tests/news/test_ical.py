"""iCalendar (RFC 5545) for one event and for a calendar's upcoming events."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest
from icalendar import Calendar

from tests import factories
from tests.conftest import restrict, unpublish

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_of(cal):
    return [c for c in cal.walk("VEVENT")]


def in_days(days, hour=8):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=HCM)


def test_event_ical_has_uid_dtstamp_and_keeps_the_timezone(client, event_index):
    start = in_days(3, hour=14)
    event = factories.EventPageFactory(
        parent=event_index,
        title="Tiếp công dân",
        start=start,
        end=start + datetime.timedelta(hours=2),
        location_name="Hội trường",
        location_address="Số 1 đường Thử",
        summary="Chủ tịch tiếp công dân.",
    )
    cal = calendar(client, event.url + "ical/")
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"]
    [timezone_component] = cal.walk("VTIMEZONE")
    assert timezone_component["TZID"] == "Asia/Ho_Chi_Minh"
    [item] = events_of(cal)
    assert str(item["UID"]) == f"event-{event.translation_key}"
    assert item["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert str(item["SUMMARY"]) == "Tiếp công dân"
    assert item["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert item["DTSTART"].dt == start
    assert item["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=7)
    assert item["DTSTART"].dt.hour == 14
    assert item["DTEND"].dt == start + datetime.timedelta(hours=2)
    assert str(item["LOCATION"]) == "Hội trường, Số 1 đường Thử"
    assert str(item["URL"]).startswith("http://")
    assert str(item["URL"]).endswith(event.url)


def test_all_day_event_uses_date_values_with_an_exclusive_end(client, event_index):
    start = in_days(5, hour=0)
    event = factories.EventPageFactory(
        parent=event_index,
        all_day=True,
        start=start,
        end=start + datetime.timedelta(days=1, hours=17),
    )
    [item] = events_of(calendar(client, event.url + "ical/"))
    assert type(item["DTSTART"].dt) is datetime.date
    assert item["DTSTART"].dt == start.date()
    # Two calendar days, so the exclusive end is the day after the second.
    assert item["DTEND"].dt == start.date() + datetime.timedelta(days=2)
    assert b"DTSTART;VALUE=DATE:" in client.get(event.url + "ical/").content


def test_index_ical_lists_upcoming_public_events_only(client, event_index):
    soon = factories.EventPageFactory(
        parent=event_index, title="Sắp tới", start=in_days(2)
    )
    later = factories.EventPageFactory(
        parent=event_index, title="Sau nữa", start=in_days(9)
    )
    factories.EventPageFactory(parent=event_index, title="Đã qua", start=in_days(-9))
    draft = factories.EventPageFactory(
        parent=event_index, title="Nháp", start=in_days(3)
    )
    unpublish(draft)
    private = factories.EventPageFactory(
        parent=event_index, title="Riêng", start=in_days(4)
    )
    restrict(private)
    cal = calendar(client, event_index.url + "ical/")
    assert [str(e["SUMMARY"]) for e in events_of(cal)] == [soon.title, later.title]
    uids = {str(e["UID"]) for e in events_of(cal)}
    assert len(uids) == 2
    assert cal.walk("VTIMEZONE")


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_event_has_no_ical(client, event_index, hide):
    event = factories.EventPageFactory(parent=event_index, title="Bí mật")
    url = event.url + "ical/"
    hide(event)
    response = client.get(url)
    assert b"BEGIN:VCALENDAR" not in response.content
    assert response.status_code in (200, 302, 404)
