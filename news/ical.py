"""iCalendar (RFC 5545) for one event or a calendar's upcoming events."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar, Event, Timezone, TimezoneStandard

from cms.text import without_control_characters as clean

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)


def _vtimezone():
    # Vietnam has kept UTC+7 without daylight saving since 1975.
    tz = Timezone()
    tz.add("tzid", settings.TIME_ZONE)
    standard = TimezoneStandard()
    standard.add("dtstart", datetime.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=7))
    standard.add("tzoffsetto", datetime.timedelta(hours=7))
    standard.add("tzname", "ICT")
    tz.add_component(standard)
    return tz


def build_calendar(events, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Portal//Events//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # Text is cleaned of control characters, which RFC 5545 forbids, in case a
    # row was saved before they were removed on save (cms/signal_handlers.py).
    calendar.add("x-wr-calname", clean(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(_vtimezone())
    stamp = timezone.now()
    for event in events:
        item = Event()
        # Never the address: a portal that changes its host name must not
        # hand every subscriber a second copy of each event.
        item.add("uid", f"event-{event.translation_key}")
        item.add("dtstamp", stamp)
        item.add("summary", clean(event.title))
        start = timezone.localtime(event.start, LOCAL_TZ)
        end = timezone.localtime(event.end, LOCAL_TZ) if event.end else None
        if event.all_day:
            item.add("dtstart", start.date())
            last_day = end.date() if end else start.date()
            item.add("dtend", last_day + datetime.timedelta(days=1))
        else:
            item.add("dtstart", start)
            item.add("dtend", end or start + datetime.timedelta(hours=1))
        location = ", ".join(
            part for part in (event.location_name, event.location_address) if part
        )
        if location:
            item.add("location", clean(location))
        if event.summary:
            item.add("description", clean(event.summary))
        item.add("url", event.full_url)
        if event.last_published_at:
            item.add("last-modified", event.last_published_at)
        calendar.add_component(item)
    return calendar


def calendar_response(page, events, filename):
    calendar = build_calendar(events, page.title)
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
