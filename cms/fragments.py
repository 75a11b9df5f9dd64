"""Rendered parts of pages (an article's body, the site header), kept between
renders so a page missing from the page cache (cms/page_cache.py) is cheap to
render again.

Every fragment is kept under the content version (cms/caching.py): any change
to content a fragment may show sets a new version once committed, and every
fragment rendered before is dead at once. Rules and settings: docs/caching.md.
"""

import hashlib

from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Site

from cms import caching


def cache():
    return caching.cache()


def enabled():
    return settings.FRAGMENT_CACHE_SECONDS > 0


def versioned_key(request, kind, *parts):
    """A cache key that dies with the current content version: every entry
    kept under it (rendered fragments, routes) is named here."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"fragments:{caching.version(request)}:{kind}:{digest}"


def key(request, name, vary_on):
    site = Site.find_for_request(request)
    return versioned_key(
        request, "html", name, site.pk if site else None, get_language(), *vary_on
    )


def usable(request):
    """Previews show unsaved content under the live page's id: never cached.
    Nor is anything while the cache gives no version: an entry kept then
    could outlive the next change."""
    return (
        enabled()
        and request is not None
        and not getattr(request, "is_preview", False)
        and caching.version(request) is not None
    )
