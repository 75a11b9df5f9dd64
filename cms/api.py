"""The one Wagtail API v2 router, mounted at /api/v2/ (see docs/api.md).

On top of Wagtail's endpoints it adds what mobile apps were promised:

- one public queryset for every route: live, not expired, no view restriction
  on the page or an ancestor, inside the configured site; the request's user,
  session and Host never widen it, so a response can be cached and shared;
- typed fields declared on the models (cms/serializers.py), loaded in bulk
  (cms/prefetch.py) so query counts do not grow with the number of pages;
- strict parameters: each bad one is a 400 with a JSON message, never a 500;
- a shared response cache with ETag / 304, refreshed after every publish;
- /api/v2/site/, /api/v2/schema/ (cms/openapi.py) and JSON 404s under /api/.
"""

import hashlib
import logging
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import InterfaceError, OperationalError, connection, models
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path, re_path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail import hooks
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    OrderingFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import (
    BadRequestError,
    get_object_detail_url,
    page_models_from_string,
)
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.images.models import AbstractRendition
from wagtail.models import (
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Site,
)
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from rest_framework.fields import Field
from rest_framework.pagination import BasePagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cms.images import image_api_representation
from cms.prefetch import APIReferences, private_collection_ids
from cms.serializers import TagListField, TextField

logger = logging.getLogger(__name__)

MAX_OFFSET = 2**63 - 1
SEARCH_MAX_LENGTH = 200
DIGITS = re.compile(r"^[0-9]+$")
SEARCH_OPERATORS = ("and", "or")
RETRY_AFTER_SECONDS = 30


# The site and the pages the API may show


def api_site():
    """The site named by WAGTAILAPI_BASE_URL, else the default site.

    Never the request's Host: the API serves one site, so a client cannot
    reach another site's pages or poison a shared cache with its headers.
    """
    host = urlsplit(settings.WAGTAILAPI_BASE_URL).hostname or ""
    sites = Site.objects.select_related("root_page").filter(
        Q(hostname=host) | Q(is_default_site=True)
    )
    sites = sorted(sites, key=lambda site: site.hostname != host)
    return sites[0] if sites else None


def public_pages(site, model=Page):
    """Live, unexpired, unrestricted pages of the site: all any route may show.

    Every view restriction counts (password, login, groups), whoever asks:
    the API is anonymous and its responses are shared.
    """
    if site is None:
        return model.objects.none()
    queryset = (
        model.objects.live()
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        .descendant_of(site.root_page, inclusive=True)
    )
    for restriction in PageViewRestriction.objects.select_related("page"):
        queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    return queryset


# Parameters


def clean_text_parameters(request):
    for name, value in request.GET.items():
        if "\x00" in value and name != "search":
            raise BadRequestError(f"null characters are not allowed in {name}")


def search_text(request):
    """The search text as plain words: no NUL, no FTS syntax, bounded length."""
    text = request.GET["search"].replace("\x00", " ")[:SEARCH_MAX_LENGTH]
    return text.strip()


def run_search(queryset, text, operator, order_by_relevance):
    """The search app's Vietnamese-aware search for pages if installed, else
    Wagtail's (images and documents always use Wagtail's)."""
    hooked = hooks.get_hooks("api_search") if issubclass(queryset.model, Page) else []
    for search in hooked:
        return search(
            queryset, text, operator=operator, order_by_relevance=order_by_relevance
        )
    # SQLite FTS5 and PostgreSQL tsquery read quotes and operators as syntax;
    # the API promises that search text is only ever text.
    words = re.sub(r"[^\w\s]", " ", text).split()
    if not words:
        return queryset.none()
    return get_search_backend().search(
        " ".join(words),
        queryset,
        operator=operator,
        order_by_relevance=order_by_relevance,
    )


