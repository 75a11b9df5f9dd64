"""Count a view when a public page is served, before any page cache answers.

Place this middleware above Django's FetchFromCacheMiddleware (or any page
cache), so a page served from the cache still passes through it. The page
being served is marked by the on_serve_page hook in wagtail_hooks.py, after
Wagtail's view-restriction check; the mark is also kept on the response so a
cached copy still names its page.

What counts is decided here, once, for this middleware and for the views
read back from nginx's access log (stats/proxy_log.py): counted_answer() for
the answer, counted_reader() for who asked.
"""

import functools
import logging
import re

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from .counting import get_counter

logger = logging.getLogger(__name__)

# Real browsers announce themselves as Mozilla/... or Opera/...; anything else
# (curl, python, Go, Java, monitoring tools) is a script. Among browser-like
# agents these words mark crawlers, link previews and headless browsers.
BROWSER = re.compile(r"^(?:Mozilla|Opera)/")
BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|"
    r"preview|lighthouse|headless|phantomjs|pingdom|uptime|monitor|"
    r"bingpreview|yahoo! ?slurp|mediapartners|adsbot|feedfetcher|scrapy",
    re.IGNORECASE,
)
PAGE_MARK = "stats_page_id"
# Names the page of an answer that counts, for a cache in front: nginx logs
# it for the answers it serves itself (deploy/nginx/portal.conf). Page ids
# are public (the API lists them).
PAGE_HEADER = "X-Page-Id"
# nginx sends its cache status to the nodes (deploy/nginx/portal.conf).
# EXPIRED is its background renewal of an old copy: the reader was already
# answered with that copy (STALE), and nginx's log counts that answer.
PROXY_CACHE_HEADER = "HTTP_X_PROXY_CACHE_STATUS"
PROXY_RENEWAL = "EXPIRED"


# Visitors share a few hundred distinct agents: remember each verdict.
@functools.lru_cache(maxsize=2048)
def is_bot(user_agent):
    return not BROWSER.match(user_agent) or bool(BOT.search(user_agent))


def is_prefetch(meta):
    """`meta`: request.META, or the same keys read from a proxy's log (not
    request.headers: building it parses every header)."""
    purpose = meta.get("HTTP_SEC_PURPOSE") or meta.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose or "prerender" in purpose


def counted_answer(method, status, content_type):
    """A page answer that is a page read: a GET answered 200 with HTML."""
    return method == "GET" and status == 200 and content_type.startswith("text/html")


def counted_reader(meta):
    """A person's own request: not a bot or a tool, not a prefetch."""
    return not is_bot(meta.get("HTTP_USER_AGENT", "")) and not is_prefetch(meta)


class StatsMiddleware:
    def __init__(self, get_response):
        if not getattr(settings, "STATS_ENABLED", True):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = getattr(request, PAGE_MARK, None)
        if page_id is not None:
            setattr(response, PAGE_MARK, page_id)
        else:
            page_id = getattr(response, PAGE_MARK, None)
        if page_id is None or getattr(request, "is_preview", False):
            return response
        if not counted_answer(
            request.method, response.status_code, response.get("Content-Type", "")
        ):
            return response
        # On the answer whoever asked (the page cache keeps it on its copy).
        response[PAGE_HEADER] = str(page_id)
        if (
            counted_reader(request.META)
            and request.META.get(PROXY_CACHE_HEADER) != PROXY_RENEWAL
        ):
            try:
                get_counter().record(request, page_id)
            except Exception:
                # Counting must never break a page.
                logger.exception("stats: could not count a view")
        return response
