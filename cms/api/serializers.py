"""How models describe themselves to the API: typed fields and filters.

A page model lists `APIField(name, serializer=...)` entries using the fields
below, and `api_filters` using `APIFilter`, next to its panels and search
fields. The fields read what cms/api/prefetch.py loaded in bulk for the whole
listing (`context["api_references"]`), so a listing costs the same number of
queries for 5 or 500 pages, and they never show a page the API would hide.
"""

import datetime
import re

from rest_framework import serializers

from cms.images import image_api_representation

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class APIFilter:
    """A query parameter of a page type's listing, e.g. `?category=<slug>`.

    `lookup` is a queryset filter keyword, or `apply(queryset, value)` does the
    filtering itself. `kind` says how the text is parsed (and how the OpenAPI
    schema describes it): "string", "date" (YYYY-MM-DD) or "boolean"; `schema`
    narrows it where `apply` accepts less.
    """

    KINDS = ("string", "date", "boolean")

    def __init__(
        self, name, lookup=None, *, kind="string", apply=None, help="", schema=None
    ):
        if kind not in self.KINDS:
            raise ValueError(f"unknown filter kind: {kind}")
        if (lookup is None) == (apply is None):
            raise ValueError("give either a lookup or an apply function")
        self.name = name
        self.lookup = lookup
        self.kind = kind
        self.apply = apply
        self.help = help
        # The values `apply` accepts, as a JSON schema, when narrower than
        # the kind's (the OpenAPI schema uses it).
        self.schema = schema

    def parse(self, text):
        """The Python value of the parameter, or ValueError with the reason."""
        if self.kind == "date":
            if not ISO_DATE.match(text):
                raise ValueError(f"{self.name} must be a date as YYYY-MM-DD")
            try:
                return datetime.date.fromisoformat(text)
            except ValueError as error:
                raise ValueError(f"{self.name} is not a valid date") from error
        if self.kind == "boolean":
            if text in ("true", "1"):
                return True
            if text in ("false", "0"):
                return False
            raise ValueError(f"{self.name} must be true or false")
        if not text.strip():
            raise ValueError(f"{self.name} must not be empty")
        return text

    def filter(self, queryset, text):
        value = self.parse(text)
        if self.apply is not None:
            return self.apply(queryset, value)
        return queryset.filter(**{self.lookup: value})


def references(field):
    return field.context["api_references"]


class ImageField(serializers.Field):
    """An image with alt text, caption, credit and WebP rendition URLs."""

    schema = {"$ref": "#/components/schemas/Image"}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        return image_api_representation(image, references(self).base_url)


class NamedObjectField(serializers.Field):
    """A catalogue entry (category, organization) as {name, slug}."""

    schema = {"$ref": "#/components/schemas/NamedObject"}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {"name": value.name, "slug": value.slug}


class TagListField(serializers.Field):
    """Tag names, sorted; reads the prefetched tags (no query per page)."""

    schema = {"type": "array", "items": {"type": "string"}}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


class PageLinkListField(serializers.Field):
    """Linked pages of an inline panel (related officials, participants, ...).

    `attribute` names the page foreign key on each inline object. Pages the
    API hides (drafts, private, expired, other sites) are left out.
    """

    schema = {"type": "array", "items": {"$ref": "#/components/schemas/PageLink"}}

    def __init__(self, attribute, **kwargs):
        self.attribute = attribute
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        refs = references(self)
        links = (
            refs.page_link(getattr(item, f"{self.attribute}_id"))
            for item in manager.all()
        )
        return [link for link in links if link is not None]


class PositionListField(serializers.Field):
    """An official's dated positions with the organization's name and slug."""

    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Position"}}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [position_representation(position) for position in manager.all()]


def position_representation(position):
    return {
        "title": position.title,
        "organization": {
            "name": position.organization.name,
            "slug": position.organization.slug,
        },
        "start_date": position.start_date.isoformat(),
        "end_date": position.end_date.isoformat() if position.end_date else None,
        "is_current": position.is_current,
        "label": position.label,
    }


class TextField(serializers.Field):
    """A read-only computed text (a property), always a string."""

    schema = {"type": "string"}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value)
