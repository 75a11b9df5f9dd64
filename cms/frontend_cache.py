"""Purging the cache in front of the portals (nginx, a CDN) when content changes.

cms/caching.py decides which portals a committed change shows on and renews
their content version; the same portals are purged here, from every cache
configured in WAGTAILFRONTENDCACHE (Wagtail's frontend-cache backends; set
from FRONTEND_CACHE_PURGE_URL, docs/deploy.md "nginx in front of two
nodes"). A purge names one address per portal, `https://host/*`, which the
front cache reads as "every page of this host", as the page cache drops
every page of a portal: a page changed shows on listings, the home page,
feeds and search, too many addresses to name one by one.

The purge is Wagtail's task, so with the database task backend the worker
sends it, not the officer's publish request.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import DatabaseError

from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from cms import portals

logger = logging.getLogger(__name__)

# Seconds a purge waits for the front cache: a stuck one must not hold the
# worker (the front copy then lives out its own lifetime).
PURGE_TIMEOUT = 5


class TimedHTTPBackend(HTTPBackend):
    """Wagtail's HTTP backend (a PURGE request to the cache's own address,
    with the portal's host name), with a time limit."""

    def purge(self, url):
        parts = urlsplit(url)
        # The scheme is the configured cache's (LOCATION), never a visitor's.
        request = Request(  # noqa: S310
            urlunsplit(
                (self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")
            ),
            headers={"Host": parts.netloc},
            method="PURGE",
        )
        try:
            with urlopen(request, timeout=PURGE_TIMEOUT):  # noqa: S310
                pass
        except (URLError, OSError) as error:
            logger.error("could not purge %s from the front cache: %s", url, error)


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def portal_addresses(site_ids):
    """The wildcard address of each portal (all of them for None)."""
    return [
        f"{portal.base_url}/*"
        for portal in portals.all_portals()
        if site_ids is None or portal.site_id in site_ids
    ]


def content_changed(site_ids):
    """Called by cms/caching.py once a change is committed: Wagtail's purge
    task (run by the task worker with the database backend, not in the
    officer's request) purges the portals the change shows on."""
    if not configured():
        return
    try:
        purge_urls_from_cache(portal_addresses(site_ids))
    except DatabaseError as error:
        # The migrations of a new database make its first site and pages
        # before the portals' and the task queue's tables exist: no front
        # cache holds anything of it yet. Otherwise (the database gone after
        # the commit) the front copies live out their s-maxage.
        logger.warning("front cache not purged: %s", error)
