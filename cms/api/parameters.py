"""The API's parameters: limits (declared once, here), pagination, filters
and search. Each bad parameter is a 400 with a JSON message, never a 500."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

from wagtail import hooks
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from rest_framework.pagination import BasePagination
from rest_framework.response import Response

# The limits: `limit` is at most WAGTAILAPI_LIMIT_MAX, search text is cut at
# SEARCH_MAX_LENGTH (both settings); the OpenAPI schema reads these too.
MAX_OFFSET = 2**63 - 1
DIGITS = re.compile(r"^[0-9]+$")
SEARCH_OPERATORS = ("and", "or")


def clean_text_parameters(request):
    for name, values in request.GET.lists():
        # Every parameter takes one value (lists are comma-separated): a
        # second one would be silently ignored, so a client learns of it.
        if len(values) > 1:
            raise BadRequestError(f"{name} is given more than once")
        if "\x00" in values[0] and name != "search":
            raise BadRequestError(f"null characters are not allowed in {name}")


def search_text(request):
    """The search text as plain words: no NUL, no FTS syntax, bounded length."""
    text = request.GET["search"].replace("\x00", " ")[: settings.SEARCH_MAX_LENGTH]
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
