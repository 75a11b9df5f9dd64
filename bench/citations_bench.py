"""Cost of citation links: an article citing 20 documents of a 10,000-document register.

Usage: .venv/bin/python bench/citations_bench.py [--documents 10000]
       [--citations 20] [--runs 30]
       [--database-url postgres://postgres@127.0.0.1:5432/EMPTY_DB] [--keep]

Builds a fresh database (a temporary SQLite file unless --database-url names
an empty PostgreSQL database), inserts the documents in bulk (raw inserts, no
signals) with numbers that repeat across types, issuers and years as real
registers do, then renders two articles with the same text: one whose 20
citations name registered documents, one whose sentences cite nothing. It
reports, for each, the queries and p50/p95 response time of a cold request
(the citations' cache version just bumped, as after a publish) and of a warm
one (candidates from the cache), and the time of the linker alone.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BATCH = 500
TYPES = [
    ("chi-thi", "Chỉ thị", "CT"),
    ("nghi-quyet", "Nghị quyết", "NQ"),
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("cong-van", "Công văn", "CV"),
    ("ke-hoach", "Kế hoạch", "KH"),
]
ISSUERS = [
    ("tinh-uy", "Tỉnh ủy", "TU"),
    ("huyen-uy", "Huyện ủy", "HU"),
    ("ubnd", "UBND", "UBND"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--citations", type=int, default=20)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    return parser.parse_args()


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_site():
    from wagtail.models import Page, Site

    from cms.models import Organization
    from home.models import HomePage
    from news.models import NewsIndexPage
    from publications.models import DocumentType, PublicationIndexPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "root_page": home, "port": 80},
    )
    news = home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    register = home.add_child(
        instance=PublicationIndexPage(title="Văn bản", slug="van-ban")
    )
    types = [
        DocumentType.objects.create(slug=slug, name=name, sort_order=n)
        for n, (slug, name, _symbol) in enumerate(TYPES)
    ]
    issuers = [
        Organization.objects.create(slug=slug, name=name)
        for slug, name, _symbol in ISSUERS
    ]
    return news, register, types, issuers


def document_rows(count, chooser):
    """(type index, issuer index, number, issue date) with realistic repeats.

    Each issuer numbers each type from 1 every year, so "Chỉ thị số 5" exists
    many times over: the linker must tell them apart by symbol or date.
    """
    rows = []
    per_series = max(1, count // (len(TYPES) * len(ISSUERS) * 16))
    for n in range(count):
        kind = n % len(TYPES)
        issuer = (n // len(TYPES)) % len(ISSUERS)
        series = n // (len(TYPES) * len(ISSUERS))
        year = 2010 + series // per_series % 16
        base = series % per_series + 1
        day = datetime.date(year, 1, 1) + datetime.timedelta(
            days=chooser.randint(0, 360)
        )
        if ISSUERS[issuer][2] == "UBND":
            # The committee's numbers carry the year: 5/2017/QĐ-UBND.
            number = f"{base}/{year}/{TYPES[kind][2]}-UBND"
        else:
            number = f"{base}-{TYPES[kind][2]}/{ISSUERS[issuer][2]}"
        rows.append((kind, issuer, number, day))
    return rows


def insert_documents(register, types, issuers, rows):
    """Page and document rows in bulk, with tree paths computed here."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page

    from publications import numbers
    from publications.models import PublicationPage

    content_type = ContentType.objects.get_for_model(PublicationPage)
    locale = Locale.get_default()
    fields = PublicationPage._meta.local_concrete_fields
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            pages, documents = [], []
            for position in range(start, min(len(rows), start + BATCH)):
                kind, issuer, number, day = rows[position]
                title = f"{types[kind].name} số {number}"
                slug = f"van-ban-{position}"
                pages.append(
                    Page(
                        path=Page._get_path(
                            register.path, register.depth + 1, position + 1
                        ),
                        depth=register.depth + 1,
                        numchild=0,
                        title=title,
                        draft_title=title,
                        slug=slug,
                        url_path=f"{register.url_path}{slug}/",
                        content_type=content_type,
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            for page, position in zip(pages, range(start, start + BATCH), strict=False):
                kind, issuer, number, day = rows[position]
                abstract = f"Về việc triển khai nhiệm vụ số {position}"
                documents.append(
                    PublicationPage(
                        page_ptr_id=page.pk,
                        document_type=types[kind],
                        number=number,
                        issuer=issuers[issuer],
                        issue_date=day,
                        effective_date=day,
                        abstract=abstract,
                        body="[]",
                        number_base=numbers.number_base(number),
                        number_key=numbers.number_key(number),
                        search_text=numbers.search_text(
                            types[kind].name, number, abstract
                        ),
                    )
                )
            PublicationPage._base_manager._insert(documents, fields=fields, raw=True)
        Page.objects.filter(pk=register.pk).update(numchild=len(rows))


def citation_sentences(types, rows, count, chooser):
    """Half cite "số N ngày d/m/yyyy", half the full number and symbol.

    Each names exactly one document, as a careful writer's citation does.
    """
    from collections import Counter

    from publications.numbers import number_base, number_key

    by_date = Counter(
        (kind, number_base(number), day) for kind, _i, number, day in rows
    )
    by_key = Counter((kind, number_key(number)) for kind, _i, number, _day in rows)
    dated = [row for row in rows if by_date[(row[0], number_base(row[2]), row[3])] == 1]
    full = [row for row in rows if by_key[(row[0], number_key(row[2]))] == 1]
    sentences = []
    picks = chooser.sample(dated, count - count // 2) + chooser.sample(full, count // 2)
    for n, (kind, _issuer, number, day) in enumerate(picks):
        name = types[kind].name
        if n < count - count // 2:
            base = number_base(number)
            cited = f"{name} số {base} ngày {day.day}/{day.month}/{day.year}"
        else:
            cited = f"{name} số {number}"
        sentences.append(f"Thực hiện {cited}, các cơ quan đã triển khai kịp thời.")
    chooser.shuffle(sentences)
    return sentences


def add_article(news, slug, sentences):
    from django.utils import timezone

    from news.models import NewsArticlePage

    paragraphs = [sentences[i : i + 4] for i in range(0, len(sentences), 4)]
    body = [
        {"type": "paragraph", "value": "<p>" + " ".join(group) + "</p>"}
        for group in paragraphs
    ]
    page = news.add_child(
        instance=NewsArticlePage(
            title=f"Bài viết {slug}", slug=slug, date=timezone.now(), body=body
        )
    )
    return page.url


def count_queries(client, url):
    from django.db import connection

    queries = []
    # Counted as they run: Django empties its query log at each request start.
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        response = client.get(url)
    return len(queries), response.content.decode().count('class="citation"')


def timed(client, url, runs, before=None):
    timings = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def measure(client, url, runs):
    """{"cold"|"warm": (queries, links, timings)} of an article."""
    from cms.caching import bump

    response = client.get(url)
    assert response.status_code == 200, response.status_code
    bump()
    cold = count_queries(client, url)
    warm = count_queries(client, url)
    return {
        "cold": (*cold, timed(client, url, runs, before=bump)),
        "warm": (*warm, timed(client, url, runs)),
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    folder = tempfile.mkdtemp(prefix="citations-bench-")
    database_url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    setup_django(database_url)
    from django.db import connection
    from django.test import Client

    from cms.caching import bump
    from publications.citations import CitationLinker

    chooser = random.Random(2026)
    news, register, types, issuers = build_site()
    rows = document_rows(args.documents, chooser)
    start = time.perf_counter()
    insert_documents(register, types, issuers, rows)
    print(
        f"database: {connection.vendor}; documents: {len(rows)} inserted in "
        f"{time.perf_counter() - start:.1f} s"
    )
    sentences = citation_sentences(types, rows, args.citations, chooser)
    plain = [
        "Thực hiện văn bản của cấp trên, các cơ quan đã triển khai kịp thời."
    ] * len(sentences)
    cited_url = add_article(news, "co-trich-dan", sentences)
    plain_url = add_article(news, "khong-trich-dan", plain)

    client = Client()
    results = {}
    for label, url in (("without citations", plain_url), ("with citations", cited_url)):
        for state, (queries, links, timings) in measure(client, url, args.runs).items():
            results[label, state] = queries
            print(
                f"article {label}, {state}: {queries} queries, {links} links, "
                f"p50 {percentile(timings, 0.5):.1f} ms, "
                f"p95 {percentile(timings, 0.95):.1f} ms"
            )
    for state in ("cold", "warm"):
        added = results["with citations", state] - results["without citations", state]
        print(f"queries added by {args.citations} citations, {state}: {added}")

    html = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    for state in ("cold", "warm"):
        timings = []
        scan = []
        for _ in range(args.runs):
            if state == "cold":
                bump()
            begin = time.perf_counter()
            linker = CitationLinker()
            linker.preload([html])
            loaded = time.perf_counter()
            linked = linker.link(html)
            timings.append((time.perf_counter() - begin) * 1000)
            scan.append((time.perf_counter() - loaded) * 1000)
        candidates = sum(len(found) for found in linker.candidates.values())
        count = linked.count('class="citation"')
        print(
            f"linker alone, {state}: {count} of {args.citations} linked, "
            f"{candidates} candidate documents, "
            f"p50 {percentile(timings, 0.5):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms "
            f"(of which scanning and linking the text: p50 "
            f"{percentile(scan, 0.5):.1f} ms)"
        )
    if not args.keep and not args.database_url:
        Path(folder, "bench.sqlite3").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
