"""Response headers and graceful failure shared by every route."""

import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page, Revision

from cms import reader

RETRY_AFTER_SECONDS = 30

# Public pages load nothing from elsewhere: fonts, CSS and scripts ship with the
# project. Video embeds are the only third-party frames. The one inline script
# (reader controls before the first paint, cms/reader.py) is allowed by hash.
POLICY_DIRECTIVES = [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    f"script-src 'self' '{reader.HEAD_SCRIPT_HASH}'",
    "frame-src https:",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
]
CONTENT_SECURITY_POLICY = "; ".join([*POLICY_DIRECTIVES, "frame-ancestors 'none'"])
# A preview is the page rendered for the admin's preview panel, an iframe of
# the admin's own origin ('self' is the origin the preview URL was loaded
# from: the admin's). Wagtail already sends X-Frame-Options SAMEORIGIN there.
PREVIEW_CONTENT_SECURITY_POLICY = "; ".join(
    [*POLICY_DIRECTIVES, "frame-ancestors 'self'"]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """CSP, Permissions-Policy and Cross-Origin-Resource-Policy, which Django
    does not set itself.

    The admin is left to Wagtail: its editor needs inline scripts and styles.
    A page's preview, shown in the admin's side panel, may be framed by the
    admin's own origin; every other public response by nobody.
    CORP is `same-site` (another site cannot load our pages, API answers or
    documents as an image or script; the API's CORS requests and apps are
    not affected), except on media: image renditions the API hands to apps
    are shown by web views and other sites (docs/security.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = ("/admin/", "/django-admin/")
        self.media_prefix = settings.MEDIA_URL

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault(
            "Cross-Origin-Resource-Policy",
            "cross-origin"
            if request.path.startswith(self.media_prefix)
            else "same-site",
        )
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware chain on
            # a made-up request with the page's public path, and marks it.
            response.setdefault(
                "Content-Security-Policy", PREVIEW_CONTENT_SECURITY_POLICY
            )
            # Django's clickjacking middleware, below this one, said DENY;
            # Wagtail's panel view says SAMEORIGIN, its revision views do not.
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif not request.path.startswith(self.admin_prefixes):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def unavailable_json():
    """The API's answer while the database is down: JSON in Vietnamese, 503
    with Retry-After, never cached."""
    response = JsonResponse(
        {"message": _("The service is temporarily unavailable; try again shortly.")},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage answers 503 with Retry-After instead of a 500.

    Connections are health-checked (CONN_HEALTH_CHECKS), so the site recovers
    by itself when the database returns.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return unavailable(request)


def unavailable(request):
    """The 503 answer of a database outage, HTML or (under /api/) JSON."""
    if request.path.startswith("/api/"):
        response = unavailable_json()
    else:
        # Rendered without the database: no site settings, no menu.
        context = {
            "retry_after": RETRY_AFTER_SECONDS,
            "unfinished": unfinished_page_save(request),
        }
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The page cache answers with its last copy instead, where it has one.
    response.database_unavailable = True
    return response


# Wagtail's page editor: a save or publish cut off by the outage.
PAGE_FORMS = {"wagtailadmin_pages:edit", "wagtailadmin_pages:add"}


def unfinished_page_save(request):
    """What became of an officer's save or publish that the outage cut off,
    in a sentence, or None for any other request.

    Wagtail saves the revision, then publishes it: a fault in between leaves
    the draft saved and the page as it was. Asked once (the database may
    answer again already, or not: then the officer is told what may have
    happened and how to check)."""
    match = getattr(request, "resolver_match", None)
    if request.method != "POST" or match is None or match.view_name not in PAGE_FORMS:
        return None
    page_id = match.kwargs.get("page_id")
    started = getattr(request, "started_at", None)
    if match.view_name != "wagtailadmin_pages:edit" or started is None:
        return unknown_save()
    try:
        revision = (
            Revision.page_revisions.filter(
                object_id=str(page_id), created_at__gte=started
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        live_revision = (
            Page.objects.filter(pk=page_id)
            .values_list("live_revision_id", flat=True)
            .first()
        )
    except DatabaseError:
        return unknown_save()
    if revision is None:
        return _(
            "Your changes were not saved. Go back, copy the text you wrote, "
            "and save again once the portal answers."
        )
    at = timezone.localtime(revision.created_at).strftime("%H:%M")
    if revision.pk == live_revision:
        return _(
            "The page was published at %(time)s; only this confirmation "
            "could not be shown."
        ) % {"time": at}
    return _(
        "Your changes were saved as a draft at %(time)s, but the page was "
        "not published. Once the portal answers, open the page and publish "
        "it again."
    ) % {"time": at}


def unknown_save():
    return _(
        "Your changes may have been saved as a draft, and the page may not "
        "have been published. Once the portal answers, open the page's "
        "history to check, and publish again if needed."
    )


@receiver(got_request_exception)
def remember_database_error(sender, request=None, **kwargs):
    """A database error raised in a middleware (the page cache finding a
    portal, a session) reaches no process_exception: Django makes a 500 of
    it at once. Mark the request, so AnyDatabaseErrorMiddleware answers 503."""
    if request is not None and isinstance(
        sys.exc_info()[1], OperationalError | InterfaceError
    ):
        request.database_error = True


class AnyDatabaseErrorMiddleware:
    """Near the top of MIDDLEWARE: the 500 Django made of a database error
    raised in any middleware below becomes the outage's 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # What an officer's save cut off by an outage looks for.
        request.started_at = timezone.now()
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_error", False):
            return unavailable(request)
        return response


def health(request):
    """For load balancers and monitoring: 200 when the database answers."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
