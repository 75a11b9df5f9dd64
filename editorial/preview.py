"""Headless preview: a signed, expiring link that serves a draft's API JSON.

An officer opens "Preview in the mobile app" in the admin and hands the link
to the app (or scans it). The token names one page and expires after
EDITORIAL_PREVIEW_MAX_AGE seconds; it is never accepted for another page.
The JSON is what the public API (cms/api/) makes of the page's latest
revision: the same fields and shapes, with links only to public pages.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.models import Page

from rest_framework.response import Response

from cms.api.endpoints import PagesEndpoint

SALT = "editorial.headless-preview"


def make_token(page):
    return signing.TimestampSigner(salt=SALT).sign_object({"page": page.pk})


def read_token(token):
    """The page id a token grants; raises signing.BadSignature (or its
    SignatureExpired subclass) when it is forged or too old."""
    data = signing.TimestampSigner(salt=SALT).unsign_object(
        token, max_age=settings.EDITORIAL_PREVIEW_MAX_AGE
    )
    return data["page"]


class DraftPageEndpoint(PagesEndpoint):
    """The public API's page detail view, fed the draft a valid token grants.

    Only the detail route answers; listings and `find` would serve live
    pages the public API already has.
    """

    detail_query_parameters = PagesEndpoint.detail_query_parameters | {"token"}

    def refuse(self, message, status):
        return Response({"message": message}, status=status)

    def listing_view(self, request):
        return self.refuse(_("Not found."), 404)

    def find_view(self, request):
        return self.refuse(_("Not found."), 404)

    def detail_view(self, request, pk):
        try:
            granted = read_token(request.GET.get("token", ""))
        except signing.SignatureExpired:
            return self.refuse(_("This preview link has expired."), 403)
        except signing.BadSignature:
            return self.refuse(_("This preview link is not valid."), 403)
        if granted != int(pk):
            return self.refuse(_("This preview link is for another page."), 403)
        page = Page.objects.filter(pk=pk).first()
        if page is None:
            return self.refuse(_("The page no longer exists."), 404)
        # The public endpoint's get_object() serves what is set here.
        self._object = page.specific.get_latest_revision_as_object()
        return super().detail_view(request, pk)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Drafts must never sit in a shared cache or a search engine.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response


preview_router = WagtailAPIRouter("editorialpreview")
preview_router.register_endpoint("pages", DraftPageEndpoint)


def preview_url(request, page):
    return request.build_absolute_uri(
        reverse("editorialpreview:pages:detail", args=[page.pk])
        + "?token="
        + make_token(page)
    )


def preview_link(request, page_id):
    """Admin view: the link an officer hands to the mobile app."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    url = preview_url(request, page)
    return TemplateResponse(
        request,
        "editorial/preview_link.html",
        {
            "page": page,
            "preview_url": url,
            "minutes": settings.EDITORIAL_PREVIEW_MAX_AGE // 60,
        },
    )
