"""The most read public pages of the last 7 and 30 days."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from .models import DailyPageStat

PERIODS = [(7, _("This week")), (30, _("This month"))]
# Short, and cleared on publish, unpublish and privacy changes, so a page
# that turns private or is withdrawn leaves the lists at once.
CACHE_SECONDS = 300
CACHE_VERSION_KEY = "stats:most-read:version"


def page_types():
    """Which pages compete: news articles by default (STATS_MOST_READ_PAGE_TYPES)."""
    names = getattr(settings, "STATS_MOST_READ_PAGE_TYPES", ["news.NewsArticlePage"])
    return [apps.get_model(name) for name in names]


def most_read(days, limit=5, site=None):
    """[(page, views)] for live, public pages, most viewed first."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    pages = Page.objects.live().public().type(*page_types())
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    rows = list(
        DailyPageStat.objects.filter(date__gte=since, page__in=pages)
        .values("page")
        .annotate(total=Sum("views"))
        .order_by("-total", "page")[:limit]
    )
    by_id = Page.objects.in_bulk([row["page"] for row in rows])
    return [(by_id[row["page"]], row["total"]) for row in rows if row["page"] in by_id]


def most_read_lists(request, limit=5):
    """[(period label, [{"title", "url"}])], cached for a few minutes per site."""
    site = Site.find_for_request(request) if request is not None else None
    version = cache.get_or_set(CACHE_VERSION_KEY, lambda: timezone.now().timestamp())
    key = f"stats:most-read:{version}:{site.pk if site else 0}:{limit}"
    lists = cache.get(key)
    if lists is None:
        lists = []
        for days, _label in PERIODS:
            items = [
                {"title": page.title, "url": page.get_url(request)}
                for page, _views in most_read(days, limit, site)
            ]
            lists.append((days, items))
        cache.set(key, lists, CACHE_SECONDS)
    labels = dict(PERIODS)
    return [(labels[days], items) for days, items in lists if items]


def clear_most_read(**kwargs):
    cache.delete(CACHE_VERSION_KEY)


def connect_signals():
    page_published.connect(clear_most_read, dispatch_uid="stats-most-read-published")
    page_unpublished.connect(
        clear_most_read, dispatch_uid="stats-most-read-unpublished"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            clear_most_read,
            sender=PageViewRestriction,
            dispatch_uid=f"stats-most-read-restriction-{signal!r}",
        )
