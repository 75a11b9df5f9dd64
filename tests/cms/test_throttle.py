"""Password guessing is slowed down: sign-ins (django-axes) and page passwords."""

import datetime
import threading

from django.core.management import call_command
from django.db import connections
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from wagtail.models import PageViewRestriction

import pytest
import time_machine
from axes.models import AccessAttempt

from cms import throttle
from tests import factories
from tests.conftest import restrict

PASSWORD = "đúng-mật-khẩu-2026"
SIGN_IN_URLS = ["/admin/login/", "/django-admin/login/", "/_util/login/"]


def redis_down(ignore_exceptions):
    """Caches on a port nothing listens on: every call is refused at once."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": ignore_exceptions,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
            },
        }
    }


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        username="canbo", password=PASSWORD, is_superuser=True
    )


def from_address(address):
    return Client(REMOTE_ADDR=address, raise_request_exception=False)


def sign_in(client, username, password, url="/admin/login/"):
    return client.post(url, {"username": username, "password": password})


def later(minutes):
    return datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=minutes)


def lockout_message():
    with translation.override("vi"):
        return ngettext(
            "For your safety, signing in is paused. Please try again in "
            "%(minutes)s minute.",
            "For your safety, signing in is paused. Please try again in "
            "%(minutes)s minutes.",
            15,
        ) % {"minutes": 15}


# Sign-ins


@pytest.mark.parametrize("url", SIGN_IN_URLS)
def test_the_fifth_wrong_password_locks_the_account_on_every_sign_in_form(
    officer, url, caplog
):
    guesser = from_address("203.0.113.7")
    for _ in range(4):
        assert sign_in(guesser, "canbo", "sai", url=url).status_code == 200

    fifth = sign_in(guesser, "canbo", "sai", url=url)
    assert fifth.status_code == 429
    assert fifth["Retry-After"] == "900"
    assert fifth["Cache-Control"] == "no-store"
    assert lockout_message() in fifth.content.decode()
    assert "Locking out" in caplog.text

    assert sign_in(guesser, "canbo", PASSWORD, url=url).status_code == 429
    assert "_auth_user_id" not in guesser.session


def test_the_lockout_holds_from_elsewhere_and_whatever_the_case(officer):
    guesser = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(guesser, "canbo", "sai")

    elsewhere = sign_in(from_address("198.51.100.2"), "CanBo ", PASSWORD)
    assert elsewhere.status_code == 429


def test_many_failures_from_one_address_lock_that_address_only(officer):
    guesser = from_address("203.0.113.7")
    for n in range(19):
        assert sign_in(guesser, f"nguoi-{n}", "sai").status_code == 200
    assert sign_in(guesser, "nguoi-19", "sai").status_code == 429

    assert sign_in(guesser, "canbo", PASSWORD).status_code == 429
    assert sign_in(from_address("198.51.100.2"), "canbo", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures(officer):
    client = from_address("203.0.113.7")
    for _ in range(4):
        sign_in(client, "canbo", "sai")
    assert sign_in(client, "canbo", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert sign_in(client, "canbo", "sai").status_code == 200
    assert sign_in(client, "canbo", PASSWORD).status_code == 302


def test_the_lockout_ends_a_window_after_the_last_failure_it_counted(officer):
    client = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(client, "canbo", "sai")
    assert sign_in(client, "canbo", PASSWORD).status_code == 429

    # Attempts refused while locked out are not counted: they do not extend it.
    with time_machine.travel(later(10)):
        assert sign_in(client, "canbo", "sai").status_code == 429
    with time_machine.travel(later(16)):
        assert sign_in(client, "canbo", PASSWORD).status_code == 302


@pytest.mark.parametrize("url", SIGN_IN_URLS[1:])
def test_every_sign_in_form_shares_the_lockout(officer, url):
    client = from_address("203.0.113.7")
    for _ in range(3):
        sign_in(client, "canbo", "sai")
    assert sign_in(client, "canbo", "sai", url=url).status_code == 200
    assert sign_in(client, "canbo", "sai", url=url).status_code == 429

    assert sign_in(client, "canbo", PASSWORD, url=url).status_code == 429
    assert sign_in(client, "canbo", PASSWORD).status_code == 429


def test_the_address_comes_from_the_proxy_header_when_set(officer, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    for n in range(20):
        sign_in(proxy, f"nguoi-{n}", "sai")

    assert sign_in(proxy, "canbo", PASSWORD).status_code == 429
    behind_the_same_proxy = Client(
        REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.2"
    )
    assert sign_in(behind_the_same_proxy, "canbo", PASSWORD).status_code == 302


def test_an_administrator_can_lift_a_lockout(officer):
    client = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(client, "canbo", "sai")

    call_command("axes_reset_username", "canbo")
    assert sign_in(client, "canbo", PASSWORD).status_code == 302


@pytest.mark.parametrize("ignore_exceptions", [True, False])
def test_the_lockout_holds_while_redis_is_down(officer, settings, ignore_exceptions):
    settings.CACHES = redis_down(ignore_exceptions)
    guesser = from_address("203.0.113.7")
    for _ in range(4):
        assert sign_in(guesser, "canbo", "sai").status_code == 200
    assert sign_in(guesser, "canbo", "sai").status_code == 429

    # The right password is refused like a wrong one: no oracle, no 500.
    assert sign_in(guesser, "canbo", PASSWORD).status_code == 429
    assert sign_in(guesser, "canbo", "sai").status_code == 429


# Page passwords


@pytest.fixture
def protected(news_index):
    article = factories.NewsArticlePageFactory(parent=news_index, slug="noi-bo")
    restriction = restrict(article, kind=PageViewRestriction.PASSWORD)
    url = reverse(
        "wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk]
    )
    return article, url


def try_password(client, page, url, password):
    return client.post(url, {"password": password, "return_url": page.url})


def test_five_wrong_page_passwords_lock_the_page(protected):
    page, url = protected
    guesser = from_address("203.0.113.7")
    for _ in range(5):
        assert try_password(guesser, page, url, "sai").status_code == 200

    locked = try_password(guesser, page, url, "secret")
    assert locked.status_code == 429
    assert lockout_message() in locked.content.decode()
    assert guesser.get(page.url).status_code == 200
    assert "passed_page_view_restrictions" not in guesser.session

    elsewhere = try_password(from_address("198.51.100.2"), page, url, "secret")
    assert elsewhere.status_code == 429


def test_the_right_page_password_clears_the_failures_and_lets_in(protected):
    page, url = protected
    client = from_address("203.0.113.7")
    for _ in range(4):
        try_password(client, page, url, "sai")
    assert try_password(client, page, url, "secret").status_code == 302

    for _ in range(4):
        assert try_password(client, page, url, "sai").status_code == 200
    assert try_password(client, page, url, "secret").status_code == 302


def test_the_page_password_lockout_ends_after_the_window(protected):
    page, url = protected
    client = from_address("203.0.113.7")
    for _ in range(5):
        try_password(client, page, url, "sai")

    with time_machine.travel(later(16)):
        assert try_password(client, page, url, "secret").status_code == 302


@pytest.fixture
def file_cache(settings, tmp_path):
    """The cache every worker shares when there is no Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "files": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    settings.THROTTLE_CACHE_ALIAS = "files"


