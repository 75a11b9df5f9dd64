"""The pages, images and documents endpoints: one public queryset for every
route (cms/visibility.py), strict parameters, references loaded in bulk."""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from django.http.request import split_domain_port
from django.shortcuts import redirect

from wagtail import hooks
from wagtail.api import APIField
from wagtail.api.v2.filters import AncestorOfFilter, ChildOfFilter, DescendantOfFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import (
    BadRequestError,
    page_models_from_string,
    parse_fields_parameter,
)
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from rest_framework.fields import Field
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cms import portals
from cms.api.parameters import (
    DIGITS,
    ModelFilters,
    PortalPagination,
    SearchFilter,
    StrictFieldsFilter,
    StrictOrderingFilter,
    clean_text_parameters,
)
from cms.api.prefetch import APIReferences
from cms.api.serializers import TagListField, TextField
from cms.images import absolute_url, image_api_representation
from cms.visibility import hidden_collection_ids, portals_public_pages

POSITIVE = re.compile(r"^[1-9][0-9]*$")

# `?site=` on the pages listing: a site id, a host name, or every portal.
SITE_PARAMETER = "site"
ALL_SITES = "all"

# Fields every page, image and document shares


class DetailUrlField(Field):
    """The item's API URL on its portal's address (a page's own portal, so a
    province-wide listing links each commune page where it can be read)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        router = self.context["router"]
        path = router.get_object_detail_urlpath(type(instance), instance.pk)
        page = instance if isinstance(instance, Page) else None
        return self.context["api_references"].api_url(path, page)


class SiteField(Field):
    """The page's portal: {id, hostname, label}."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        portal = self.context["api_references"].portal_of(page)
        if portal is None:
            return None
        return {
            "id": portal.site_id,
            "hostname": portal.hostname,
            "label": portal.label,
        }


class HtmlUrlField(Field):
    """The page's public URL on its portal's address."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return self.context["api_references"].page_url(page)


class ParentField(Field):
    """The parent page, when the API shows it."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        refs = self.context["api_references"]
        parent_id = self.context.get("parent_ids", {}).get(page.pk)
        link = refs.page_link(parent_id) if parent_id else None
        if link is None:
            return None
        path = self.context["router"].get_object_detail_urlpath(Page, parent_id)
        return {**link, "detail_url": refs.api_url(path, refs.pages[parent_id])}


class PortalPageSerializer(PageSerializer):
    detail_url = DetailUrlField()
    html_url = HtmlUrlField()
    site = SiteField()
    parent = ParentField()


class PortalImageSerializer(ImageSerializer):
    detail_url = DetailUrlField()


class PortalDocumentSerializer(DocumentSerializer):
    detail_url = DetailUrlField()


class RenditionsField(Field):
    """WebP renditions (400 to 1600 wide) of an image, absolute URLs."""

    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Rendition"}}

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, image):
        base_url = self.context["api_references"].base_url
        return image_api_representation(image, base_url)["renditions"]


class DownloadUrlField(Field):
    schema = {"type": "string", "format": "uri"}

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, obj):
        # Documents go through their serve view; images have only a file.
        if isinstance(obj, AbstractDocument):
            return self.context["api_references"].base_url + obj.url
        return absolute_url(self.context["api_references"].base_url, obj.file.url)


def api_site(request):
    """The request's portal's `Site` (as Wagtail's routing chooses it, so an
    unknown Host gets the default site), with its root page; None without
    sites. Each portal's API serves that portal's pages only."""
    portal = portals.for_request(request)
    if portal is None:
        return None
    return Site.objects.select_related("root_page").filter(pk=portal.site_id).first()


def portals_named(value, here):
    """The portals `?site=VALUE` names, asked on the portal `here`.

    VALUE is a site id, a host name (`host:port` when two portals share a
    host name) or "all". Only the province portal lists other portals' pages;
    elsewhere a portal may name itself only.
    """
    value = value.strip().lower()
    everyone = portals.all_portals()
    if value == ALL_SITES:
        found = list(everyone)
    elif DIGITS.match(value) and len(value) < 19:
        found = [p for p in everyone if p.site_id == int(value)]
    else:
        hostname, port = split_domain_port(value)
        found = [
            p
            for p in everyone
            if p.hostname == hostname and (not port or str(p.port) == port)
        ]
    if not found:
        raise BadRequestError(
            f"site: no portal is {value[:100]!r}; give a site id, a host name or "
            f"'{ALL_SITES}'"
        )
    province = portals.province()
    if found != [here] and (province is None or here != province):
        raise BadRequestError(
            "site: only the province portal lists other portals' pages; "
            "this portal's API serves its own pages"
        )
    return found


class PageReferenceMixin:
    """`child_of`, `descendant_of`, `ancestor_of` naming a page that does not
    exist or is not public: 404, as its detail would answer (Wagtail's own
    filters say 400, which a well-formed request should not get)."""

    parameter = None

    def filter_queryset(self, request, queryset, view):
        value = request.GET.get(self.parameter)
        if value is not None and DIGITS.match(value) and len(value) < 19:
            if not view.get_base_queryset().filter(pk=int(value)).exists():
                raise Http404
        return super().filter_queryset(request, queryset, view)


