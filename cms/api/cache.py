"""The API's response cache, shared by every worker and keyed on the content
version (cms/caching.py): a publish, an edit or a new view restriction
anywhere shows in the next response, whichever worker answers it.

The response is kept with its ETag, computed once as Django's
ConditionalGetMiddleware would, which then answers If-None-Match with 304.
While the database is down the API answers 503 with Retry-After, in JSON.
"""

import hashlib
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from cms import caching, portals, visibility
from cms.middleware import unavailable_json

logger = logging.getLogger(__name__)


def cache_seconds():
    return settings.API_CACHE_SECONDS


def cache_key(request, version):
    """The version names the portal's part, and the key names the portal
    itself too: two portals' answers never share an entry, even while a
    cache flush leaves their parts equal."""
    portal = portals.for_request(request)
    query = sorted(request.GET.lists())
    raw = f"{version}|{portal.site_id if portal else ''}|{request.path}|{query!r}"
    return "api:response:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_api_view(view):
    """Serve the API from the shared cache; database down → 503."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = caching.version(request) if cache_seconds() else None
        key = cache_key(request, version) if version else None
        entry = caching.get_entry(key) if key else None
        if entry is None:
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            except (OperationalError, InterfaceError):
                logger.exception("API request failed: database unavailable")
                return unavailable_json()
            set_response_etag(response)
            entry = (
                response.status_code,
                response.content,
                response.get("Location"),
                response.get("ETag"),
            )
            if key and response.status_code < 500:
                # Never kept past a page's expiry: the API drops it then.
                seconds = visibility.seconds_visible(request, cache_seconds())
                caching.keep_entry(key, entry, seconds)
        status, content, location, etag = entry
        response = HttpResponse(content, status=status, content_type="application/json")
        if location:
            response["Location"] = location
        if etag:
            response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=cache_seconds())
        return response

    wrapped.csrf_exempt = True
    return wrapped