def test_without_redis_the_page_lockout_lasts_the_whole_window(protected, file_cache):
    page, url = protected
    client = from_address("203.0.113.7")
    for _ in range(5):
        try_password(client, page, url, "sai")

    # Past the file cache's default expiry of 5 minutes, within the window.
    with time_machine.travel(later(10)):
        assert try_password(client, page, url, "secret").status_code == 429
    with time_machine.travel(later(26)):
        assert try_password(client, page, url, "secret").status_code == 302


@pytest.mark.parametrize("ignore_exceptions", [True, False])
def test_page_passwords_are_refused_while_the_cache_is_down(
    protected, settings, ignore_exceptions
):
    page, url = protected
    return_url = page.url  # Wagtail's URLs are cached too
    settings.CACHES = redis_down(ignore_exceptions)
    client = from_address("203.0.113.7")

    # Fails closed: the right password gets the same answer as a wrong one.
    for password in ("sai", "secret"):
        refused = client.post(url, {"password": password, "return_url": return_url})
        assert refused.status_code == 429
        assert lockout_message() in refused.content.decode()
    assert "passed_page_view_restrictions" not in client.session


def test_concurrent_page_password_attempts_cannot_all_pass_the_limit(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    counters = throttle.page_password_counters(request, restriction_id=1)
    start = threading.Barrier(20)
    allowed = []

    def attempt():
        start.wait()
        allowed.append(throttle.attempt_allowed(counters))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert allowed.count(True) == 5


# Commits from several threads: runs with the other live tests, apart.
@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_wrong_sign_ins_get_no_more_guesses_than_a_sequence(officer):
    """Each attempt from its own address, so only the username's limit holds:
    of twelve at once, five passwords are checked and the rest refused."""
    start = threading.Barrier(12)
    statuses = []

    def attempt(number):
        client = from_address(f"203.0.113.{number}")
        start.wait()
        try:
            statuses.append(sign_in(client, "canbo", "sai").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    checked = AccessAttempt.objects.filter(username="canbo").aggregate(
        total=Sum("failures_since_start")
    )["total"]
    assert checked == 5
    assert sorted(statuses) == [200] * 4 + [429] * 8
    assert sign_in(from_address("203.0.113.99"), "canbo", PASSWORD).status_code == 429


def test_failed_sign_ins_leave_the_api_cache_alone(
    officer, home_page, client, django_assert_num_queries
):
    client.get("/api/v2/pages/")
    sign_in(from_address("203.0.113.7"), "canbo", "sai")

    # Sign-in records show on no page (cms/caching.py): the listing comes
    # from the cache.
    with django_assert_num_queries(0):
        assert client.get("/api/v2/pages/").status_code == 200


def test_an_administrator_sees_the_failed_sign_ins_in_vietnamese(officer):
    sign_in(from_address("203.0.113.7"), "nguoi-la", "sai")
    officer.is_staff = True
    officer.save()
    admin = Client()
    admin.force_login(officer)

    page = admin.get("/django-admin/axes/accessattempt/").content.decode()
    assert "nguoi-la" in page
    assert "Số lần đăng nhập sai" in page
