"""CPU cost of counting page views, inside one process.

Usage: .venv/bin/python bench/stats_overhead.py [--requests 20000]
       [--page-requests 2000] [--url /tin-tuc/some-article/]
(Django settings and DATABASE_URL from the environment, as bench/stats_wrk.sh
sets them; the full-stack part needs a database with the demo content.)

Two measures, in CPU time of this process (process time: other processes on a
busy machine barely move it, unlike requests/s):

1. StatsMiddleware around a view that only marks its page, against the bare
   view: what counting one view costs, in microseconds.
2. The first live article (or --url) through the whole middleware stack
   (Django's test client, no network), page cache as configured, with
   counting on and off in alternating rounds: CPU per request of each, and
   their ratio.

Views go to the buffer that is configured (Redis round trip included when
STATS_REDIS_URL is set, under a key prefix of its own, deleted afterwards);
nothing is flushed to the database.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AGENT = (
    "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
ROUNDS = 7


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--page-requests", type=int, default=2_000)
    parser.add_argument("--url", default="")
    return parser.parse_args()


def cpu_us_per_call(call, items):
    start = time.process_time()
    for item in items:
        call(item)
    return (time.process_time() - start) / len(items) * 1e6


def middleware_alone(count):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from stats.middleware import PAGE_MARK, StatsMiddleware

    def view(request):
        setattr(request, PAGE_MARK, 1)
        return HttpResponse("<p>trang</p>", content_type="text/html; charset=utf-8")

    # A host the settings allow: counting finds the request's portal by it.
    factory = RequestFactory(HTTP_USER_AGENT=AGENT, HTTP_HOST="localhost")
    # A few hundred visitors, as in a real stream of requests.
    requests = [
        factory.get("/tin-tuc/bai-viet/", REMOTE_ADDR=f"203.0.113.{n % 250}")
        for n in range(count)
    ]
    # Serving a page reads its content version (page cache, fragments), which
    # also brings the portal directory up to date; counting then reuses both.
    from cms import caching

    for request in requests:
        caching.read_version(request)
    counted = StatsMiddleware(view)
    rounds = [
        (cpu_us_per_call(view, requests), cpu_us_per_call(counted, requests))
        for _ in range(ROUNDS)
    ]
    bare = statistics.median(r[0] for r in rounds)
    with_counting = statistics.median(r[1] for r in rounds)
    return bare, with_counting


def whole_page(url, count):
    from django.conf import settings
    from django.test import Client

    clients = {}
    for enabled in (False, True):
        # The handler builds its middleware chain on its first request, and
        # StatsMiddleware removes itself there when counting is off.
        settings.STATS_ENABLED = enabled
        client = Client(
            HTTP_USER_AGENT=AGENT, REMOTE_ADDR="203.0.113.9", HTTP_HOST="localhost"
        )
        for _ in range(3):  # renditions, page cache, site root paths
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        clients[enabled] = client
    cache_state = response.get("X-Cache", "not cached")
    rounds = {False: [], True: []}
    for round_ in range(ROUNDS):
        for enabled in (False, True) if round_ % 2 else (True, False):
            client = clients[enabled]
            rounds[enabled].append(cpu_us_per_call(client.get, [url] * count))
    off = statistics.median(rounds[False])
    on = statistics.median(rounds[True])
    return cache_state, off, on


def main():
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings

    from stats import counting

    settings.STATS_FLUSH_INTERVAL = 0
    settings.STATS_REDIS_PREFIX = f"bench-overhead:{uuid.uuid4().hex}:"
    settings.STATS_ENABLED = True
    counting.reset_counter()
    redis = counting.get_counter().redis
    try:
        bare, counted = middleware_alone(args.requests)
        print(
            f"counting ({'Redis' if redis else 'in-process buffer'}): "
            f"{counted - bare:.1f} CPU µs per view (bare view {bare:.1f} µs, "
            f"with StatsMiddleware {counted:.1f} µs; median of {ROUNDS} runs "
            f"of {args.requests} requests)"
        )
        url = args.url
        if not url:
            from wagtail.models import Site

            from news.models import NewsArticlePage

            # A path on the default site: with several portals page.url is
            # absolute.
            home = Site.objects.get(is_default_site=True).root_page
            article = NewsArticlePage.objects.live().public().descendant_of(home)
            url = article.order_by("pk").first().get_url_parts()[2]
        cache_state, off, on = whole_page(url, args.page_requests)
        print(
            f"article {url} through every middleware (page cache: {cache_state}): "
            f"counting off {off:.0f} CPU µs per request, on {on:.0f} µs; "
            f"off/on {off / on:.3f} (median of {ROUNDS} alternating runs of "
            f"{args.page_requests} requests)"
        )
    finally:
        if redis:
            keys = list(redis.client.scan_iter(match=f"{redis.prefix}*"))
            if keys:
                redis.client.delete(*keys)


if __name__ == "__main__":
    main()
