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

The version is one key today: when one installation serves many portals the
key takes the site (`content:version:<site id>`), `changed()` sets the versions
of the sites a row belongs to, and readers pass their request's site.
Rules and settings: docs/caching.md.
"""

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
from wagtail.signals import post_page_move

VERSION_KEY = "content:version"
REQUEST_ATTRIBUTE = "content_version"

# Framework rows that no page shows, by app label and by "app_label.modelname".
IGNORED_APPS = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "django_tasks_database",
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


def version(request=None):
    """The content version, read once per request; None while the cache
    cannot give one (then nothing may be kept: it could outlive a change)."""
    token = getattr(request, REQUEST_ATTRIBUTE, None)
    if token is None:
        token = cache().get(VERSION_KEY)
        if token is None:
            # First reader since a flush: another process may set it first.
            cache().add(VERSION_KEY, new_version(), None)
            token = cache().get(VERSION_KEY)
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, token)
    return token


def remember(request, token):
    """A version read together with other keys (the page cache's one round
    trip) serves the rest of the request."""
    setattr(request, REQUEST_ATTRIBUTE, token)


def bump():
    cache().set(VERSION_KEY, new_version(), None)


def shows_on_pages(model):
    meta = model._meta
    return not (
        meta.app_label in IGNORED_APPS
        or meta.label_lower in IGNORED_MODELS
        or issubclass(model, AbstractRendition)
        or not getattr(model, "shows_on_pages", True)
    )


def changed():
    """A new version now, for what this transaction renders next, and again
    once the change is visible to other requests: a render of the old rows
    in between may have taken the first one."""
    bump()
    transaction.on_commit(bump)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_saved(sender, raw=False, **kwargs):
    if not raw and shows_on_pages(sender):
        changed()


@receiver(post_page_move)
def page_moved(sender, **kwargs):
    # A move rewrites the URL paths of a whole subtree with update(), which
    # sends no post_save.
    changed()
