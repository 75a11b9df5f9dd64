"""Which pages an anonymous visitor may see, as filters that cost no query.

Wagtail's `PageQuerySet.public()` reads every view restriction first (one
query per listing). A page listing on the home page calls it five times, so
here the same rule is a correlated subquery inside the listing's own query:
a page is private when a restriction sits on it or on one of its ancestors,
i.e. when the restricted page's tree path is a prefix of the page's path.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith

from wagtail.models import PageViewRestriction


def private_q(path_field="path"):
    """True for pages under a view restriction; `path_field` names the page path."""
    return Exists(
        PageViewRestriction.objects.filter(
            StartsWith(OuterRef(path_field), F("page__path"))
        )
    )


def public_q(path_field="path"):
    return ~private_q(path_field)


def visible(queryset, path_field="path"):
    """Live and public pages of a page queryset, in one query."""
    prefix = path_field.removesuffix("path")
    return queryset.filter(public_q(path_field), **{f"{prefix}live": True})
