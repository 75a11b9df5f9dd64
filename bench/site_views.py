"""bench/site_wrk.sh's URLconf: the site, a minimal view, and pages rendered
on every request. Reachable only under bench.site_settings."""

from django.http import HttpResponse
from django.urls import path, re_path

from cms import route_cache
from cms.urls import urlpatterns as site_urlpatterns


def minimal(request):
    return HttpResponse("<!DOCTYPE html><title>ok</title><p>ok</p>")


urlpatterns = [
    # Under /api/, which the page cache never looks up: the yardstick pays
    # nothing of the page cache.
    path("api/bench/minimal/", minimal),
    # The site's page view under another prefix: the page cache stores a page
    # only under its own URL, so these miss and render every time, as a page
    # not yet in the cache does.
    re_path(r"^bench/uncached/((?:[\w\-]+/)*)$", route_cache.serve),
    *site_urlpatterns,
]