class PublicChildOfFilter(PageReferenceMixin, ChildOfFilter):
    parameter = "child_of"


class PublicDescendantOfFilter(PageReferenceMixin, DescendantOfFilter):
    parameter = "descendant_of"


class PublicAncestorOfFilter(PageReferenceMixin, AncestorOfFilter):
    parameter = "ancestor_of"


# Endpoints


class ViewSetMixin:
    """What every endpoint shares: anonymous, JSON only, strict parameters."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    pagination_class = PortalPagination
    detail_query_parameters = frozenset(["fields"])

    def references(self):
        if not hasattr(self, "_references"):
            portal = self.portal()
            self._references = APIReferences(
                self.get_public_pages(), portal.site_id if portal else None
            )
        return self._references

    def portal(self):
        """The request's portal (no query)."""
        if not hasattr(self, "_portal"):
            self._portal = portals.for_request(self.request)
        return self._portal

    def scope(self):
        """The portals whose pages this response may show: the request's."""
        portal = self.portal()
        return [portal] if portal else []

    def get_public_pages(self):
        if not hasattr(self, "_public_pages"):
            self._public_pages = portals_public_pages(self.scope())
        return self._public_pages

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["api_references"] = self.references()
        return context

    def get_renderer_context(self):
        # Compact JSON: apps parse it, phones download it.
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def check_detail_parameters(self):
        unknown = set(self.request.GET) - self.detail_query_parameters
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    def listing_view(self, request):
        clean_text_parameters(request)
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        objects = self.paginate_queryset(queryset)
        self.prefetch(objects)
        serializer = self.get_serializer(objects, many=True)
        return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        clean_text_parameters(request)
        self.check_detail_parameters()
        instance = self.get_object()
        self.prefetch([instance])
        return Response(self.get_serializer(instance).data)

    def find_view(self, request):
        clean_text_parameters(request)
        unknown = set(request.GET) - self.find_query_parameters - {"fields"}
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        if "id" in request.GET and not POSITIVE.match(request.GET["id"]):
            raise BadRequestError("id must be a positive integer")
        try:
            obj = self.find_object(self.get_queryset(), request)
        except self.model.DoesNotExist as error:
            raise Http404 from error
        if obj is None:
            raise Http404
        # Redirect on the portal asked (Wagtail's own uses WAGTAILAPI_BASE_URL).
        path = request.wagtailapi_router.get_object_detail_urlpath(self.model, obj.pk)
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        # Other parameters (fields) carry over; none, no "?" either.
        url = self.references().api_url(path)
        return redirect(f"{url}?{query.urlencode()}" if query else url)

    def prefetch(self, objects):
        self.references().load(objects)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if not db_fields_only:
            return fields
        # Structured fields can be read but not filtered or ordered by.
        return [name for name in fields if _is_plain_field(model, name)]

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": "not found"}, status=404)
        return super().handle_exception(exc)


def contributed_api_fields(model):
    """Fields other apps add to a page type through the
    `register_api_page_fields` hook, so the page's own app need not know them.

    Each hook returns {"app_label.ModelName": [APIField, ...]}
    (docs/architecture.md, "Hooks").
    """
    label = model._meta.label
    return [
        field
        for hook in hooks.get_hooks("register_api_page_fields")
        for field in hook().get(label, ())
    ]


