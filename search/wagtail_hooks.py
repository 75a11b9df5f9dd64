"""Search on the site and in the admin: the search page and the header's
form, the API's search hook, the popular searches report."""

import datetime

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from . import views
from .query import search_pages

REPORT_DAYS = 30
REPORT_PERMISSION = "wagtailsearchpromotions.change_searchpromotion"


@hooks.register("register_site_urls")
def register_site_urls():
    return [path("search/", views.search, name="search")]


@hooks.register("insert_header_panel")
def header_search_form(context):
    return render_to_string("search/header_form.html", request=context.get("request"))


@hooks.register("api_search")
def api_search(queryset, text, *, operator=None, order_by_relevance=True):
    return search_pages(
        queryset, text, operator=operator, order_by_relevance=order_by_relevance
    )


class PopularSearchesReportView(SearchTermsReportView):
    """Folded search terms with their hit counts over the last 30 days."""

    page_title = _("Popular searches (last 30 days)")
    index_url_name = "search_popular_report"
    index_results_url_name = "search_popular_report_results"

    def get_base_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=REPORT_DAYS)
        return Query.get_most_popular(date_since=since)

    def dispatch(self, request, *args, **kwargs):
        # Officers who manage promoted results need this list, not only admins.
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        return ReportView.dispatch(self, request, *args, **kwargs)


class PopularSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "reports/popular-searches/",
            PopularSearchesReportView.as_view(),
            name="search_popular_report",
        ),
        path(
            "reports/popular-searches/results/",
            PopularSearchesReportView.as_view(results_only=True),
            name="search_popular_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_popular_searches_menu_item():
    return PopularSearchesMenuItem(
        _("Popular searches"),
        reverse("search_popular_report"),
        name="popular-searches",
        icon_name="search",
        order=1310,
    )
