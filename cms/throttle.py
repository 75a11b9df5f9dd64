"""Slow down password guessing: sign-ins and page passwords (docs/security.md).

Stock Wagtail lets anyone try passwords as fast as they can post. Failures are
counted in a cache every process shares, per address and per target (the
username signed in as, or the password-protected page), and forgotten a
window after the latest failure; once either count reaches its limit, further
attempts get 429, without being checked or counted, until then. A success
clears the counts it belongs to.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string

# Django's, Wagtail admin's and Wagtail's front-end sign-in (private pages).
SIGN_IN_VIEWS = {"admin:login", "wagtailadmin_login", "wagtailcore_login"}
PAGE_PASSWORD_VIEW = "wagtailcore_authenticate_with_password"  # noqa: S105


def cache():
    return caches[settings.THROTTLE_CACHE_ALIAS]


def client_address(request):
    return request.META.get(settings.CLIENT_IP_HEADER) or request.META.get(
        "REMOTE_ADDR", ""
    )


def counter(kind, value, limit):
    digest = hashlib.sha256(str(value).encode()).hexdigest()
    return (f"throttle:{kind}:{digest}", limit)


def sign_in_counters(request, username):
    return [
        counter("sign-in-address", client_address(request), address_limit()),
        counter("sign-in-user", username.strip().lower(), target_limit()),
    ]


def page_password_counters(request, restriction_id):
    return [
        counter("password-address", client_address(request), address_limit()),
        counter("password-page", restriction_id, target_limit()),
    ]


def address_limit():
    return settings.THROTTLE_ADDRESS_FAILURES


def target_limit():
    return settings.THROTTLE_TARGET_FAILURES


def is_locked(counters):
    counts = cache().get_many([key for key, _limit in counters])
    return any(counts.get(key, 0) >= limit for key, limit in counters)


def record_failure(counters):
    window = settings.THROTTLE_WINDOW_SECONDS
    for key, _limit in counters:
        cache().add(key, 0, window)
        try:
            cache().incr(key)
        except ValueError:
            # The count expired between add() and incr().
            cache().set(key, 1, window)
        # Counts last a window from the latest failure, whatever incr() does to
        # expiry: Redis and local memory keep it, the file cache resets it.
        cache().touch(key, window)


def clear(counters):
    cache().delete_many([key for key, _limit in counters])


def locked_out_response(request):
    minutes = max(1, settings.THROTTLE_WINDOW_SECONDS // 60)
    response = HttpResponse(
        render_to_string("429.html", {"minutes": minutes}, request=request),
        status=429,
    )
    response["Retry-After"] = str(settings.THROTTLE_WINDOW_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ThrottleMiddleware:
    """Refuse attempts while locked out; count page-password failures.

    Sign-in failures and successes are counted by the receivers of Django's
    user_login_failed and user_logged_in signals (cms/signal_handlers.py),
    which every sign-in form sends, whichever view shows it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        counters = getattr(request, "page_password_counters", None)
        if counters is not None and response.status_code != 429:
            # Wagtail redirects to the page on success and shows the form
            # again, with its error, on failure.
            if response.status_code == 302:
                clear(counters)
            else:
                record_failure(counters)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        name = request.resolver_match.view_name
        if name in SIGN_IN_VIEWS:
            username = request.POST.get(get_user_model().USERNAME_FIELD, "")
            counters = sign_in_counters(request, username)
        elif name == PAGE_PASSWORD_VIEW:
            counters = page_password_counters(
                request, view_kwargs["page_view_restriction_id"]
            )
            request.page_password_counters = counters
        else:
            return None
        if is_locked(counters):
            return locked_out_response(request)
        return None
