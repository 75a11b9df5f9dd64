"""Routing results kept between requests, so a page missing from the page
cache (cms/page_cache.py) is found without the database.

Finding the page for a URL costs Wagtail five to seven queries (the site, a
page per path segment, the view restrictions of the page and its ancestors)
and the site settings one more: more than half the CPU time of an article
rendered afresh. The answer depends only on the host, the path and rows whose
every change sets a new fragment version (cms/fragments.py: pages, sites, view
restrictions, site settings), so it is kept under that version and dies with
it, like the rendered fragments. The version is read before the rows, so a
routing racing a publish can only store the old answer under the old, dead
version.

What is kept: the site, the routed page (as its specific type, with the
parents routing attached for breadcrumbs), the path segments the page routed
itself (a routable page's sub-route), the page's view restrictions and the
site settings. A hit routes the page again over those segments (no query), so
a routable page's view and arguments are worked out as Wagtail does; whether
this request may see the page is still decided per request, by Wagtail's
on_serve_page check, from the kept restrictions. A URL that finds no page is
not kept: unknown addresses cannot fill the cache.
"""

import logging
import pickle

from django.conf import settings
from django.http import Http404

from wagtail import views as wagtail_views
from wagtail.models import Page

from cms import fragments
from cms.models import SiteSettings

logger = logging.getLogger(__name__)


def key(request, path):
    # Not fragments.key(): that one finds the site, which costs the query a
    # hit exists to spare; host and port are what Wagtail finds it by.
    return fragments.versioned_key(
        request, "route", request._get_raw_host(), request.get_port(), path
    )


def use_restrictions(page, restrictions):
    """Wagtail's restriction check only iterates over what this returns; the
    kept list spares its two queries. Only this copy of the page sees it (and
    a function is not picklable: set it after pickling)."""
    page.get_view_restrictions = lambda: restrictions


def restore(request, entry):
    """Set what Wagtail would have queried on the request; False if the
    entry cannot serve (routed elsewhere now, or kept by older code)."""
    try:
        site, page, tail, restrictions, site_settings = pickle.loads(entry)  # noqa: S301
        route = page.route(request, tail)
    except Http404:
        return False
    except Exception:
        # A deploy renamed a class or field the entry names: route afresh.
        logger.info("route cache: entry unusable, routing afresh", exc_info=True)
        return False
    request._wagtail_site = site
    site_settings._request = request
    setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
    use_restrictions(route.page, restrictions)
    request._wagtail_route_for_request = route
    return True


def remember(request, path, cache_key):
    """Route as Wagtail does, and keep the answer when there is one."""
    route = Page.route_for_request(request, path)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None:
        return
    page = route.page
    # Segments below the site's root that the page did not route through
    # itself: a routable page's own sub-route (feed/, ical/), else none.
    depth = page.depth - site.root_page.depth
    tail = [part for part in path.split("/") if part][depth:]
    restrictions = list(page.get_view_restrictions())
    entry = pickle.dumps(
        (site, page, tail, restrictions, SiteSettings.for_request(request)),
        pickle.HIGHEST_PROTOCOL,
    )
    fragments.cache().set(cache_key, entry, settings.FRAGMENT_CACHE_SECONDS)
    use_restrictions(page, restrictions)


def serve(request, path):
    """Wagtail's page view, routed from the cache when it can be."""
    if fragments.usable(request) and request.method in ("GET", "HEAD"):
        cache_key = key(request, path)
        entry = fragments.cache().get(cache_key)
        if entry is None or not restore(request, entry):
            remember(request, path, cache_key)
    return wagtail_views.serve(request, path)
