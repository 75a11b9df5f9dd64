"""Speed at scale of many portals on one installation (issue 17).

Usage: .venv/bin/python bench/portals.py [--portals 120] [--articles 300]
       [--rounds 3] [--requests 10] [--runs 20]
       [--database-url postgres://postgres@127.0.0.1:5432/NEW_DB_NAME] [--keep]

Builds a fresh database (a temporary SQLite file, or with --database-url a
PostgreSQL database this script creates and drops; it refuses one that
exists), then:

1. builds the province portal (localhost, the default site, with its
   "Tin cơ sở" page) and one commune (xa-1.localhost) through
   `portal_setup.build`, what `manage.py create_portal` runs, and gives every
   portal --articles articles (raw bulk inserts as in bench/search_bench.py,
   then `rebuild_search_index`: setup, not measured);
2. measures, on the commune, through Django's test client (every
   middleware): queries and CPU time (best of --rounds) of its home page and
   an article, rendered afresh (PAGE_CACHE_SECONDS=0) and from the page
   cache; the p50/p95 of a scoped search on the commune and of a
   province-wide search (scope=province) on the province, with the search
   ranking cache and the page cache off; the province's "Tin cơ sở" listing;
   and, logged in as an editor of the commune (its `create_portal` group),
   the admin explorer of its news section and the edit view of an article;
3. builds the other portals (xa-2 ... xa-{N-1}.localhost) and their
   articles, and measures the same again.

Prints the mean time of one `create_portal` and a table of both rounds of
measures side by side: what must not grow with the number of portals (the
queries of every page, the time of a commune's pages) shows as equal columns.
Fragment caching stays off (cms.settings.test), so uncached means a full
render. CPU time counts this process only; on PostgreSQL the database
server's share is not in it (the wall-clock search figures include it).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PROVINCE_HOST = "localhost"
COMMUNE_HOST = "xa-1.localhost"
SEARCHES = ["nông", "học phí", "dân vận khéo", "chợ phiên"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=120, help="province included")
    parser.add_argument("--articles", type=int, default=300, help="per portal")
    parser.add_argument("--rounds", type=int, default=3, help="best of, per page")
    parser.add_argument("--requests", type=int, default=10, help="per round")
    parser.add_argument("--runs", type=int, default=20, help="per search query")
    parser.add_argument("--database-url", default="", help="a PostgreSQL URL")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if args.portals < 2:
        parser.error("--portals must be at least 2 (the province and a commune)")
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    return args


def maintenance_url(url):
    """The same server's `postgres` database, to create and drop ours."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def create_postgres(url):
    import psycopg

    admin, name = maintenance_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found:
            sys.exit(f"database {name} exists: name a new one, it gets dropped")
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url):
    import psycopg

    admin, name = maintenance_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    # As Django's own test runner does: a request neither clears the query
    # log (the counts below read it) nor closes the connection.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    # Wagtail's welcome page and its site: the province takes their place.
    from wagtail.models import Page, Site

    Site.objects.all().delete()
    for page in Page.get_first_root_node().get_children():
        page.delete()


def spec(number):
    from cms.portal_setup import PortalSpec
    from cms.portals import COMMUNE, PROVINCE

    if number == 0:
        return PortalSpec(
            hostname=PROVINCE_HOST,
            agency_name="Ủy ban nhân dân tỉnh Bench",
            level=PROVINCE,
            unit_code="99",
            short_name="Tỉnh Bench",
        )
    return PortalSpec(
        hostname=f"xa-{number}.localhost",
        agency_name=f"Ủy ban nhân dân xã Số {number}",
        level=COMMUNE,
        unit_code=f"{90000 + number}",
        short_name=f"Xã Số {number}",
    )


def build_portals(numbers, articles, maker):
    """Build the portals `numbers` and give each `articles` articles; returns
    the seconds each `create_portal` took."""
    from bench.search_bench import insert_articles
    from cms.portal_setup import build
    from news.models import LocalNewsIndexPage, NewsIndexPage

    seconds = []
    for number in numbers:
        started = time.perf_counter()
        portal = build(spec(number))
        seconds.append(time.perf_counter() - started)
        if number == 0:
            local = portal.root.add_child(
                instance=LocalNewsIndexPage(title="Tin cơ sở", slug="tin-co-so")
            )
            local.save_revision().publish()
    print(f"create_portal x {len(seconds)}: {sum(seconds):.1f} s", end="", flush=True)
    started = time.perf_counter()
    indexes = NewsIndexPage.objects.filter(slug="tin-tuc", numchild=0).order_by("path")
    for index in indexes:
        insert_articles(index, articles, maker)
    from search.indexing import rebuild

    entries = rebuild()
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load on a live server. With
        # the statistics of empty tables, the planner checked page view
        # restrictions by scanning every page for each search result: the
        # province-wide search took 2 to 3.5 s.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"; articles and search index (setup): {time.perf_counter() - started:.1f} s"
        f" ({entries} index entries)",
        flush=True,
    )
    return seconds


def officer():
    """An editor of the commune, in the group `create_portal` made."""
    from django.contrib.auth import get_user_model

    from editorial import roles
    from editorial.officers import find_portal, portal_group

    group = portal_group(find_portal(COMMUNE_HOST), roles.EDITOR)
    user, _ = get_user_model().objects.get_or_create(username="bien-tap-xa-1")
    user.groups.add(group)
    return user


