"""Slow down password guessing: sign-ins and page passwords (docs/security.md).

Sign-ins (Django admin, Wagtail admin, Wagtail's front-end login) are counted
by django-axes in the database, so a lockout holds while Redis is down; the
callables here are the parts of its configuration that are ours
(cms/settings/base.py). A locked-out person gets a 429 page in Vietnamese.

Axes checks a username's count before the password and records a failure
after it, so concurrent wrong sign-ins would all be checked before the first
is recorded: `SignInOneAtATimeMiddleware` makes the sign-ins of one username
wait for each other (a PostgreSQL advisory lock held until the failure is
committed; a file lock on SQLite, which serves one host), so a burst gets no
more guesses than a sequence.

A wrong code of two-factor sign-in (cms/two_factor.py) is a failed sign-in
too, in the same lockout (`sign_in_failed`), and the failures are cleared
only once a sign-in is complete (`sign_in_succeeded`).

Wagtail's page-password form signs nobody in, so axes never sees it: its
attempts are counted here, in the shared cache, per address and per protected
page. An attempt is counted before the password is checked, and refused once
a count passes its limit; the right password clears the counts.
"""

import fcntl
import hashlib
import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Sum
from django.http import HttpResponse
from django.template.loader import render_to_string

from axes.attempts import get_cool_off_threshold
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt

logger = logging.getLogger(__name__)

PAGE_PASSWORD_VIEW = "wagtailcore_authenticate_with_password"  # noqa: S105
# Django's, Wagtail admin's and Wagtail's front-end sign-in (private pages).
SIGN_IN_VIEWS = {"admin:login", "wagtailadmin_login", "wagtailcore_login"}
# The second factor's code, for the signed-in officer (cms/two_factor.py).
SECOND_FACTOR_VIEWS = {"two_factor_verify"}


def client_address(request):
    return request.META.get(settings.CLIENT_IP_HEADER) or request.META.get(
        "REMOTE_ADDR", ""
    )


