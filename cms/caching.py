"""One home for "content changed": one content version that every cache keys on.

Everything kept between requests that shows content (whole pages in the page
cache, rendered fragments and routes, API responses, citation candidates,
most-read lists) is stored under the current content version and read only
under it. The receivers below set a new version once any change to a row that
can show on a page is committed, so every one of those entries is dead at once,
in every worker: the version lives in the cache every process shares (Redis,
else the file cache under SHARED_CACHE_DIR). Publishing is rare next to
reading, so a coarse version costs little and can miss nothing.

A reader takes the version before it reads the rows (`version(request)`, once
per request), so a render racing a change can only store old content under the
old, dead version.

Rows that never show on a page (sessions, log entries, revisions, renditions,
visit counts, search index rows, ...) do not count: framework models are named
below, and a model of ours says so with `shows_on_pages = False`.

An entry kept under a version never changes, so each worker also remembers
the last entries it read (`get_entry`, `keep_entry`: a few seconds each): a warm entry comes
from the shared cache once per worker, not once per request, and the version,
read from the shared cache on every request, still makes a change anywhere
show at once.

One installation serves many portals, so the version has two parts: a
global one, renewed by any change that is not a page (an image, a snippet, a
site or its settings), and one per portal (`content:version:<site id>`),
renewed when one of its pages changes. A request's version joins the global
part and its own portal's, read together in one round trip: publishing on a
commune portal renews that portal and the province's (whose "Tin cơ sở" and
province-wide search show commune pages), never a neighbour's.
Rules and settings: docs/caching.md.
"""

import functools
import itertools
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.images.models import AbstractRendition
from wagtail.models import Page
from wagtail.signals import post_page_move

from cms import frontend_cache, portals

VERSION_KEY = "content:version"
PORTALS_KEY = portals.PORTALS_KEY
REQUEST_ATTRIBUTE = "content_version"

# Framework rows that no page shows, by app label and by "app_label.modelname".
IGNORED_APPS = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "django_tasks_database",
    # Two-factor devices: a sign-in saves its device (django-otp).
    "otp_static",
    "otp_totp",
    "sessions",
    "wagtailsearch",
    "wagtailusers",
}
IGNORED_MODELS = {
    "wagtailadmin.editingsession",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.revision",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    # Filled by the first render that shows an embed: a copy of the provider's
    # answer, not an edit.
    "wagtailembeds.embed",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}


# Entries under a version that each worker remembers, and for how long at
# most: what depends on the clock, not on rows, must still expire.
LOCAL_ENTRIES = 128
LOCAL_SECONDS = 5
_local = OrderedDict()
_local_lock = threading.Lock()


def cache():
    return caches[settings.SHARED_CACHE_ALIAS]


