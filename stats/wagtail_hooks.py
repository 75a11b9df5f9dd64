from django.template.loader import render_to_string
from django.urls import include, path

from wagtail import hooks
from wagtail.api import APIField

from wagtail_modeladmin.options import modeladmin_register

from .admin_report import StatsAdminGroup
from .api import ViewCountField, stats_view
from .middleware import PAGE_MARK
from .most_read import most_read_lists, page_types
from .report import portals_report


# A late order puts this innermost in the serve chain: it runs only once
# Wagtail's view-restriction check (and any other on_serve_page hook) has let
# the request through to the page itself.
@hooks.register("on_serve_page", order=1000)
def mark_served_page(serve):
    def inner(page, request, serve_args, serve_kwargs):
        setattr(request, PAGE_MARK, page.pk)
        return serve(page, request, serve_args, serve_kwargs)

    return inner


modeladmin_register(StatsAdminGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("stats/portals/", portals_report, name="stats_portals_report")]


# The footer figures' page and JSON, fetched so cached pages stay current.
@hooks.register("register_site_urls")
def register_site_urls():
    return [path("stats/", include("stats.urls"))]


# In the sidebar beside every page, after the leaders (news, 30).
@hooks.register("insert_sidebar_panel")
def visit_figures(context):
    """Placeholders that stats/footer-stats.js fills from /stats/figures.json.

    No figure is rendered here, so a cached page never shows stale counts.
    """
    return render_to_string("stats/footer_stats.html")


visit_figures.order = 90


@hooks.register("insert_aside_panel")
def most_read(context):
    """The most read public pages of the last 7 and 30 days."""
    lists = most_read_lists(context.get("request"))
    return render_to_string("stats/most_read.html", {"lists": lists})


@hooks.register("register_api_urls")
def register_api_urls():
    return [path("stats/", stats_view, name="stats")]


# Pages that "most read" ranks get their all-time views in the API; the page
# types are named by label, so news/ does not depend on stats/.
@hooks.register("register_api_page_fields")
def register_api_page_fields():
    field = APIField("view_count", serializer=ViewCountField())
    return {model._meta.label: [field] for model in page_types()}
