"""Pages nginx serves from its cache, counted from its access log
(count_proxy_log, stats/proxy_log.py): the same rules, visitors and totals as
the pages the portal serves itself, and every line counted once."""

import datetime
import json
import os
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import redis

from stats import counting
from stats.middleware import PAGE_HEADER
from stats.models import (
    DailyPageStat,
    DailySiteStat,
    PageViewTotal,
    ProxyLogPosition,
)
from tests.stats.conftest import BROWSER, REDIS_URL, browser, redis_is_up


@pytest.fixture(autouse=True)
def behind_nginx(settings):
    # The address nginx sends the nodes (deploy/nginx/portal.conf).
    settings.STATS_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    counting.reset_counter()
    yield
    # The command's own counter wrote under the test's prefix (conftest.py).
    if redis_is_up():
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{settings.STATS_REDIS_PREFIX}*"))
        if keys:
            client.delete(*keys)


def line(page, **fields):
    """One line as nginx's portal_views format writes it."""
    entry = {
        "time": datetime.datetime.now(datetime.UTC)
        .astimezone()
        .isoformat(timespec="seconds"),
        "host": "localhost",
        "port": "80",
        "page": str(page),
        "status": "200",
        "method": "GET",
        "type": "text/html; charset=utf-8",
        "agent": BROWSER,
        "addr": "203.0.113.7",
        "forwarded_for": "203.0.113.7",
        "sec_purpose": "",
        "purpose": "",
    }
    entry.update(fields)
    return json.dumps(entry) + "\n"


def write(path, *lines, mode="a"):
    with open(path, mode) as log:
        log.write("".join(lines))


def count(path):
    out = StringIO()
    call_command("count_proxy_log", str(path), stdout=out)
    return out.getvalue()


def totals():
    stat = DailySiteStat.objects.first()
    return (stat.views, stat.visits) if stat else (0, 0)


