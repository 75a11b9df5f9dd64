"""Rendered parts of pages (an article's body, the site header), kept between
renders so a page missing from the page cache (cms/page_cache.py) is cheap to
render again.

One site-wide version token is part of every fragment's key. Any change to the
content a fragment may show (a page published, unpublished, moved or deleted,
site settings, an image or its renditions, a document, an organization, a
tag, ...) sets a new token once committed, and every fragment rendered before
is dead at once: publishing is rare next to reading, so a coarse version costs
little and can miss nothing. A render racing a change reads the version before
it reads the rows, so it can only store old content under the old, dead token.
Rules and settings: docs/caching.md.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.translation import get_language

from wagtail.models import Site

VERSION_KEY = "fragments:version"
# Rows of these apps can show in a fragment; a save or delete of any of them
# sets a new version (cms/signal_handlers.py).
CONTENT_APPS = {
    "cms",
    "home",
    "news",
    "publications",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "taggit",
}


def cache():
    return caches[settings.FRAGMENT_CACHE_ALIAS]


def enabled():
    return settings.FRAGMENT_CACHE_SECONDS > 0


def version(request):
    """The version token, read once per request."""
    token = getattr(request, "_fragment_version", None)
    if token is None:
        token = cache().get(VERSION_KEY)
        if token is None:
            # First render since a flush: another process may set it first.
            cache().add(VERSION_KEY, uuid.uuid4().hex, None)
            token = cache().get(VERSION_KEY)
        request._fragment_version = token
    return token


def versioned_key(request, kind, *parts):
    """A cache key that dies with the current version: every entry kept
    under a version (rendered fragments, routes) is named here."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"fragments:{version(request)}:{kind}:{digest}"


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
        and version(request) is not None
    )


def bump():
    cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_on_commit(**kwargs):
    """Signal receiver: a new version once the change is visible to renders."""
    if enabled():
        transaction.on_commit(bump)