def _remember_locally(key, value, seconds):
    with _local_lock:
        _local[key] = (time.time() + min(seconds, LOCAL_SECONDS), value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def get_entry(key):
    """An entry kept under a version (its key names the version)."""
    with _local_lock:
        found = _local.get(key)
        if found is not None and found[0] > time.time():
            _local.move_to_end(key)
            return found[1]
    value = cache().get(key)
    if value is not None:
        _remember_locally(key, value, LOCAL_SECONDS)
    return value


def keep_entry(key, value, seconds):
    cache().set(key, value, seconds)
    _remember_locally(key, value, seconds)


def new_version():
    return uuid.uuid4().hex


def site_key(site_id):
    return f"{VERSION_KEY}:{site_id}"


def _tokens(keys, found):
    """The tokens under `keys`; one a flush lost is set afresh (another
    process may set it first: its token wins). None while the cache fails."""
    missing = [key for key in keys if found.get(key) is None]
    for key in missing:
        cache().add(key, new_version(), None)
    if missing:
        found.update(cache().get_many(missing))
    tokens = [found.get(key) for key in keys]
    return None if None in tokens else tokens


def global_version():
    tokens = _tokens([VERSION_KEY], cache().get_many([VERSION_KEY]))
    return tokens[0] if tokens else None


def read_version(request, *extra_keys):
    """The request's version (global part and its portal's) and the values
    of `extra_keys`, in one round trip while the portals stand still.
    Returns (version or None, {key: value})."""
    hostname, port = portals.host_and_port(request)
    guess = portals.directory_if_loaded()
    portal = guess.for_host(hostname, port) if guess is not None else None
    keys = [VERSION_KEY] + ([site_key(portal.site_id)] if portal else [])
    found = cache().get_many([PORTALS_KEY, *keys, *extra_keys])
    tokens = _tokens([VERSION_KEY, PORTALS_KEY], found)
    if tokens is None:
        setattr(request, REQUEST_ATTRIBUTE, None)
        return None, found
    portals.settle(tokens[1])
    if guess is None or guess.token != tokens[1]:
        # Sites changed since this worker looked: find the portal afresh.
        portal = portals.directory(tokens[1]).for_host(hostname, port)
        keys = [VERSION_KEY] + ([site_key(portal.site_id)] if portal else [])
    tokens = _tokens(keys, found)
    token = None if tokens is None else ".".join(tokens)
    setattr(request, REQUEST_ATTRIBUTE, token)
    return token, found


def version(request):
    """The content version of the request's portal, read once per request;
    None while the cache cannot give one (then nothing may be kept: it could
    outlive a change)."""
    if request is None:
        return global_version()
    if not hasattr(request, REQUEST_ATTRIBUTE):
        read_version(request)
    return getattr(request, REQUEST_ATTRIBUTE)


def bump(site_ids=None, portals_changed=False):
    """Renew the global part (every portal), or only these portals' parts;
    and the portals' own version when sites or their settings changed."""
    if site_ids is None:
        tokens = {VERSION_KEY: new_version()}
    else:
        tokens = {site_key(site_id): new_version() for site_id in site_ids}
    if portals_changed:
        tokens[PORTALS_KEY] = new_version()
    cache().set_many(tokens, None)
    if portals_changed:
        portals.unsettle()


def shows_on_pages(model):
    meta = model._meta
    return not (
        meta.app_label in IGNORED_APPS
        or meta.label_lower in IGNORED_MODELS
        or issubclass(model, AbstractRendition)
        or not getattr(model, "shows_on_pages", True)
    )


def affected_sites(instance):
    """The portals whose pages can show this row, or None for every portal.

    A page shows on its own portal and on the province's, which lists its
    portals' news and searches them all. A page outside every portal, a
    portal's root page (its title and path name the portal), a province page
    whose model says `shows_across_portals` and any row that is not a page
    can show anywhere.
    """
    path = getattr(instance, "path", None)
    if not isinstance(instance, Page) or not path:
        return None
    portal = portals.for_page(instance)
    if portal is None or portal.root_page_id == instance.pk:
        return None
    province = portals.province()
    if province is None:
        return {portal.site_id}
    if portal == province and getattr(instance, "shows_across_portals", False):
        # A province page that every portal's pages can show (a document
        # their articles cite).
        return None
    return {portal.site_id, province.site_id}


def changed(instance=None):
    """A new version now, for what this transaction renders next, and again
    once the change is visible to other requests: a render of the old rows
    in between may have taken the first one. Without an instance (a page
    move), everything changed."""
    if instance is None:
        site_ids, reshaped = None, True
    else:
        site_ids, reshaped = affected_sites(instance), portals.reshapes(instance)
    bump(site_ids, reshaped)
    after_commit(site_ids, reshaped)


# What a transaction changed waits here for its commit, merged: publishing
# saves the page, its revision and more, and one purge per save sent the
# front cache five purges for one publish, each a walk of its files. Every
# change is numbered and asks to be called on commit with its number. Django
# calls a commit's calls in order, so the first does the work of every change
# from its number on, and the others find nothing left. Changes numbered
# before it were never committed (their transaction rolled back, or their
# savepoint): they are dropped. A change of a savepoint rolled back inside a
# committed transaction is merged all the same: more renewed than needed,
# never less.
_pending = threading.local()


def after_commit(site_ids, reshaped):
    if not hasattr(_pending, "changes"):
        _pending.changes, _pending.numbers = [], itertools.count()
    number = next(_pending.numbers)
    _pending.changes.append((number, site_ids, reshaped))
    transaction.on_commit(functools.partial(committed, number))


def committed(number):
    changes = [change for change in _pending.changes if change[0] >= number]
    _pending.changes = []
    if not changes:
        return  # an earlier call of this commit did the work
    site_ids, reshaped = set(), False
    for _number, sites, changed_shape in changes:
        site_ids = None if site_ids is None or sites is None else site_ids | sites
        reshaped = reshaped or changed_shape
    bump(site_ids, reshaped)
    # A cache in front of the portals (nginx, a CDN) drops the same portals.
    frontend_cache.content_changed(site_ids)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_saved(sender, raw=False, instance=None, **kwargs):
    if not raw and shows_on_pages(sender):
        changed(instance)


@receiver(post_page_move)
def page_moved(sender, **kwargs):
    # A move rewrites the URL paths of a whole subtree with update(), which
    # sends no post_save, and may carry pages from one portal to another.
    changed()
