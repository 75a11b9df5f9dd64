"""Routing results kept between requests, so a page missing from the page
cache (cms/page_cache.py) is found without the database.

Finding the page for a URL costs Wagtail five to seven queries (the site, a
page per path segment, the view restrictions of the page and its ancestors)
and the site settings one more: more than half the CPU time of an article
rendered afresh. The answer depends only on the host, the path and rows whose
every change renews the content version (cms/caching.py: pages, sites, view
restrictions, site settings), so it is kept under that version and dies with
it, like the rendered fragments. The version is read before the rows, so a
routing racing a publish can only store the old answer under the old, dead
version.

What is kept: the site, the routed page (as its specific type, with what its
routing loaded: the parents for breadcrumbs, the images its section selects)
and its view restrictions, the path segments the page routed itself (a
routable page's sub-route) and the site settings. Model instances are pickled,
as Django's own cache does, under a key naming the Django and Wagtail
versions, so an upgrade never reads what the previous versions pickled. A hit
routes the page again over those segments (no query), so a routable page's
view and arguments are worked out as Wagtail does.

`serve` is Wagtail's page view (wagtail.views.serve) built from public parts:
`Page.route_for_request` on a miss, `Page.route` on a hit, then the
`before_serve_page` and `on_serve_page` hooks and `Page.serve`. Whether this
request may see the page is still decided per request, by Wagtail's
`on_serve_page` check, which asks the page's `get_view_restrictions()`: our
page types (`CachedRoutePageMixin`) answer it from the restrictions kept with
the route. The site settings come through `SiteSettings.for_request`, ours.

One piece has no public seam: the site. `Site.find_for_request()` keeps its
answer only in the request's private `_wagtail_site`, and Wagtail's own
`{% pageurl %}` asks it on every render, so `use_site` sets that attribute;
were Wagtail to rename it, pages stay correct and each hit costs one site
query (tests/cms/test_route_cache.py and the fragments' query pin fail).

A URL that finds no page is not kept: unknown addresses cannot fill the cache.
Rules and measurements: docs/caching.md.
"""

import logging
import pickle

import django
from django.conf import settings
from django.http import Http404, HttpResponse

import wagtail
from wagtail import hooks
from wagtail.models import Page, Site

from cms import caching, fragments
from cms.archives import ArchivePagePermissionsMixin
from cms.models import SiteSettings

logger = logging.getLogger(__name__)

# What wrote a kept entry: pickled model instances are read back only by the
# same versions of Django and Wagtail.
PICKLED_BY = (django.__version__, wagtail.__version__)


class CachedRoutePageMixin(ArchivePagePermissionsMixin):
    """For every page type of ours: a page kept with its route carries its
    view restrictions (its own and its ancestors'), so Wagtail's privacy
    check on a hit costs no query. Only the route cache's copy carries them,
    as a list (Wagtail's check iterates over them); every other instance gets
    Wagtail's queryset. Being on every page type, it also carries the
    archives' read-only permissions (cms/archives.py)."""

    kept_view_restrictions = None

    def keep_view_restrictions(self):
        self.kept_view_restrictions = list(super().get_view_restrictions())

    def get_view_restrictions(self):
        if self.kept_view_restrictions is None:
            return super().get_view_restrictions()
        return self.kept_view_restrictions


def key(request, path):
    # Not fragments.key(): that one finds the site, which costs the query a
    # hit exists to spare; host and port are what Wagtail finds it by.
    return fragments.versioned_key(
        request, "route", *PICKLED_BY, request.get_host(), request.get_port(), path
    )


def use_site(request, site):
    """Give Wagtail the kept site: the one private attribute (see above)."""
    request._wagtail_site = site


def restore(request, entry):
    """The route kept in the entry, or None if it cannot serve (routed
    elsewhere now, or kept by older code)."""
    try:
        site, page, tail, site_settings = pickle.loads(entry)  # noqa: S301
        route = page.route(request, tail)
    except Http404:
        return None
    except Exception:
        # A deploy renamed a class or field the entry names: route afresh.
        logger.info("route cache: entry unusable, routing afresh", exc_info=True)
        return None
    use_site(request, site)
    SiteSettings.use_for_request(request, site_settings)
    return route


def remember(request, path, cache_key):
    """Route as Wagtail does, and keep the answer when there is one."""
    route = Page.route_for_request(request, path)
    if route is None:
        return None
    site = Site.find_for_request(request)  # found by the routing: no query
    page = route.page
    # Segments below the site's root that the page did not route through
    # itself: a routable page's own sub-route (feed/, ical/), else none.
    depth = page.depth - site.root_page.depth
    tail = [part for part in path.split("/") if part][depth:]
    if isinstance(page, CachedRoutePageMixin):
        page.keep_view_restrictions()
    entry = pickle.dumps(
        (site, page, tail, SiteSettings.for_request(request)),
        pickle.HIGHEST_PROTOCOL,
    )
    caching.keep_entry(cache_key, entry, settings.FRAGMENT_CACHE_SECONDS)
    return route


def find_route(request, path):
    """The page, view arguments and keyword arguments for the path, or None."""
    if not (fragments.usable(request) and request.method in ("GET", "HEAD")):
        return Page.route_for_request(request, path)
    cache_key = key(request, path)
    # Pickled bytes: each request unpickles its own page objects.
    entry = caching.get_entry(cache_key)
    route = None if entry is None else restore(request, entry)
    return route if route is not None else remember(request, path, cache_key)


def serve_page(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def serve(request, path):
    """Wagtail's page view, routed from the cache when it can be."""
    route = find_route(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route

    chain = serve_page
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)

    for check in hooks.get_hooks("before_serve_page"):
        result = check(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result

    return chain(page, request, args, kwargs)