def page_cost(client, url, host, rounds, requests):
    """(best CPU ms per request, queries, ms spent in them) of GET url on
    host; the last from one request, wall-clock as the driver sees it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 200, (url, host, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST=host)
    # Counted now: the captured list is a view of a log later requests reset.
    count = len(queries)
    database_ms = sum(float(query["time"]) for query in queries.captured_queries)
    best = None
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            client.get(url, HTTP_HOST=host)
        spent = (time.process_time() - started) / requests * 1000
        best = spent if best is None else min(best, spent)
    return best, count, database_ms * 1000


def search_cost(client, host, runs, **extra):
    """(p50, p95) wall-clock ms of the search view over SEARCHES."""
    from bench.search_bench import percentile

    wall = []
    for query in SEARCHES:
        data = {"q": query, **extra}
        response = client.get("/search/", data, HTTP_HOST=host)
        assert response.status_code == 200, (query, response.status_code)
        for _ in range(runs):
            started = time.perf_counter()
            client.get("/search/", data, HTTP_HOST=host)
            wall.append((time.perf_counter() - started) * 1000)
    return percentile(wall, 0.5), percentile(wall, 0.95)


def measure(args, user):
    """Every figure of one round, by row name: (value, queries, ms in them);
    searches have no query count (None)."""
    from django.core.cache import caches
    from django.test import Client, override_settings

    from news.models import NewsArticlePage

    for cache in caches.all():
        cache.clear()
    article = (
        NewsArticlePage.objects.filter(slug="bai-0")
        .filter(path__startswith=commune_root_path())
        .get()
    )
    article_url = "/tin-tuc/bai-0/"
    rows = {}
    client = Client()
    for label, seconds in (("uncached", 0), ("cached", 300)):
        with override_settings(PAGE_CACHE_SECONDS=seconds):
            for name, url in (("home page", "/"), ("article", article_url)):
                rows[f"commune {name}, {label} (CPU ms)"] = page_cost(
                    client, url, COMMUNE_HOST, args.rounds, args.requests
                )
    with override_settings(PAGE_CACHE_SECONDS=0):
        rows["province Tin cơ sở, uncached (CPU ms)"] = page_cost(
            client, "/tin-co-so/", PROVINCE_HOST, args.rounds, args.requests
        )
        with override_settings(SEARCH_CACHE_SECONDS=0):
            p50, p95 = search_cost(client, COMMUNE_HOST, args.runs)
            rows["commune search p50 (wall ms)"] = (p50, None, None)
            rows["commune search p95 (wall ms)"] = (p95, None, None)
            p50, p95 = search_cost(client, PROVINCE_HOST, args.runs, scope="province")
            rows["province-wide search p50 (wall ms)"] = (p50, None, None)
            rows["province-wide search p95 (wall ms)"] = (p95, None, None)
        admin = Client()
        admin.force_login(user)
        index_id = article.get_parent().pk
        admin_rounds = max(1, args.rounds)
        admin_requests = max(1, args.requests // 2)
        rows["admin explorer of the news (CPU ms)"] = page_cost(
            admin,
            f"/admin/pages/{index_id}/",
            COMMUNE_HOST,
            admin_rounds,
            admin_requests,
        )
        rows["admin edit view of an article (CPU ms)"] = page_cost(
            admin,
            f"/admin/pages/{article.pk}/edit/",
            COMMUNE_HOST,
            admin_rounds,
            admin_requests,
        )
    return rows


def commune_root_path():
    from cms import portals

    return next(
        p for p in portals.all_portals() if p.hostname == COMMUNE_HOST
    ).root_path


def cell(value):
    figure, queries, database_ms = value
    if queries is None:
        return f"{figure:10.1f} {'':>5} {'':>6}"
    return f"{figure:10.1f} {queries:>5} {database_ms:6.1f}"


def main():
    args = parse_args()
    temporary = None
    if args.database_url:
        create_postgres(args.database_url)
        url = args.database_url
    else:
        temporary = tempfile.NamedTemporaryFile(
            prefix="bench-portals-", suffix=".sqlite3", delete=False
        )
        url = f"sqlite:///{temporary.name}"
    try:
        run(args, url)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept {args.database_url or temporary.name}")
        elif temporary:
            os.unlink(temporary.name)
        else:
            drop_postgres(args.database_url)


def run(args, url):
    print(
        f"{args.portals} portals, {args.articles} articles each; "
        f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
        flush=True,
    )
    setup_django(url)
    from django.db import connection

    from bench.search_bench import TextMaker

    maker = TextMaker()
    seconds = build_portals([0, 1], args.articles, maker)
    user = officer()
    first = measure(args, user)
    seconds += build_portals(range(2, args.portals), args.articles, maker)
    last = measure(args, user)
    tail = seconds[-10:]
    print(
        f"\ndatabase: {connection.vendor}; load average after: "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    print(
        f"create_portal (portal_setup.build): mean {sum(seconds) / len(seconds):.2f}"
        f" s over {len(seconds)} portals; first {seconds[0]:.2f} s, mean of the"
        f" last {len(tail)} {sum(tail) / len(tail):.2f} s"
    )
    heads = ("2 portals", f"{args.portals} portals")
    print(f"\n{'':<42}{heads[0]:>23}{heads[1]:>23}")
    print(f"{'':<42}" + f"{'value':>10} {'qs':>5} {'db ms':>6}" * 2)
    for name, value in first.items():
        print(f"{name:<42}{cell(value)}{cell(last[name])}")


if __name__ == "__main__":
    main()
