"""Password guessing is slowed down: admin sign-ins and page passwords."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from tests import factories
from tests.conftest import restrict

PASSWORD = "đúng-mật-khẩu-2026"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user(
        username="canbo", password=PASSWORD, is_superuser=True
    )


def from_address(address):
    return Client(REMOTE_ADDR=address)


def sign_in(client, username, password, url="/admin/login/"):
    return client.post(url, {"username": username, "password": password})


def lockout_message():
    with translation.override("vi"):
        return ngettext(
            "For your safety, signing in is paused. Please try again in "
            "%(minutes)s minute.",
            "For your safety, signing in is paused. Please try again in "
            "%(minutes)s minutes.",
            15,
        ) % {"minutes": 15}


def test_five_wrong_passwords_lock_the_account_even_from_elsewhere(officer):
    guesser = from_address("203.0.113.7")
    for _ in range(5):
        assert sign_in(guesser, "canbo", "sai").status_code == 200

    locked = sign_in(guesser, "canbo", PASSWORD)
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert lockout_message() in locked.content.decode()
    assert "_auth_user_id" not in guesser.session

    elsewhere = sign_in(from_address("198.51.100.2"), "CanBo ", PASSWORD)
    assert elsewhere.status_code == 429


def test_many_failures_from_one_address_lock_that_address_only(officer):
    guesser = from_address("203.0.113.7")
    for n in range(20):
        sign_in(guesser, f"nguoi-{n}", "sai")

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


def test_the_lockout_ends_after_the_window(officer):
    client = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(client, "canbo", "sai")
    assert sign_in(client, "canbo", PASSWORD).status_code == 429

    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)
    with time_machine.travel(later):
        assert sign_in(client, "canbo", PASSWORD).status_code == 302


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


def test_without_redis_the_lockout_lasts_the_whole_window(officer, file_cache):
    client = from_address("203.0.113.7")
    for _ in range(5):
        sign_in(client, "canbo", "sai")
    now = datetime.datetime.now(tz=datetime.UTC)

    # Past the file cache's default expiry of 5 minutes, within the window.
    with time_machine.travel(now + datetime.timedelta(minutes=10)):
        assert sign_in(client, "canbo", PASSWORD).status_code == 429
    with time_machine.travel(now + datetime.timedelta(minutes=16)):
        assert sign_in(client, "canbo", PASSWORD).status_code == 302


@pytest.mark.parametrize("url", ["/django-admin/login/", "/_util/login/"])
def test_every_sign_in_form_shares_the_lockout(officer, url):
    client = from_address("203.0.113.7")
    for _ in range(3):
        sign_in(client, "canbo", "sai")
    for _ in range(2):
        assert sign_in(client, "canbo", "sai", url=url).status_code == 200

    assert sign_in(client, "canbo", PASSWORD, url=url).status_code == 429
    assert sign_in(client, "canbo", PASSWORD).status_code == 429


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

    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)
    with time_machine.travel(later):
        assert try_password(client, page, url, "secret").status_code == 302