class PortalPagination(BasePagination):
    """limit/offset with strict numbers; offsets past the end cost no query."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = request.GET.get("offset", "0")
        if not DIGITS.match(offset) or len(offset) > 19 or int(offset) > MAX_OFFSET:
            raise BadRequestError(
                f"offset must be an integer between 0 and {MAX_OFFSET}"
            )
        limit = request.GET.get("limit", str(min(20, limit_max)))
        if not DIGITS.match(limit) or len(limit) > 19:
            raise BadRequestError("limit must be a positive integer")
        if int(limit) > limit_max:
            raise BadRequestError(f"limit cannot be higher than {limit_max}")
        offset, limit = int(offset), int(limit)
        self.total_count = queryset.count()
        if offset >= self.total_count or limit == 0:
            return []
        return list(queryset[offset : offset + limit])

    def get_paginated_response(self, data):
        return Response({"meta": {"total_count": self.total_count}, "items": data})


# Filters


class StrictFieldsFilter(FieldsFilter):
    """Wagtail's `?field=value` filters, with bad values as 400s.

    A date that does not parse raised a ValidationError (500) in Wagtail
    8.0.1. Names of the model's own `api_filters` are left to ModelFilters.
    """

    def filter_queryset(self, request, queryset, view):
        own = {f.name for f in getattr(queryset.model, "api_filters", ())}
        if own & set(request.GET):
            request = _without(request, own)
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError, TypeError, OverflowError) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            raise BadRequestError(f"field filter error: {message}") from error


def _without(request, names):
    """A shallow copy of the request whose GET lacks `names`."""
    clone = type("FilteredRequest", (), {})()
    clone.GET = request.GET.copy()
    for name in names:
        clone.GET.pop(name, None)
    return clone


class ModelFilters:
    """The page type's own filters (`api_filters`), e.g. ?category=<slug>."""

    def filter_queryset(self, request, queryset, view):
        for api_filter in getattr(queryset.model, "api_filters", ()):
            if api_filter.name in request.GET:
                try:
                    queryset = api_filter.filter(queryset, request.GET[api_filter.name])
                except ValueError as error:
                    raise BadRequestError(str(error)) from error
        return queryset


class StrictOrderingFilter(OrderingFilter):
    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValidationError, ValueError) as error:
            raise BadRequestError(f"cannot order by {request.GET['order']}") from error


def searchable(queryset):
    """The same rows, filtered by primary key only.

    Search backends accept filters on indexed fields only; the public
    queryset also filters on expiry and tree paths, so it becomes a subquery.
    """
    model = queryset.model
    candidates = model.objects.filter(pk__in=queryset.order_by().values("pk"))
    prepare = getattr(model, "api_queryset", None)
    if prepare is not None:
        candidates = prepare(candidates)
    if queryset.query.order_by:
        candidates = candidates.order_by(*queryset.query.order_by)
    return candidates


class SearchFilter:
    """?search= with ?search_operator=and|or; must come last."""

    def filter_queryset(self, request, queryset, view):
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" not in request.GET:
            if operator is not None:
                raise BadRequestError("search_operator needs a search")
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError(
                "filtering by tags with a search query is not supported; use tag"
            )
        text = search_text(request)
        if not text:
            return queryset.none()
        try:
            return run_search(
                searchable(queryset),
                text,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching"
            ) from error


# Serializer fields shared by every page


class HtmlUrlField(Field):
    """The page's public URL on the configured base URL."""

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
        detail_url = get_object_detail_url(
            self.context["router"], self.context["request"], Page, parent_id
        )
        return {**link, "detail_url": detail_url}


class PortalPageSerializer(PageSerializer):
    html_url = HtmlUrlField()
    parent = ParentField()


# Endpoints