def locked_out_response(request, original_response=None, credentials=None):
    minutes = max(1, settings.THROTTLE_WINDOW_SECONDS // 60)
    response = HttpResponse(
        render_to_string("429.html", {"minutes": minutes}, request=request),
        status=429,
    )
    response["Retry-After"] = str(settings.THROTTLE_WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# Sign-ins: django-axes callables.


def sign_in_username(request, credentials):
    """The username failures count against: case and spaces make no other."""
    source = credentials or request.POST
    username = source.get(get_user_model().USERNAME_FIELD)
    return username.strip().lower() if isinstance(username, str) else username


def sign_in_failure_limit(request, credentials):
    """Give the username and the address each their own limit.

    Axes compares one limit with the larger of the two failure counts. The
    username's limit once its own count has reached it, the address's until
    then, locks exactly when either count reaches its own limit (the address's
    being the larger).
    """
    username_failures = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    if (username_failures or 0) >= settings.THROTTLE_TARGET_FAILURES:
        return settings.THROTTLE_TARGET_FAILURES
    return settings.THROTTLE_ADDRESS_FAILURES


@contextmanager
def one_at_a_time(name):
    """Hold a lock on `name` for every process of the installation."""
    digest = hashlib.sha256(f"sign-in:{name}".encode()).digest()
    if connection.vendor == "postgresql":
        # Released when the transaction ends: after axes committed the failure.
        with transaction.atomic():
            with connection.cursor() as cursor:
                key = int.from_bytes(digest[:8], "big", signed=True)
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
            yield
        return
    folder = Path(tempfile.gettempdir()) / "portal-sign-in-locks"
    folder.mkdir(exist_ok=True)
    with open(folder / digest.hex()[:32], "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class SignInOneAtATimeMiddleware:
    """Run the sign-ins of one username one after the other. Last in
    MIDDLEWARE: it calls the view itself, once every other check has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        view_name = request.resolver_match.view_name
        if view_name in SIGN_IN_VIEWS:
            username = sign_in_username(request, None) or ""
        elif view_name in SECOND_FACTOR_VIEWS and request.user.is_authenticated:
            username = sign_in_username(request, credentials(request.user))
        else:
            return None
        with one_at_a_time(username):
            return view_func(request, *view_args, **view_kwargs)


# The second factor counts in the same lockout as the password: a wrong code
# is a failed sign-in of that username from that address (cms/two_factor.py).


def credentials(user):
    return {get_user_model().USERNAME_FIELD: user.get_username()}


def sign_in_allowed(request, user):
    """False while the username or the address is locked out."""
    return AxesProxyHandler.is_allowed(request, credentials(user))


def sign_in_failed(request, user):
    """Count a failure; True when it locked the username or the address."""
    user_login_failed.send(
        sender=__name__, credentials=credentials(user), request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def sign_in_succeeded(request, user):
    """Clear the failures of the username and the address, as axes does on
    success (AXES_RESET_ON_SUCCESS is off: a sign-in succeeds only once its
    second factor has, cms/two_factor.py)."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(
        request, credentials(user)
    )


# Page passwords: our own counts in the shared cache.


def cache():
    return caches[settings.THROTTLE_CACHE_ALIAS]


def page_password_counters(request, restriction_id):
    def key(kind, value):
        digest = hashlib.sha256(str(value).encode()).hexdigest()
        return f"throttle:{kind}:{digest}"

    return [
        (
            key("password-address", client_address(request)),
            settings.THROTTLE_ADDRESS_FAILURES,
        ),
        (key("password-page", restriction_id), settings.THROTTLE_TARGET_FAILURES),
    ]


def count_attempt(key):
    """Add one to a count and return it, or None if the cache did not answer.

    incr() is atomic in Redis and in local memory, so of N concurrent attempts
    exactly `limit` see a count within it. A count lasts a window from the
    latest attempt (the file cache's incr() would reset it to 5 minutes).
    """
    window = settings.THROTTLE_WINDOW_SECONDS
    cache().add(key, 0, window)
    try:
        count = cache().incr(key)
    except ValueError:
        # The count expired between add() and incr().
        cache().add(key, 1, window)
        count = 1
    cache().touch(key, window)
    return count


def attempt_allowed(counters):
    """Count an attempt; False once a count passes its limit or cannot be kept.

    Without its counts the throttle fails closed: page passwords are rare
    (new shared passwords are not offered), so refusing them while the cache
    is down costs little, whereas letting every guess through would make an
    outage an open door (docs/security.md).
    """
    try:
        counts = [count_attempt(key) for key, _limit in counters]
    except Exception:
        # Any fault of any cache backend (Redis refusing, a full disk).
        logger.exception("Page-password throttle: the cache failed")
        return False
    if not all(isinstance(count, int) for count in counts):
        # django-redis with IGNORE_EXCEPTIONS answers None instead of raising.
        logger.error("Page-password throttle: the cache did not answer")
        return False
    return all(
        count <= limit for count, (_key, limit) in zip(counts, counters, strict=True)
    )


def forget(counters):
    try:
        cache().delete_many([key for key, _limit in counters])
    except Exception:
        # The right password still lets in; the counts expire on their own.
        logger.exception("Page-password throttle: the cache failed")


class PagePasswordThrottleMiddleware:
    """Count page-password attempts; refuse them past a limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        counters = getattr(request, "page_password_counters", None)
        # Wagtail redirects to the page on success and shows the form again,
        # with its error, on failure.
        if counters is not None and response.status_code == 302:
            forget(counters)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method != "POST"
            or request.resolver_match is None
            or request.resolver_match.view_name != PAGE_PASSWORD_VIEW
        ):
            return None
        counters = page_password_counters(
            request, view_kwargs["page_view_restriction_id"]
        )
        if not attempt_allowed(counters):
            return locked_out_response(request)
        request.page_password_counters = counters
        return None
