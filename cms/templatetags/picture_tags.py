"""The picture component's data: sources and sizes from cms/images.py."""

from django import template

from cms.images import picture

register = template.Library()


@register.simple_tag
def picture_sources(image, slot=None):
    return picture(image, slot)
