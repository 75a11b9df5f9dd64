from django import template
from django.utils.safestring import mark_safe

from wagtail.templatetags.wagtailcore_tags import richtext

from publications.citations import linker_for

register = template.Library()


@register.simple_tag(takes_context=True)
def link_citations(context, value):
    """Rich text with its citations of registered documents linked.

    `{% link_citations value %}` replaces `{{ value|richtext }}`; every
    paragraph of one page shares the same three queries
    (publications/citations.py).
    """
    html = richtext(value)
    return mark_safe(linker_for(context).link(html))
