from django.urls import path

from wagtail import hooks

from wagtail_modeladmin.options import modeladmin_register

from .admin_report import StatsAdminGroup
from .api import stats_view
from .middleware import PAGE_MARK


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


@hooks.register("register_api_urls")
def register_api_urls():
    return [path("stats/", stats_view, name="stats")]
