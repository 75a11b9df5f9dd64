"""Who may see a page, image or document: the one rule every public route uses.

A page is visible when it is live, not past its `expire_at` (the scheduler
unpublishes it later; until then no route shows it), under no view
restriction (password, sign-in or groups, on the page or an ancestor:
whoever asks, since public responses are cached and shared) and, when a site
is given, inside that site. HTML listings, the page itself, the API, search,
the sitemap, feeds, calendars, most read and citations all filter with
`visible()` or `visible_q()` (`in_portals_q()` for a search or listing over
several portals); images and documents of restricted collections
are left out with `public_collection_q()` or `private_collection_ids()`.

Wagtail's `PageQuerySet.public()` reads every view restriction first (one
query per listing, and a listing on the home page calls it five times), so
here the restriction rule is a correlated subquery inside the listing's own
query: a page is private when a restricted page's tree path is a prefix of its
own.
"""

import math
import time

from django.db.models import Exists, F, Min, OuterRef, Q
from django.db.models.functions import Substr
from django.db.models.lookups import In, StartsWith
from django.utils import timezone

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from cms import caching, portals

# The next moment a live page passes its expiry, kept under the content
# version (publishing, unpublishing or a new expiry renews it).
NEXT_EXPIRY_KEY = "visibility:next-expiry"
NEXT_EXPIRY_SECONDS = 24 * 60 * 60


def private_q(path_field="path"):
    """True for pages under a view restriction; `path_field` names the page path."""
    return Exists(
        PageViewRestriction.objects.filter(
            StartsWith(OuterRef(path_field), F("page__path"))
        )
    )


def restricted_paths():
    """Tree paths of the pages under a view restriction (a handful of rows)."""
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def visible_q(prefix="", site=None, private_paths=None):
    """Conditions for a visible page; `prefix` reaches the page through a
    relation (`"page__"`, `"official__"`).

    With `private_paths` (from `restricted_paths()`, one query read first)
    privacy is a list of path prefixes instead of the correlated subquery:
    better where the query's other conditions pick a few rows through an index
    (PostgreSQL otherwise checks the subquery against every page: 140 ms for
    10,000 documents in citations' candidates).
    """
    path = f"{prefix}path"
    if private_paths is None:
        public = ~private_q(path)
    else:
        public = Q()
        for private in private_paths:
            public &= ~Q(**{f"{path}__startswith": private})
    condition = (
        Q(**{f"{prefix}live": True})
        & (
            Q(**{f"{prefix}expire_at__isnull": True})
            | Q(**{f"{prefix}expire_at__gt": timezone.now()})
        )
        & public
    )
    if site is not None:
        condition &= Q(**{f"{prefix}path__startswith": site.root_page.path})
    return condition


def visible(queryset, prefix="", site=None, private_paths=None):
    """The visible pages of a queryset (or rows reaching a page through
    `prefix`), in the queryset's own query."""
    return queryset.filter(visible_q(prefix, site, private_paths))


def public_pages(site, model=Page):
    """Every page of a site the API may show; none without a site. The API
    filters, orders and pages this further, so privacy is stated as path
    prefixes (see `visible_q`)."""
    if site is None:
        return model.objects.none()
    return visible(model.objects.all(), site=site, private_paths=restricted_paths())


def expired(page):
    """Past its expiry, though the scheduler has not unpublished it yet: the
    page itself answers 404 (cms/wagtail_hooks.py), as every listing hides it."""
    return page.expire_at is not None and page.expire_at <= timezone.now()


def next_expiry_timestamp(request):
    """When the next live page passes its `expire_at` (a Unix time), or 0 if
    none will: one query per content version, or again once that moment has
    passed (the scheduler has not unpublished the page yet)."""
    version = caching.version(request)
    key = f"{NEXT_EXPIRY_KEY}:{version}"
    until = caching.cache().get(key) if version else None
    if until is None or 0 < until <= time.time():
        first = Page.objects.filter(live=True, expire_at__gt=timezone.now()).aggregate(
            first=Min("expire_at")
        )["first"]
        until = first.timestamp() if first else 0
        if version:
            caching.cache().set(key, until, NEXT_EXPIRY_SECONDS)
    return until


def seconds_visible(request, seconds):
    """How long what is rendered now may be kept: `seconds`, but never past
    the next page expiry, when what is visible changes with no content change
    (the page cache, fragments and API responses ask; docs/caching.md)."""
    until = next_expiry_timestamp(request)
    if not until:
        return seconds
    return max(1, min(seconds, math.ceil(until - time.time())))


def public_collection_q(path_field="collection__path"):
    """Rows whose collection (at `path_field`) is under no view restriction,
    nor below a restricted collection, in the row's own query."""
    return ~Exists(
        CollectionViewRestriction.objects.filter(
            StartsWith(OuterRef(path_field), F("collection__path"))
        )
    )


def private_collection_ids():
    """Collections under a view restriction, and every collection below them."""
    paths = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    ).values_list("path", flat=True)
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    if not condition:
        return set()
    return set(Collection.objects.filter(condition).values_list("pk", flat=True))


def hidden_collection_ids(shown_portals=None):
    """Collections whose images and files must not be listed: private ones,
    and, when asked for some portals (the request's; every one for the
    province), those of every other portal, with everything below them.
    Two queries, whatever the number of portals."""
    hidden = private_collection_ids()
    if shown_portals is None:
        return hidden
    shown = {portal.site_id for portal in shown_portals}
    others = [
        portal.collection_path
        for portal in portals.all_portals()
        if portal.collection_path and portal.site_id not in shown
    ]
    if not others:
        return hidden
    for pk, path in Collection.objects.values_list("pk", "path"):
        if path.startswith(tuple(others)):
            hidden.add(pk)
    return hidden


def in_portals_q(portals, prefix=""):
    """Pages inside any of these portals (cms/portals.Portal), from the
    directory's root paths: no query. Nothing when `portals` is empty.

    Roots mostly share a depth, so one `IN` on the path's first characters
    per depth, not one `LIKE` per portal: the condition stays one lookup
    however many portals a province-wide listing or search spans."""
    by_length = {}
    for portal in portals:
        by_length.setdefault(len(portal.root_path), []).append(portal.root_path)
    condition = Q(pk__in=[])
    for length, paths in by_length.items():
        if len(paths) == 1:
            # One portal (a commune's own listing or search): a prefix, which
            # the path's index answers where the database collation allows.
            condition |= Q(**{f"{prefix}path__startswith": paths[0]})
        else:
            condition |= Q(In(Substr(f"{prefix}path", 1, length), paths))
    return condition


def portals_public_pages(portals, model=Page):
    """Every page the API may show in these portals (one, or all of the
    province's for a province-wide listing)."""
    return visible(
        model.objects.filter(in_portals_q(portals)), private_paths=restricted_paths()
    )
