"""CPU time and queries per request of the home page, an article and the news
index, cached and rendered afresh, next to the minimal view: bench/site_wrk.sh's
yardsticks inside one process.

Usage (the environment bench/site_wrk.sh sets, with a database holding the
demo content and its media; FRAGMENT_CACHE_SECONDS=0 shows the cost without
rendered fragments):
    DJANGO_SETTINGS_MODULE=bench.site_settings ... .venv/bin/python bench/page_cpu.py

Requests go through Django's test client (every middleware, no network, no
gunicorn). Process time, unlike requests/s, barely moves when other processes
load the machine; the best of a few rounds is kept.
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AGENT = (
    "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.site_settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Site

    def first_url(type_name):
        model = apps.get_model(type_name)
        # A path on the default site (any Host reaches it): with several
        # portals Wagtail's page.url is absolute.
        home = Site.objects.get(is_default_site=True).root_page
        page = model.objects.live().public().descendant_of(home)
        return page.order_by("pk").first().get_url_parts()[2]

    pages = {
        "home": "/",
        "article": first_url("news.NewsArticlePage"),
        "index": first_url("news.NewsIndexPage"),
    }
    urls = {"minimal": "/api/bench/minimal/"}
    for name, url in pages.items():
        urls[f"{name}-cached"] = url
        urls[f"{name}-uncached"] = "/bench/uncached/" + url.lstrip("/")
    # A fresh render costs about a hundred times more: fewer of them.
    counts = {
        name: max(args.requests // 10, 1)
        if name.endswith("-uncached")
        else args.requests
        for name in urls
    }
    client = Client(HTTP_USER_AGENT=AGENT)
    best = {}
    query_counts = {}
    for _ in range(args.rounds):
        for name, url in urls.items():
            for _ in range(5):
                assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            query_counts[name] = len(queries)
            start = time.process_time()
            for _ in range(counts[name]):
                client.get(url)
            spent = (time.process_time() - start) / counts[name]
            best[name] = min(best.get(name, spent), spent)
    print(
        f"fragments: FRAGMENT_CACHE_SECONDS={settings.FRAGMENT_CACHE_SECONDS}; "
        f"load: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    print(f"{'URL':<20}{'CPU ms/request':>16}{'of minimal':>12}{'queries':>9}")
    for name, spent in best.items():
        print(
            f"{name:<20}{spent * 1000:>16.3f}{best['minimal'] / spent:>12.3f}"
            f"{query_counts[name]:>9}"
        )


if __name__ == "__main__":
    main()
