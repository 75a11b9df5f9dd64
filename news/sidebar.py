"""What news/ puts in the sidebar beside every page of a portal (the
`insert_sidebar_panel` hooks in wagtail_hooks.py): this week's work calendar
and the leaders. The sidebar is one fragment per portal (cms/fragments.py),
so these queries run only when it is rendered afresh; any content change
renews it (cms/caching.py), and the week turns within FRAGMENT_CACHE_SECONDS.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from cms.visibility import in_portals_q, visible
from news.models import EventPage, OfficialPage
from news.models.officials import positions_prefetch

SIDEBAR_EVENTS = 6
SIDEBAR_LEADERS = 4


def week_bounds(today=None):
    """Monday 00:00 and the next Monday 00:00 of the week holding `today`,
    in local time (Vietnamese work calendars run Monday to Sunday)."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    return start, start + datetime.timedelta(days=7)


def week_events(portal, today=None):
    """The portal's live, public events that fall in this week, in one query."""
    if portal is None:
        return []
    start, end = week_bounds(today)
    overlaps = Q(start__lt=end) & (
        Q(end__gte=start) | Q(end__isnull=True, start__gte=start)
    )
    return list(
        visible(EventPage.objects.filter(in_portals_q([portal])))
        .filter(overlaps)
        .only("title", "url_path", "path", "depth", "start", "end", "all_day")
        .order_by("start", "pk")[:SIDEBAR_EVENTS]
    )


def leaders(portal):
    """The portal's first leaders with their positions, in two queries."""
    if portal is None:
        return []
    return list(
        visible(OfficialPage.objects.filter(in_portals_q([portal])))
        .prefetch_related(positions_prefetch())
        .order_by("sort_order", "title")[:SIDEBAR_LEADERS]
    )
