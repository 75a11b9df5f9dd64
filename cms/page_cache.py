"""Whole responses of public pages, kept for anonymous visitors.

Two middlewares share the work, like Django's own cache middleware:
FetchPageCacheMiddleware (right below the statistics) answers from the cache
before sessions, CSRF and routing, and answers conditional requests itself,
as ConditionalGetMiddleware below it would; UpdatePageCacheMiddleware (above
the statistics, session and CSRF middleware) stores what Wagtail served once
every other middleware has had its say, so a response that sets a cookie is
seen as such and the copy carries every header (ETag included).

An entry is valid only while the content version (cms/caching.py) still
equals what the fetch saw before the page was rendered: any committed change
to content kills every entry at once, in every worker, and a render racing a
publish can never store the old content under the new version. The fetch reads
the version and the entry in one round trip and leaves the version on the
request for the fragments rendered below it. Rules and settings:
docs/caching.md.
"""

import hashlib
import math
import time

from django.conf import settings
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import parse_http_date_safe

from cms import caching, visibility

# Set on the request by the on_serve_page hook (cms/wagtail_hooks.py) once
# Wagtail's view-restriction check has let the request through to the page.
PAGE_MARK = "page_cache_path"
# Routes of cms/urls.py that never serve a Wagtail page: no lookup at all.
NEVER_PAGES = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/documents/",
    "/search/",
    "/stats/",
    "/static/",
    "/media/",
    "/healthz/",
    "/_util/",
)
ALLOWED_VARY = {"cookie", "accept-encoding"}


def cache():
    return caching.cache()


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def entry_key(request):
    query = sorted(request.GET.lists())
    raw = f"{request.get_host()}|{request.path}|{query!r}"
    return "page-cache:entry:" + hashlib.sha256(raw.encode()).hexdigest()


def is_personal(request):
    """A signed-in person (or anyone holding a session) gets their own page."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class Lookup:
    """What the fetch saw, kept on the request for the update middleware."""

    def __init__(self, request):
        self.key = entry_key(request)
        self.version, found = caching.read_version(request, self.key)
        entry = found.get(self.key)
        # An entry outlived by a change, or by a page's expiry (which it may
        # show), is never used, not even as a fallback.
        if (
            entry
            and self.version is not None
            and entry["version"] == self.version
            and entry.get("visible_until", math.inf) > time.time()
        ):
            self.entry = entry
        else:
            self.entry = None

    def fresh(self):
        return self.entry is not None and self.entry["fresh_until"] > time.time()

    def response(self, request):
        response = self.entry["response"]
        response["X-Cache"] = "HIT"
        response.page_cache_hit = True
        # If-None-Match / If-Modified-Since: a 304 from the stored validators.
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    def store(self, request, response):
        if self.version is None:
            return  # the cache gave no version: the entry could outlive a change
        now = time.time()
        # A page that expires leaves every listing at that moment, with no
        # content change to renew the version: no copy is fresh past it.
        expiry = visibility.next_expiry_timestamp(request) or math.inf
        entry = {
            "version": self.version,
            "fresh_until": min(now + settings.PAGE_CACHE_SECONDS, expiry),
            "visible_until": expiry,
            "response": response,
        }
        cache().set(self.key, entry, settings.PAGE_CACHE_STALE_SECONDS)


def lookup_for(request):
    """A Lookup when the request may be answered from the cache, else None."""
    if (
        not enabled()
        or request.method not in ("GET", "HEAD")
        or request.path.startswith(NEVER_PAGES)
        or is_personal(request)
    ):
        return None
    # Listing filters and pagination are cached; any other parameter (a
    # tracking tag, a cache buster) is served fresh, so it cannot fill the cache.
    if not set(request.GET) <= set(settings.PAGE_CACHE_QUERY_PARAMS):
        return None
    return Lookup(request)


class FetchPageCacheMiddleware:
    """Answer anonymous page requests from the cache; keep the last copy for
    when the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lookup = lookup_for(request)
        if lookup is None:
            return self.get_response(request)
        if lookup.fresh():
            return lookup.response(request)
        request.page_cache = lookup
        response = self.get_response(request)
        if lookup.entry is not None and getattr(
            response, "database_unavailable", False
        ):
            # Expired, but no content changed since: the page as it last was beats a 503.
            return lookup.response(request)
        return response


def storable(request, response):
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or getattr(request, "is_preview", False)
        # A feed or other sub-route of a routable page is served fresh: only
        # pages' own URLs are stored (docs/caching.md, "What is cached").
        or getattr(request, PAGE_MARK) != request.path
    ):
        return False
    # Wagtail marks pages behind a view restriction never-cache, even once the
    # visitor is let in.
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return vary <= ALLOWED_VARY


class UpdatePageCacheMiddleware:
    """Store pages Wagtail served to anonymous visitors; set Cache-Control and
    Vary on every page response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not enabled()
            or getattr(response, "page_cache_hit", False)
            or getattr(request, PAGE_MARK, None) is None
        ):
            return response
        lookup = getattr(request, "page_cache", None)
        if lookup is None:
            if is_personal(request):
                add_never_cache_headers(response)
            return response
        if storable(request, response):
            patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_MAX_AGE,
                s_maxage=settings.PAGE_CACHE_PROXY_MAX_AGE,
            )
            lookup.store(request, response)
            response["X-Cache"] = "MISS"
        return response
