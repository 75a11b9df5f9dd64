from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    """10982994 → 10.982.994 in Vietnamese (the locale's thousand separator)."""
    return number_format(value, force_grouping=True)