def _is_plain_field(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return True
    return not isinstance(field, StreamField | models.JSONField)


class PagesEndpoint(ViewSetMixin, PagesAPIViewSet):
    base_serializer_class = PortalPageSerializer
    filter_backends = [
        StrictFieldsFilter,
        ModelFilters,
        PublicChildOfFilter,
        PublicAncestorOfFilter,
        PublicDescendantOfFilter,
        StrictOrderingFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = frozenset(
        [
            "limit",
            "offset",
            "fields",
            "order",
            "search",
            "search_operator",
            "type",
            "child_of",
            "ancestor_of",
            "descendant_of",
            SITE_PARAMETER,
        ]
    )
    # alias_of and locale are left out: the first can name a private page,
    # the second is meaningless without i18n.
    meta_fields = [
        "type",
        "detail_url",
        "html_url",
        "slug",
        "show_in_menus",
        "seo_title",
        "search_description",
        "first_published_at",
        "last_published_at",
        "parent",
        "site",
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "slug",
        "first_published_at",
    ]

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + contributed_api_fields(model)

    @classmethod
    def get_listing_default_fields(cls, model):
        own = getattr(model, "api_listing_fields", None)
        if own is None:
            return cls.listing_default_fields[:]
        return ["id", "type", "detail_url", "html_url", "title", *own]

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    def scope(self):
        """The request's portal; on the province's, what `?site=` names."""
        if not hasattr(self, "_scope"):
            value = self.request.GET.get(SITE_PARAMETER)
            if value is None or self.action != "listing_view":
                self._scope = super().scope()
            else:
                self._scope = portals_named(value, self.portal())
        return self._scope

    def site(self):
        """The `Site` (with its root page) of the portal listed; the
        request's when several are."""
        if not hasattr(self, "_site"):
            scope = self.scope()
            if len(scope) == 1 and scope[0] != self.portal():
                self._site = (
                    Site.objects.select_related("root_page")
                    .filter(pk=scope[0].site_id)
                    .first()
                )
            else:
                self._site = api_site(self.request)
        return self._site

    def get_root_page(self):
        site = self.site()
        if site is None:
            raise BadRequestError("no site is configured")
        return site.root_page

    def get_serializer_class(self):
        if self.action != "listing_view" or SITE_PARAMETER not in self.request.GET:
            return super().get_serializer_class()
        # Listing several portals: each item names its portal by default.
        fields_config = []
        if "fields" in self.request.GET:
            try:
                fields_config = parse_fields_parameter(self.request.GET["fields"])
            except ValueError as error:
                raise BadRequestError(f"fields error: {error}") from error
        if "site" not in {name for name, _negated, _sub in fields_config}:
            fields_config.append(("site", False, None))
        return self._get_serializer_class(
            self.request.wagtailapi_router,
            self.get_queryset().model,
            fields_config,
            show_details=False,
        )

    def get_base_queryset(self):
        return self.get_public_pages()

    def get_queryset(self):
        type_names = self.request.GET.get("type")
        try:
            page_models = page_models_from_string(type_names) if type_names else ()
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
        public = self.get_public_pages()
        if len(page_models) == 1:
            model = page_models[0]
            queryset = model.objects.filter(pk__in=public.values("pk"))
            prepare = getattr(model, "api_queryset", None)
            return prepare(queryset) if prepare else queryset
        if page_models:
            return public.type(*page_models)
        return public

    def get_object(self):
        if not hasattr(self, "_object"):
            pk = self.kwargs["pk"]
            try:
                page = self.get_public_pages().get(pk=pk)
            except Page.DoesNotExist as error:
                raise Http404 from error
            model = page.specific_class or Page
            queryset = model.objects.filter(pk=pk)
            prepare = getattr(model, "api_queryset", None)
            self._object = (prepare(queryset) if prepare else queryset).get()
            self._parent_id = _parent_id(page)
        return self._object

    def prefetch(self, objects):
        refs = self.references()
        parent_id = getattr(self, "_parent_id", None)
        if parent_id and objects:
            self._parent_ids = {objects[0].pk: parent_id}
            refs._load_pages({parent_id})
        refs.load(objects)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["parent_ids"] = getattr(self, "_parent_ids", {})
        context["base_queryset"] = self.get_public_pages()
        return context

    def check_query_parameters(self, queryset):
        own = {f.name for f in getattr(queryset.model, "api_filters", ())}
        unknown = set(self.request.GET) - own - self.known_query_parameters
        unknown -= set(self.get_available_fields(queryset.model, db_fields_only=True))
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )

    def find_object(self, queryset, request):
        if "html_path" in request.GET:
            site = self.site()
            if site is None:
                return None
            components = [c for c in request.GET["html_path"].split("/") if c]
            try:
                page, _, _ = site.root_page.specific.route(request, components)
            except Http404:
                return None
            return page if queryset.filter(pk=page.pk).exists() else None
        return super().find_object(queryset, request)


def _parent_id(page):
    """The parent's id, found by its tree path."""
    if page.depth <= 1:
        return None
    parent_path = page.path[: -Page.steplen]
    return Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()


class CollectionPrivacyMixin:
    """Images and documents of restricted collections (and their children)
    never appear, whoever asks; nor, on a commune's host, another portal's.
    The province's host lists every portal's."""

    filter_backends = [StrictFieldsFilter, StrictOrderingFilter, SearchFilter]
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "search", "search_operator"]
    )

    def get_queryset(self):
        portal = portals.for_request(self.request)
        shown = (
            portals.all_portals()
            if portal is None or portal == portals.province()
            else [portal]
        )
        return (
            self.model.objects.exclude(collection__in=hidden_collection_ids(shown))
            .prefetch_related("tags")
            .order_by("id")
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as error:
            raise Http404 from error


class ImagesEndpoint(ViewSetMixin, CollectionPrivacyMixin, ImagesAPIViewSet):
    base_serializer_class = PortalImageSerializer
    body_fields = [
        "id",
        "title",
        APIField("alt", serializer=TextField(source="alt_text")),
        "caption",
        "credit",
        "width",
        "height",
        APIField("renditions", serializer=RenditionsField()),
    ]
    meta_fields = [
        "type",
        "detail_url",
        APIField("tags", serializer=TagListField()),
        APIField("download_url", serializer=DownloadUrlField()),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "alt",
        "width",
        "height",
        "renditions",
    ]


class DocumentsEndpoint(ViewSetMixin, CollectionPrivacyMixin, DocumentsAPIViewSet):
    base_serializer_class = PortalDocumentSerializer
    body_fields = [
        "id",
        "title",
        APIField("file_type", serializer=TextField(source="file_extension")),
    ]
    meta_fields = [
        "type",
        "detail_url",
        APIField("tags", serializer=TagListField()),
        APIField("download_url", serializer=DownloadUrlField()),
    ]
    listing_default_fields = ["id", "type", "detail_url", "title", "download_url"]
