"""What is counted as a page view or a visit, and what is not."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.db import DatabaseError, connection
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest
import redis

from stats import counting
from stats.models import DailyPageStat, DailySiteStat, PageViewTotal, VisitorSeen
from tests.conftest import restrict
from tests.stats.conftest import BROWSER, browser, default_site


def site_views():
    stat = DailySiteStat.objects.first()
    return stat.views if stat else 0


def site_visits():
    stat = DailySiteStat.objects.first()
    return stat.visits if stat else 0


def test_a_citizens_page_view_is_counted_for_the_site_and_the_page(article, backend):
    response = browser().get(article.url)

    assert response.status_code == 200
    assert counting.flush() == 1
    assert site_views() == 1
    assert DailyPageStat.objects.get().page_id == article.pk
    assert PageViewTotal.objects.get(page=article).views == 1


def test_nothing_is_written_to_the_database_while_the_page_is_served(
    article, backend, django_assert_max_num_queries
):
    client = browser()
    client.get(article.url)  # warm caches (site root paths, settings)
    with mock.patch.object(counting, "write_counts") as write:
        client.get(article.url)
    write.assert_not_called()
    assert counting.flush() == 2


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (Linux; Android 6.0.1) AppleWebKit/537.36 (KHTML, like Gecko) "
        "coccocbot-web/1.0 Safari/537.36",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0 Safari/537.36",
    ],
)
def test_bots_crawlers_and_scripts_are_not_counted(article, agent):
    assert browser(agent=agent).get(article.url).status_code == 200
    assert counting.flush() == 0


def test_vietnamese_browsers_are_counted(article):
    coc_coc = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) coc_coc_browser/124.0.182 Chrome/118.0 Safari/537.36"
    )
    zalo = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Zalo iOS/24.05.01"
    )
    browser(agent=coc_coc).get(article.url)
    browser(agent=zalo).get(article.url)
    assert counting.flush() == 2


def test_head_post_and_prefetch_requests_are_not_counted(article):
    client = browser()
    assert client.head(article.url).status_code == 200
    client.post(article.url)
    client.get(article.url, headers={"Sec-Purpose": "prefetch"})
    assert counting.flush() == 0


def test_missing_and_draft_pages_are_not_counted(article, news_index):
    from tests.factories import NewsArticlePageFactory

    draft = NewsArticlePageFactory(parent=news_index, live=False)
    client = browser()
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert client.get(draft.url or f"{news_index.url}{draft.slug}/").status_code == 404
    assert counting.flush() == 0


def test_private_pages_refused_to_a_citizen_are_not_counted(article):
    restrict(article, kind=PageViewRestriction.LOGIN)
    assert browser().get(article.url).status_code == 302
    assert counting.flush() == 0


def test_admin_preview_static_files_and_the_api_are_not_counted(article, admin_client):
    admin_client.defaults["HTTP_USER_AGENT"] = BROWSER
    preview = admin_client.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert preview.status_code in (200, 405)
    admin_client.get(f"/admin/pages/{article.pk}/view_draft/")
    client = browser()
    client.get("/static/stats/footer-stats.js")
    client.get(f"/api/v2/pages/{article.pk}/")
    client.get("/stats/figures.json")
    client.get("/search/?q=tin")
    assert counting.flush() == 0


def test_a_page_served_from_the_page_cache_is_still_counted(article, settings):
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    client = browser()
    first = client.get(article.url)
    with mock.patch("wagtail.views.serve") as serve:
        second = client.get(article.url)
    serve.assert_not_called()
    assert second.content == first.content
    assert counting.flush() == 2
    assert DailyPageStat.objects.get(page=article).views == 2


def test_a_visit_is_the_first_view_after_thirty_minutes_away(article, backend):
    start = 1_800_000_000.0
    client = browser()
    with mock.patch("stats.counting.time.time", return_value=start):
        client.get(article.url)
    with mock.patch("stats.counting.time.time", return_value=start + 29 * 60):
        client.get(article.url)
    counting.flush()
    assert (site_views(), site_visits()) == (2, 1)

    with mock.patch("stats.counting.time.time", return_value=start + 60 * 60):
        client.get(article.url)
    counting.flush()
    assert (site_views(), site_visits()) == (3, 2)


def test_visits_are_found_across_flushes_and_processes(article, backend):
    start = 1_800_000_000.0
    client = browser()
    with mock.patch("stats.counting.time.time", return_value=start):
        client.get(article.url)
    counting.flush()
    counting.reset_counter()  # another worker process
    with mock.patch("stats.counting.time.time", return_value=start + 10 * 60):
        client.get(article.url)
    counting.flush()
    counting.reset_counter()
    with mock.patch("stats.counting.time.time", return_value=start + 45 * 60):
        client.get(article.url)
    counting.flush()
    assert (site_views(), site_visits()) == (3, 2)


def test_two_visitors_make_two_visits_and_are_both_online(article, backend):
    browser("203.0.113.1").get(article.url)
    browser("203.0.113.2").get(article.url)
    browser("203.0.113.2").get(article.url)
    counting.flush()
    figures = counting.figures(fresh=True)
    assert (site_views(), site_visits()) == (3, 2)
    assert figures["online"] == 2


def test_visitors_seen_more_than_five_minutes_ago_are_not_online(article, backend):
    past = datetime.datetime.now(datetime.UTC).timestamp() - 6 * 60
    with mock.patch("stats.counting.time.time", return_value=past):
        browser("203.0.113.1").get(article.url)
    browser("203.0.113.2").get(article.url)
    counting.flush()
    assert counting.figures(fresh=True)["online"] == 1


def test_no_ip_address_is_stored(article):
    address = "198.51.100.23"
    browser(address).get(article.url)
    counting.flush()
    key = VisitorSeen.objects.get().key
    assert address not in key
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("stats_"):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
                assert address not in repr(cursor.fetchall())


def test_the_visitor_key_changes_every_day(rf):
    meta = rf.get("/", REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT=BROWSER).META
    today = datetime.date(2026, 1, 1)
    tomorrow = today + datetime.timedelta(days=1)
    assert counting.visitor_key(meta, today) == counting.visitor_key(meta, today)
    assert counting.visitor_key(meta, today) != counting.visitor_key(meta, tomorrow)


def test_a_failed_flush_keeps_every_count_for_the_next_one(article):
    client = browser()
    client.get(article.url)
    client.get(article.url)
    with mock.patch.object(counting, "write_counts", side_effect=DatabaseError):
        with pytest.raises(DatabaseError):
            counting.flush()
    assert site_views() == 0
    assert counting.flush() == 2
    assert (site_views(), site_visits()) == (2, 1)


def test_a_restart_after_a_flush_loses_nothing(article, backend):
    for _ in range(3):
        browser().get(article.url)
    counting.flush()
    counting.reset_counter()  # the server restarts
    browser().get(article.url)
    counting.flush()
    assert site_views() == 4
    assert DailyPageStat.objects.get(page=article).views == 4


def test_a_redis_batch_written_before_a_crash_is_not_counted_twice(article, settings):
    from tests.stats.conftest import REDIS_URL, redis_is_up

    if not redis_is_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.STATS_REDIS_URL = REDIS_URL
    counting.reset_counter()
    browser().get(article.url)
    counter = counting.get_counter()
    # The process dies after its database commit, before deleting the batch.
    with mock.patch.object(counter.redis, "forget"):
        assert counting.flush() == 1
    assert counting.flush() == 0
    assert site_views() == 1
    assert (
        list(counter.redis.client.scan_iter(match=f"{counter.redis.prefix}batch:*"))
        == []
    )


@pytest.fixture
def with_redis(settings):
    from tests.stats.conftest import REDIS_URL, redis_is_up

    if not redis_is_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.STATS_REDIS_URL = REDIS_URL
    counting.reset_counter()


def redis_answers_again(counter):
    """Skip the pause after a Redis error, as if its 5 seconds had passed."""
    counter.redis.down_until = 0.0


def test_views_wait_for_redis_when_a_send_fails_and_are_counted_once_it_answers(
    article, with_redis
):
    browser("203.0.113.1").get(article.url)
    browser("203.0.113.2").get(article.url)
    counter = counting.get_counter()
    # The request only queued the views: nothing reached Redis yet.
    assert counter.redis.client.exists(counter.redis.pending_key) == 0

    with mock.patch.object(counter.redis, "script", side_effect=ConnectionError):
        assert counting.flush() == 0
    # Still counted in the footer while they wait.
    assert counting.figures(fresh=True)["page_views"] == 2

    redis_answers_again(counter)
    assert counting.flush() == 2
    assert (site_views(), site_visits()) == (2, 2)
    assert counting.flush() == 0


def test_a_batch_redis_ran_but_never_confirmed_is_not_counted_twice(
    article, with_redis
):
    for number in range(3):
        browser(f"203.0.113.{number}").get(article.url)
    counter = counting.get_counter()
    real_script = counter.redis.script

    def reply_lost(**kwargs):
        real_script(**kwargs)
        raise TimeoutError("Redis ran the batch, its answer was lost")

    with mock.patch.object(counter.redis, "script", side_effect=reply_lost):
        counting.flush()
    redis_answers_again(counter)
    browser("203.0.113.9").get(article.url)
    counting.flush()

    assert (site_views(), site_visits()) == (4, 4)


def test_a_process_exiting_while_redis_is_down_writes_its_counts_itself(
    article, with_redis
):
    browser("203.0.113.1").get(article.url)
    browser("203.0.113.1").get(article.url)
    counter = counting.get_counter()

    with mock.patch.object(counter.redis, "script", side_effect=ConnectionError):
        counter.flush_at_exit()

    assert (site_views(), site_visits()) == (2, 1)


def test_counts_handed_from_redis_to_the_process_keep_their_visits(article, with_redis):
    start = 1_800_000_000.0
    counter = counting.get_counter()
    with mock.patch.object(counter.redis, "script", side_effect=ConnectionError):
        with mock.patch("stats.counting.time.time", return_value=start):
            browser().get(article.url)
            counter.send_to_redis()  # fails: the batch waits, numbered
        redis_answers_again(counter)
        with mock.patch("stats.counting.time.time", return_value=start + 40 * 60):
            browser().get(article.url)  # a second visit, still in the outbox
        counter.flush_at_exit()

    assert (site_views(), site_visits()) == (2, 2)


def test_many_visitors_are_sent_to_redis_in_chunks_and_a_failed_chunk_is_resent(
    article, with_redis
):
    for number in range(5):
        browser(f"203.0.113.{number}").get(article.url)
    counter = counting.get_counter()
    real_script = counter.redis.script
    calls = []

    def second_call_fails(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ConnectionError
        return real_script(**kwargs)

    with (
        mock.patch.object(counting, "SEND_CHUNK", 2),
        mock.patch.object(counter.redis, "script", side_effect=second_call_fails),
    ):
        assert counting.flush() == 5  # the counters came with the first chunk
        assert site_visits() == 2
        redis_answers_again(counter)
        assert counting.flush() == 0
    assert (site_views(), site_visits()) == (5, 5)
    assert len(calls) == 4  # chunks 1, 2 (failed), 2 again, 3


def test_a_batch_redis_ran_unanswered_before_going_away_is_counted_once(
    article, with_redis
):
    for number in range(3):
        browser(f"203.0.113.{number}").get(article.url)
    counter = counting.get_counter()
    real_script = counter.redis.script

    def reply_lost(**kwargs):
        real_script(**kwargs)
        raise TimeoutError("Redis ran the batch, then stopped answering")

    with (
        mock.patch.object(counter.redis, "script", side_effect=reply_lost),
        mock.patch.object(counter.redis, "reachable", return_value=False),
    ):
        counting.flush()
    redis_answers_again(counter)
    counting.flush()

    assert (site_views(), site_visits()) == (3, 3)


@contextmanager
def redis_away(counter):
    """Redis refuses every connection (nothing listens on port 9) until the
    block ends; then it answers again at once."""
    buffer = counter.redis
    real = buffer.client, buffer.reader, buffer.script
    dead = redis.Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    buffer.client = buffer.reader = dead
    buffer.script = dead.register_script(counting.COUNT_SCRIPT)
    try:
        yield
    finally:
        buffer.client, buffer.reader, buffer.script = real
        redis_answers_again(counter)


def test_returning_visitors_are_not_counted_again_while_redis_is_away(
    article, with_redis
):
    counter = counting.get_counter()
    addresses = [f"203.0.113.{number}" for number in range(40)]
    for address in addresses:
        browser(address).get(article.url)
    counting.flush()
    assert (site_views(), site_visits()) == (40, 40)

    with redis_away(counter):
        for address in addresses:
            browser(address).get(article.url)
        counting.flush()
        assert (site_views(), site_visits()) == (80, 40)

    for address in addresses:
        browser(address).get(article.url)
    counting.flush()
    assert (site_views(), site_visits()) == (120, 40)


def test_a_visit_begun_while_redis_was_away_is_not_counted_again_after(
    article, with_redis
):
    start = 1_800_000_000.0
    counter = counting.get_counter()
    client = browser()
    with mock.patch("stats.counting.time.time", return_value=start):
        client.get(article.url)
        counting.flush()
    with redis_away(counter):
        # Back after 40 minutes: a second visit, counted in the process.
        with mock.patch("stats.counting.time.time", return_value=start + 40 * 60):
            client.get(article.url)
            counting.flush()
    # Ten minutes later, through Redis again: the same visit.
    with mock.patch("stats.counting.time.time", return_value=start + 50 * 60):
        client.get(article.url)
        counting.flush()

    assert (site_views(), site_visits()) == (3, 2)


def test_counting_falls_back_to_the_process_when_redis_is_down(article, settings):
    settings.STATS_REDIS_URL = "redis://127.0.0.1:9/0"
    counting.reset_counter()
    assert browser().get(article.url).status_code == 200
    assert browser().get(article.url).status_code == 200
    assert counting.flush() == 2
    assert site_views() == 2


def test_a_counting_failure_never_breaks_the_page(article):
    with mock.patch.object(counting.LocalBuffer, "add", side_effect=RuntimeError):
        assert browser().get(article.url).status_code == 200


def test_counters_hold_64_bit_figures(article):
    big = 9_000_000_000_000_000_000
    DailySiteStat.objects.create(
        site=default_site(), date=datetime.date(2026, 1, 1), views=big, visits=big
    )
    browser().get(article.url)
    counting.flush()
    assert DailySiteStat.objects.get(date=datetime.date(2026, 1, 1)).views == big


def test_counting_can_be_switched_off(article, settings):
    from django.core.exceptions import MiddlewareNotUsed

    from stats.middleware import StatsMiddleware

    settings.STATS_ENABLED = False
    with pytest.raises(MiddlewareNotUsed):
        StatsMiddleware(lambda request: None)


def test_flush_stats_command_writes_the_buffer(article):
    from io import StringIO

    from django.core.management import call_command

    browser().get(article.url)
    out = StringIO()
    call_command("flush_stats", stdout=out)
    assert "1" in out.getvalue()
    assert site_views() == 1


def test_anonymous_client_without_user_agent_is_a_script(article):
    assert Client().get(article.url).status_code == 200
    assert counting.flush() == 0


# Portals


def portal_figures(site):
    stat = DailySiteStat.objects.filter(site=site).first()
    return (stat.views, stat.visits) if stat else (0, 0)


def test_views_and_visits_are_counted_for_the_portal_that_served_them(portals, backend):
    from tests.factories import NewsArticlePageFactory

    article = NewsArticlePageFactory(parent=portals.news["a"])
    path = article.get_url_parts()[2]
    client = browser()
    for _ in range(3):
        assert client.get(path, HTTP_HOST="xa-a.localhost").status_code == 200

    assert counting.flush() == 3
    assert portal_figures(portals.sites["a"]) == (3, 1)
    assert portal_figures(portals.sites["b"]) == (0, 0)
    assert portal_figures(portals.province) == (0, 0)
    assert PageViewTotal.objects.get(page=article).views == 3


def test_reading_two_portals_is_a_visit_on_each(portals, backend):
    client = browser()
    assert client.get("/", HTTP_HOST="xa-a.localhost").status_code == 200
    assert client.get("/", HTTP_HOST="xa-b.localhost").status_code == 200
    assert client.get("/", HTTP_HOST="xa-a.localhost").status_code == 200
    counting.flush()

    assert portal_figures(portals.sites["a"]) == (2, 1)
    assert portal_figures(portals.sites["b"]) == (1, 1)
    assert counting.figures(portals.sites["a"].pk, fresh=True)["online"] == 1
    assert counting.figures(portals.sites["b"].pk, fresh=True)["online"] == 1
    assert counting.figures(portals.province.pk, fresh=True)["online"] == 0


def test_a_redis_batch_of_the_release_before_portals_counts_for_the_default_site(
    portals, with_redis
):
    counter = counting.get_counter()
    day = datetime.date(2026, 11, 30)
    # Left in Redis by a process of the previous release across the deploy.
    counter.redis.client.hset(
        counter.redis.pending_key,
        mapping={f"p:{day}:{portals.province_home.pk}": 7, f"u:{day}": 2},
    )
    assert counting.figures(portals.province.pk, fresh=True)["page_views"] == 7

    assert counting.flush() == 7
    stat = DailySiteStat.objects.get(site=portals.province, date=day)
    assert (stat.views, stat.visits) == (7, 2)
    assert DailyPageStat.objects.get(page=portals.province_home).views == 7
    assert portal_figures(portals.sites["a"]) == (0, 0)
