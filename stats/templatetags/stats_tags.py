from django import template
from django.utils.formats import number_format

from ..most_read import most_read_lists

register = template.Library()


@register.filter
def grouped(value):
    """10982994 → 10.982.994 in Vietnamese (the locale's thousand separator)."""
    return number_format(value, force_grouping=True)


@register.inclusion_tag("stats/footer_stats.html")
def footer_stats():
    """Placeholders that stats/footer-stats.js fills from /stats/figures.json.

    No figure is rendered here, so a cached page never shows stale counts.
    """
    return {}


@register.inclusion_tag("stats/most_read.html", takes_context=True)
def most_read(context, limit=5):
    """The most read public pages of the last 7 and 30 days."""
    request = context.get("request")
    return {"lists": most_read_lists(request, limit=limit)}
