"""Count a view when a public page is served, before any page cache answers.

Place this middleware above Django's FetchFromCacheMiddleware (or any page
cache), so a page served from the cache still passes through it. The page
being served is marked by the on_serve_page hook in wagtail_hooks.py, after
Wagtail's view-restriction check; the mark is also kept on the response so a
cached copy still names its page.
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


# Visitors share a few hundred distinct agents: remember each verdict.
@functools.lru_cache(maxsize=2048)
def is_bot(user_agent):
    return not BROWSER.match(user_agent) or bool(BOT.search(user_agent))


def is_prefetch(request):
    # request.META, not request.headers: building the latter parses every header.
    meta = request.META
    purpose = meta.get("HTTP_SEC_PURPOSE") or meta.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose or "prerender" in purpose


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
        if page_id is not None and self.counts(request, response):
            try:
                get_counter().record(request, page_id)
            except Exception:
                # Counting must never break a page.
                logger.exception("stats: could not count a view")
        return response

    def counts(self, request, response):
        return (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(request, "is_preview", False)
            and not is_bot(request.META.get("HTTP_USER_AGENT", ""))
            and not is_prefetch(request)
        )
