from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.admin.views.account import LogoutView

from cms import portals

# A portal colour in its stylesheet's URL: six hex digits, no '#'.
COLOUR_PATTERN = r"[0-9a-fA-F]{6}"


@require_safe
@cache_control(max_age=31536000, public=True, immutable=True)
def portal_colour(request, colour):
    """The portal's colour as a stylesheet (the page's policy allows no inline
    style); its URL names the colour, so it is cached for good."""
    return HttpResponse(
        f":root{{--brand:#{colour.lower()}}}\n", content_type="text/css; charset=utf-8"
    )


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {portals.request_base_url(request)}/sitemap.xml",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


class AdminLogoutView(LogoutView):
    """Wagtail's sign-out, by POST only. Wagtail's view answers a GET with 405
    but deletes the session cookie all the same, so a link or an image on any
    site could sign an officer out; here a GET never reaches it."""

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page
    says: the shipped icon. Not permanent: its static name changes with it."""
    return HttpResponseRedirect(static("favicon.svg"))