class ViewSetMixin:
    """What every endpoint shares: anonymous, JSON only, strict parameters."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    pagination_class = PortalPagination
    detail_query_parameters = frozenset(["fields"])

    def references(self):
        if not hasattr(self, "_references"):
            self._references = APIReferences(self.get_public_pages(), self.site())
        return self._references

    def site(self):
        if not hasattr(self, "_site"):
            self._site = api_site()
        return self._site

    def get_public_pages(self):
        if not hasattr(self, "_public_pages"):
            self._public_pages = public_pages(self.site())
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
        if "id" in request.GET and not DIGITS.match(request.GET["id"]):
            raise BadRequestError("id must be a positive integer")
        return super().find_view(request)

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

    Each hook returns {"app_label.ModelName": [APIField, ...]}: an app that
    counts views can add a `view_count` to another app's article type.
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
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
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

    def get_root_page(self):
        site = self.site()
        if site is None:
            raise BadRequestError("no site is configured")
        return site.root_page

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


class RenditionsField(Field):
    """WebP renditions (400 to 1600 wide) of an image, absolute URLs."""

    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Rendition"}}

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, image):
        return image_api_representation(image)["renditions"]


class DownloadUrlField(Field):
    schema = {"type": "string", "format": "uri"}

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, obj):
        # Documents go through their serve view; images have only a file.
        url = obj.url if isinstance(obj, AbstractDocument) else obj.file.url
        return settings.WAGTAILAPI_BASE_URL.rstrip("/") + url


class CollectionPrivacyMixin:
    """Images and documents of restricted collections (and their children)
    never appear, whoever asks."""

    filter_backends = [StrictFieldsFilter, StrictOrderingFilter, SearchFilter]
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "search", "search_operator"]
    )

    def get_queryset(self):
        return (
            self.model.objects.exclude(collection__in=private_collection_ids())
            .prefetch_related("tags")
            .order_by("id")
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as error:
            raise Http404 from error


class ImagesEndpoint(ViewSetMixin, CollectionPrivacyMixin, ImagesAPIViewSet):
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


# The response cache


VERSION_KEY = "api:content-version"
UNCACHED_APPS = {"sessions", "contenttypes", "admin", "auth", "wagtailusers"}
UNCACHED_MODELS = (AbstractRendition, PageLogEntry, ModelLogEntry)


def bump_content_version(sender, **kwargs):
    """Any saved or deleted content invalidates every cached API response."""
    if sender._meta.app_label in UNCACHED_APPS or issubclass(sender, UNCACHED_MODELS):
        return
    if sender.__name__ in {"EditingSession", "Revision", "IndexEntry"}:
        return
    cache.delete(VERSION_KEY)


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(bump_content_version, dispatch_uid=f"api-cache-{_signal!r}")


def content_version():
    """A token that changes whenever public content may have changed.

    Two parts: a counter this process (or every process, with Redis) resets
    on any save, and the newest admin log entries, so a publish made in
    another process without a shared cache also shows within a second.
    """
    local = cache.get(VERSION_KEY)
    if local is None:
        local = str(timezone.now().timestamp())
        cache.set(VERSION_KEY, local, None)
    return f"{local}:{latest_log_entries()}"


LOG_CHECK_SECONDS = 1.0
_log_check = {"at": float("-inf"), "value": None}


def latest_log_entries():
    """The newest page and model log entry ids, read at most once a second.

    A warm response then costs no query at all in the common case.
    """
    now = time.monotonic()
    if now - _log_check["at"] > LOG_CHECK_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT MAX(id) FROM {PageLogEntry._meta.db_table}),"  # noqa: S608
                f" (SELECT MAX(id) FROM {ModelLogEntry._meta.db_table})"
            )
            _log_check["value"] = "{}:{}".format(*cursor.fetchone())
        _log_check["at"] = now
    return _log_check["value"]


def cache_seconds():
    return getattr(settings, "API_CACHE_SECONDS", 60)


def cache_key(request, version):
    query = sorted(request.GET.lists())
    raw = f"{version}|{request.path}|{query!r}"
    return "api:response:" + hashlib.sha256(raw.encode()).hexdigest()


def unavailable():
    response = JsonResponse(
        {"message": "the service is temporarily unavailable, try again later"},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def cached_api_view(view):
    """Serve the API from a shared cache with ETag/304; database down → 503."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        try:
            key = cache_key(request, content_version()) if cache_seconds() else None
            entry = cache.get(key) if key else None
            if entry is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
                entry = (
                    response.status_code,
                    response.content,
                    response.get("Location"),
                    '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"',
                )
                if key and response.status_code < 500:
                    cache.set(key, entry, cache_seconds())
        except (OperationalError, InterfaceError):
            logger.exception("API request failed: database unavailable")
            return unavailable()
        return conditional_response(request, *entry)

    wrapped.csrf_exempt = True
    return wrapped


def conditional_response(request, status, content, location, etag):
    if request.headers.get("If-None-Match") in (etag, f"W/{etag}", "*"):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(content, status=status, content_type="application/json")
        if location:
            response["Location"] = location
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=cache_seconds())
    return response


# The router


@require_safe
def site_view(request):
    """What an app needs to brand itself and find the site's sections."""
    from cms.extensions import api_site_sections
    from cms.models import SiteSettings

    site = api_site()
    if site is None:
        raise Http404
    settings_ = SiteSettings.for_site(site)
    refs = APIReferences(public_pages(site), site)
    logo = settings_.logo
    refs.prefetch_renditions([logo])
    sections = {}
    for name, type_name in api_site_sections().items():
        model = page_models_from_string(type_name)[0]
        page = (
            refs.public_pages.type(model).order_by("path").values("pk", "title").first()
        )
        sections[name] = page and {"id": page["pk"], "title": page["title"]}
    return JsonResponse(
        {
            "name": site.site_name,
            "base_url": refs.base_url,
            "root_page_id": site.root_page_id,
            "agency_name": settings_.agency_name,
            "agency_short_name": settings_.agency_short_name,
            "logo": image_api_representation(logo) if logo else None,
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


def schema_view(request):
    from cms.openapi import build_schema

    return JsonResponse(build_schema(api_router), json_dumps_params={"indent": 1})


def not_found(request, *args, **kwargs):
    return JsonResponse({"message": "not found"}, status=404)


class PortalRouter(WagtailAPIRouter):
    def wrap_view(self, func):
        return cached_api_view(super().wrap_view(func))

    def get_urlpatterns(self):
        from wagtail.utils.urlpatterns import decorate_urlpatterns

        extra = [
            path("site/", site_view, name="site"),
            path("schema/", schema_view, name="schema"),
            # Other apps add their own routes (stats/ adds /api/v2/stats/).
            *(
                route
                for hook in hooks.get_hooks("register_api_urls")
                for route in hook()
            ),
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
