"""The router at /api/v2/: Wagtail's endpoints behind the response cache,
/api/v2/site/, /api/v2/schema/, routes other apps register through the
`register_api_urls` hook, and JSON 404s for anything else under /api/."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, JsonResponse
from django.urls import path, re_path
from django.views.decorators.http import require_safe

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import page_models_from_string
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms import portals
from cms.api.cache import cached_api_view
from cms.api.endpoints import DocumentsEndpoint, ImagesEndpoint, PagesEndpoint, api_site
from cms.api.openapi import build_schema
from cms.api.prefetch import APIReferences
from cms.extensions import api_site_sections, api_urls
from cms.images import image_api_representation
from cms.models import SiteSettings
from cms.visibility import portals_public_pages


@require_safe
def site_view(request):
    """What an app needs to brand itself and find the portal's sections: the
    portal of the request's host. The province's also lists every portal, for
    the pages listing's `site` filter."""
    site = api_site(request)
    if site is None:
        raise Http404
    portal = portals.for_site(site)
    settings_ = SiteSettings.for_site(site)
    refs = APIReferences(portals_public_pages([portal]), site)
    logo = settings_.logo
    refs.prefetch_renditions([logo])
    sections = site_sections(refs.public_pages)
    province = portals.province()
    return JsonResponse(
        {
            "id": portal.site_id,
            "name": site.site_name,
            "hostname": portal.hostname,
            "base_url": refs.base_url,
            "root_page_id": site.root_page_id,
            "agency_name": settings_.agency_name,
            "agency_short_name": settings_.agency_short_name,
            # The banner's level above ("Tỉnh An Giang") and main colour, so an
            # app brands itself as the site does; "" for the default colour.
            "parent_name": settings_.parent_name,
            "colour": settings_.colour,
            "label": portal.label,
            "level": portal.level,
            "unit_code": portal.unit_code,
            "is_province": portal == province,
            "portals": [portal_summary(p) for p in portals.all_portals()]
            if portal == province
            else None,
            "logo": image_api_representation(logo, refs.base_url) if logo else None,
            "contacts": {
                "address": settings_.address,
                "phone": settings_.phone,
                "email": settings_.email,
                "responsible_person": settings_.responsible_person,
                "licence": settings_.licence,
            },
            "sections": sections,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def portal_summary(portal):
    return {
        "id": portal.site_id,
        "hostname": portal.hostname,
        "base_url": portal.base_url,
        "label": portal.label,
        "name": portal.name,
        "level": portal.level,
        "unit_code": portal.unit_code,
    }


def site_sections(public):
    """{name: {"id", "title"} or None}: the first visible page (in tree order)
    of each type that apps name through `register_api_site_sections`, in one
    query."""
    types = {
        name: ContentType.objects.get_for_model(page_models_from_string(label)[0])
        for name, label in api_site_sections().items()
    }
    first = {}
    rows = public.filter(content_type__in=types.values()).order_by("-path")
    for row in rows.values("pk", "title", "content_type_id"):
        first[row["content_type_id"]] = {"id": row["pk"], "title": row["title"]}
    return {name: first.get(kind.pk) for name, kind in types.items()}


def schema_view(request):
    portal = portals.for_request(request)
    base_url = portals.base_url(portal.site_id if portal else None)
    return JsonResponse(
        build_schema(api_router, base_url, portal), json_dumps_params={"indent": 1}
    )


def not_found(request, *args, **kwargs):
    return JsonResponse({"message": "not found"}, status=404)


class PortalRouter(WagtailAPIRouter):
    def wrap_view(self, func):
        return cached_api_view(super().wrap_view(func))

    def get_urlpatterns(self):
        extra = [
            path("site/", site_view, name="site"),
            path("schema/", schema_view, name="schema"),
            # Other apps add their own routes (stats/ adds /api/v2/stats/).
            *api_urls(),
        ]
        decorate_urlpatterns(extra, self.wrap_view)
        return [*super().get_urlpatterns(), *extra, re_path(r"", not_found)]


api_router = PortalRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)

# Mounted by cms/urls.py at /api/: the router at v2/, JSON 404s elsewhere.
urlpatterns = [
    path("v2/", api_router.urls),
    re_path(r"", not_found),
]