def test_the_page_names_itself_for_the_proxy_also_from_the_page_cache(
    article, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    client = browser()
    first = client.get(article.url)
    second = client.get(article.url)
    assert second["X-Cache"] == "HIT"
    assert first[PAGE_HEADER] == second[PAGE_HEADER] == str(article.pk)
    # Only answers that count as a page read name their page.
    assert PAGE_HEADER not in client.get("/khong-co-trang-nay/")
    assert PAGE_HEADER not in client.get(f"/api/v2/pages/{article.pk}/")


def test_a_cache_hit_in_the_log_is_a_view_and_a_visit_once(article, backend, tmp_path):
    log = tmp_path / "views.log"
    write(log, line(article.pk), line(article.pk, addr="198.51.100.2"))

    out = count(log)

    assert "2 page views counted" in out
    assert totals() == (2, 2)
    assert PageViewTotal.objects.get(page=article).views == 2
    assert DailyPageStat.objects.get(page=article).views == 2
    # A second run finds nothing new; a line added since is counted alone.
    assert "0 lines read" in count(log)
    assert totals() == (2, 2)
    write(log, line(article.pk))
    assert "1 page views counted" in count(log)
    assert totals() == (3, 2)  # the first visitor's visit goes on


def test_a_reader_counted_by_the_portal_is_the_same_visitor_in_the_log(
    article, backend, tmp_path
):
    # The first view reached a node (a MISS), the next came from nginx's cache.
    browser().get(article.url, HTTP_X_REAL_IP="203.0.113.7")
    counting.flush()
    log = tmp_path / "views.log"
    write(log, line(article.pk, addr="203.0.113.7"))
    count(log)
    assert totals() == (2, 1)


@pytest.mark.parametrize(
    "fields",
    [
        {"agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"agent": "curl/8.5.0"},
        {"sec_purpose": "prefetch"},
        {"purpose": "prefetch"},
        {"status": "304"},
        {"status": "404"},
        {"method": "HEAD"},
        {"type": "application/json"},
    ],
)
def test_bots_prefetches_and_other_answers_are_not_counted(article, tmp_path, fields):
    log = tmp_path / "views.log"
    write(log, line(article.pk, **fields))
    assert "0 page views counted, 1 not counted" in count(log)
    assert totals() == (0, 0)


def test_a_malformed_line_is_reported_and_the_rest_counted(article, tmp_path):
    log = tmp_path / "views.log"
    write(
        log,
        line(article.pk),
        '{"time": "2026-12-06T10:00:00+07:00", "host": "localhost"\n',
        line("abc"),
        line(article.pk, time="yesterday"),
        "\xff garbage\n",
        line(article.pk, addr="198.51.100.2"),
    )
    out = count(log)
    assert f"{log}:2: skipped, not a JSON object" in out
    assert f"{log}:3: skipped, page 'abc' is not a number" in out
    assert f"{log}:4: skipped, time 'yesterday' is not ISO 8601" in out
    assert f"{log}:5: skipped" in out
    assert "4 malformed" in out
    assert totals() == (2, 2)
    # Line numbers go on from where the last run stopped.
    write(log, "not json\n")
    assert f"{log}:7: skipped" in count(log)


def test_unknown_pages_and_hosts_are_skipped_and_reported(article, tmp_path):
    log = tmp_path / "views.log"
    write(log, line(article.pk), line(999_999), line(999_999), line(article.pk))
    deleted = article.pk
    out = count(log)
    assert "unknown or deleted page ids (lines): 999999 (2)" in out
    assert totals() == (2, 1)
    article.delete()
    write(log, line(deleted))
    assert f"unknown or deleted page ids (lines): {deleted} (1)" in count(log)


def test_a_line_nginx_is_still_writing_waits_for_the_next_run(article, tmp_path):
    log = tmp_path / "views.log"
    whole = line(article.pk)
    write(log, line(article.pk), whole[:40])
    assert "1 lines read" in count(log)
    write(log, whole[40:])
    assert "1 page views counted" in count(log)
    assert totals() == (2, 1)


def test_a_rotated_log_is_finished_and_the_new_one_read_from_its_start(
    article, backend, tmp_path
):
    log = tmp_path / "views.log"
    write(log, line(article.pk))
    count(log)
    # nginx wrote on before logrotate renamed the file and nginx reopened it.
    write(log, line(article.pk, addr="198.51.100.2"))
    os.rename(log, f"{log}.1")
    write(log, line(article.pk, addr="198.51.100.3"), mode="w")
    assert os.stat(log).st_ino != os.stat(f"{log}.1").st_ino

    assert "2 page views counted" in count(log)
    assert totals() == (3, 3)
    assert "0 lines read" in count(log)


def test_a_rotated_file_never_read_is_left_alone(article, tmp_path):
    log = tmp_path / "views.log"
    write(f"{log}.1", line(article.pk))  # from before counting was set up
    write(log, line(article.pk))
    count(log)
    assert totals() == (1, 1)


def test_queries_do_not_grow_with_the_lines(article, backend, tmp_path):
    def queries_for(n):
        log = tmp_path / f"views-{n}.log"
        write(
            log,
            *(line(article.pk, addr=f"198.51.100.{i % 5}") for i in range(n)),
        )
        with CaptureQueriesContext(connection) as context:
            count(log)
        return len(context)

    queries_for(1)  # the portals' directory, loaded once per process
    assert queries_for(10) == queries_for(400)
    assert totals() == (411, 5)


def test_bad_setup_gives_a_clear_error(article, tmp_path, settings):
    with pytest.raises(CommandError, match="no such file"):
        count(tmp_path / "missing.log")
    settings.STATS_CLIENT_IP_HEADER = "REMOTE_ADDR"
    log = tmp_path / "views.log"
    write(log, line(article.pk))
    with pytest.raises(CommandError, match="STATS_CLIENT_IP_HEADER is REMOTE_ADDR"):
        count(log)


def test_a_log_truncated_in_place_is_refused(article, tmp_path):
    log = tmp_path / "views.log"
    write(log, line(article.pk), line(article.pk))
    count(log)
    write(log, line(article.pk), mode="w")
    with pytest.raises(CommandError, match="truncated in place"):
        count(log)
    assert totals() == (2, 1)


def test_lines_redis_took_are_not_counted_again_after_a_crash(
    article, tmp_path, settings
):
    # Without Redis the position is written with the counts, in one transaction.
    if not redis_is_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.STATS_REDIS_URL = REDIS_URL
    log = tmp_path / "views.log"
    write(log, line(article.pk), line(article.pk, addr="198.51.100.2"))
    count(log)
    # A run that crashed after Redis took its batch, before the database
    # noted the position: Redis's record of the batch says how far it got.
    ProxyLogPosition.objects.all().delete()
    write(log, line(article.pk, addr="198.51.100.3"))
    out = count(log)
    assert "1 lines read: 1 page views counted" in out
    assert totals() == (3, 3)
    assert ProxyLogPosition.objects.get().line == 3


def test_nginx_renewing_its_copy_is_not_counted_by_the_portal(article):
    # The reader of a STALE answer is counted from nginx's log; the renewal
    # nginx then asks a node for carries the reader's headers.
    browser().get(article.url, HTTP_X_PROXY_CACHE_STATUS="EXPIRED")
    assert counting.flush() == 0
    browser().get(article.url, HTTP_X_PROXY_CACHE_STATUS="MISS")
    assert counting.flush() == 1


def test_follow_counts_new_lines_round_after_round_until_stopped(article, tmp_path):
    from stats.proxy_log import follow

    log = tmp_path / "views.log"
    write(log, line(article.pk))
    said = []
    written = []

    def stop():
        # After the first round's report a line arrives; stop after the second.
        if len(said) == 1 and not written:
            write(log, line(article.pk, addr="198.51.100.2"))
            written.append(True)
        return len(said) >= 2

    follow(str(log), 0, said.append, stop)
    assert any("1 page views counted" in text for text in said)
    assert totals() == (2, 2)
