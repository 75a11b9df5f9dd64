"""What the API (cms/api/) needs from the statistics.

- ``stats_view``: ``/api/v2/stats/`` with the totals of the request's portal; cms/api/ mounts
  it beside its other extra routes: ``path("stats/", stats_view, name="stats")``.
- ``ViewCountField``: an article's all-time views, added as ``view_count`` to
  the page types of STATS_MOST_READ_PAGE_TYPES through cms/api/'s
  ``register_api_page_fields`` hook (wagtail_hooks.py); one query per
  listing, however many pages it holds.
- ``view_counts(page_ids)``: the same figures as a dictionary.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from rest_framework.fields import Field

from .counting import figures_for
from .models import PageViewTotal


def view_counts(page_ids):
    """{page id: all-time views} for the given pages; unseen pages get 0."""
    page_ids = list(page_ids)
    counts = dict.fromkeys(page_ids, 0)
    counts.update(
        PageViewTotal.objects.filter(page_id__in=page_ids).values_list(
            "page_id", "views"
        )
    )
    return counts


class ViewCountField(Field):
    """A page's all-time views (flushed figures: up to a flush interval behind)."""

    schema = {"type": "integer", "minimum": 0}

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        root = self.root
        counts = getattr(root, "_stats_view_counts", None)
        if counts is None or page.pk not in counts:
            instance = root.instance
            pages = instance if hasattr(instance, "__iter__") else [instance]
            ids = {item.pk for item in pages if hasattr(item, "pk")} | {page.pk}
            counts = view_counts(ids)
            root._stats_view_counts = counts
        return counts[page.pk]


@require_safe
def stats_view(request):
    """GET /api/v2/stats/: {"visits", "page_views", "online"} of the request's
    portal (the API's response cache keys on the portal's content version)."""
    unknown = sorted(set(request.GET) - {"format", "_"})
    if unknown:
        return JsonResponse(
            {
                "message": "query parameter is not an operation or a recognised "
                "field: " + ", ".join(unknown)
            },
            status=400,
        )
    return JsonResponse(figures_for(request))


# Described in the API's OpenAPI schema (cms/api/openapi.py reads it).
stats_view.openapi = {
    "operationId": "getStats",
    "summary": "The portal's visit figures",
    "response": {
        "type": "object",
        "required": ["visits", "page_views", "online"],
        "properties": {
            "visits": {"type": "integer", "minimum": 0},
            "page_views": {"type": "integer", "minimum": 0},
            "online": {"type": "integer", "minimum": 0},
        },
    },
}
