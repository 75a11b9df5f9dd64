"""The most read public pages of the last 7 and 30 days."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site

from cms import caching
from cms.visibility import visible

from .models import DailyPageStat

PERIODS = [(7, _("This week")), (30, _("This month"))]
# Kept under the content version (cms/caching.py), so a page that turns
# private or is withdrawn leaves the lists at once; short, so new views show.
CACHE_SECONDS = 300


def page_types():
    """Which pages compete: news articles by default (STATS_MOST_READ_PAGE_TYPES)."""
    names = getattr(settings, "STATS_MOST_READ_PAGE_TYPES", ["news.NewsArticlePage"])
    return [apps.get_model(name) for name in names]


def most_read(days, limit=5, site=None):
    """[(page, views)] for live, public pages, most viewed first."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    pages = visible(Page.objects.type(*page_types()), site=site)
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
    version = caching.version(request)
    key = f"stats:most-read:{version}:{site.pk if site else 0}:{limit}"
    lists = caching.cache().get(key) if version else None
    if lists is None:
        lists = []
        for days, _label in PERIODS:
            items = [
                {"title": page.title, "url": page.get_url(request)}
                for page, _views in most_read(days, limit, site)
            ]
            lists.append((days, items))
        if version:
            caching.cache().set(key, lists, CACHE_SECONDS)
    labels = dict(PERIODS)
    return [(labels[days], items) for days, items in lists if items]
