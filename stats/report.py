"""The report of every portal for the province administrator: visits and
page views today, over the last 30 days and in all (starting totals
included), on screen and as CSV. Each user sees the portals stats/access.py
allows. Three queries whatever the number of portals: the user's page
permissions (none for province administrators), the daily figures grouped
by portal, and the starting totals.

Figures are the flushed ones: up to one flush interval behind the footers.
"""

import csv
import datetime

from django.db.models import Q, Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.admin.auth import permission_denied

from .access import ALL_PORTALS_PERMISSION, visible_portals
from .models import DailySiteStat, StatsSettings

PERIOD_DAYS = 30
FIGURES = (
    "visits_today",
    "views_today",
    "visits_month",
    "views_month",
    "visits_total",
    "views_total",
)


def may_read(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm(ALL_PORTALS_PERMISSION)
        or user.has_perm("stats.view_dailysitestat")
    )


def portal_rows(portals, today=None):
    """[{"portal", figure: value ...}] for the given portals, in two queries."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PERIOD_DAYS - 1)
    site_ids = [portal.site_id for portal in portals]
    counted = {
        row["site_id"]: row
        for row in DailySiteStat.objects.filter(site_id__in=site_ids)
        .values("site_id")
        .annotate(
            visits_today=Sum("visits", filter=Q(date=today)),
            views_today=Sum("views", filter=Q(date=today)),
            visits_month=Sum("visits", filter=Q(date__gte=since, date__lte=today)),
            views_month=Sum("views", filter=Q(date__gte=since, date__lte=today)),
            visits_total=Sum("visits"),
            views_total=Sum("views"),
        )
        .order_by()
    }
    starting = {
        row["site_id"]: row
        for row in StatsSettings.objects.filter(site_id__in=site_ids).values(
            "site_id", "initial_visits", "initial_page_views"
        )
    }
    rows = []
    for portal in portals:
        row = {"portal": portal}
        found = counted.get(portal.site_id, {})
        for figure in FIGURES:
            row[figure] = found.get(figure) or 0
        start = starting.get(portal.site_id, {})
        row["visits_total"] += start.get("initial_visits", 0)
        row["views_total"] += start.get("initial_page_views", 0)
        rows.append(row)
    return rows


def headers():
    return [
        _("Agency"),
        _("Host name"),
        _("Visits today"),
        _("Page views today"),
        _("Visits, last %(days)s days") % {"days": PERIOD_DAYS},
        _("Page views, last %(days)s days") % {"days": PERIOD_DAYS},
        _("Visits in all"),
        _("Page views in all"),
    ]


def portals_report(request):
    if not may_read(request.user):
        return permission_denied(request)
    rows = portal_rows(visible_portals(request.user))
    if request.GET.get("export") == "csv":
        return csv_response(rows)
    totals = {figure: sum(row[figure] for row in rows) for figure in FIGURES}
    return TemplateResponse(
        request,
        "stats/admin/portals_report.html",
        {
            "rows": rows,
            "totals": totals if len(rows) > 1 else None,
            "headers": headers(),
            "page_title": _("Visit statistics of every portal"),
            "header_icon": "view",
            "today": timezone.localdate(),
        },
    )


def csv_response(rows):
    """UTF-8 with a byte order mark, so Excel shows Vietnamese names."""
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-cong-thanh-phan-{today:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(headers())
    for row in rows:
        portal = row["portal"]
        writer.writerow(
            [portal.name, portal.hostname, *(row[figure] for figure in FIGURES)]
        )
    return response
