"""What the JSON Lines import commands share (docs/import.md).

Saving a page the Wagtail way (`add_child`, `save_revision`, `publish`) saves
its row three times, and Wagtail's search index and reference index are each
rebuilt on every one of those saves. An import writes thousands of pages, so
it saves them inside `indexes_deferred()` and brings both indexes up to date
once per page with `update_indexes()`, in the page's own transaction.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_save

from wagtail.models import ReferenceIndex
from wagtail.search import index as search_index
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

_state = threading.local()


def is_importing():
    """Whether the page being saved or published comes from a bulk import.

    Work a publication starts that a reader does not need at once (making
    renditions) can skip imported pages rather than make each import wait.
    """
    return getattr(_state, "importing", False)


@contextmanager
def indexes_deferred(model):
    """Saves of `model` inside skip the per-save search and reference updates.

    Only `model` is muted for the search index, and only this block for the
    reference index: images or categories saved around it are indexed as usual.
    """
    muted = post_save.disconnect(post_save_signal_handler, sender=model)
    _state.importing = True
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _state.importing = False
        if muted:
            post_save.connect(post_save_signal_handler, sender=model)


def update_indexes(page):
    """Index `page` as stored, as the per-save updates would have left it.

    Read again from the database, as Wagtail's own index tasks do: after a
    draft revision of a live page, the live content is what gets indexed.
    """
    stored = type(page).objects.get(pk=page.pk)
    ReferenceIndex.create_or_update_for_object(stored)
    search_index.insert_or_update_object(stored)
