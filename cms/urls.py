from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import extensions, route_cache
from cms.middleware import health
from cms.sitemaps import PublicSitemap
from cms.views import (
    COLOUR_PATTERN,
    AdminLogoutView,
    favicon,
    portal_colour,
    robots_txt,
)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before the admin's own: sign-out by POST only (cms/views.py).
    path("admin/logout/", AdminLogoutView.as_view(), name="portal_admin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    re_path(
        rf"^portal-colour/(?P<colour>{COLOUR_PATTERN})\.css$",
        portal_colour,
        name="portal_colour",
    ),
    path("healthz/", health, name="health"),
    # Other apps' pages (/search/, /stats/, /api/preview/): before the API's
    # catch-all /api/ and Wagtail's pages, so theirs win.
    *extensions.site_urls(),
    # The headless API: the router at /api/v2/, JSON 404s elsewhere under /api/.
    path("api/", include("cms.api.router")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
# Pages go to our serve view, which routes from the cache where it can
# (cms/route_cache.py); Wagtail's own routes under _util/ (page passwords, the
# front-end login) stay with it. Unnamed: "wagtail_serve" reverses through
# Wagtail's identical pattern below.
urlpatterns += [
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", route_cache.serve),
    path("", include(wagtail_urls)),
]
