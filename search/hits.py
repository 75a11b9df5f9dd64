"""How often each search is made: the suggestions on an empty result and the
admin's promoted-search report rank queries by it.

A search answered from the cache (search/views.py) must stay cheap, so a hit
is not a write: each worker adds it to a counter in memory and writes what it
counted in one transaction once SEARCH_HITS_SECONDS have passed since its last
write, and when the process exits. A worker killed outright loses at most
that window's counts, which only rank suggestions.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from cms.db import upsert

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending = Counter()  # (day, query string) -> hits not yet written
_written_at = time.monotonic()


def count(query_string):
    """One search for `query_string` (its folded words) today."""
    global _written_at
    key = normalise_query_string(query_string)[:MAX_QUERY_STRING_LENGTH]
    if not key:
        return
    now = time.monotonic()
    with _lock:
        _pending[(timezone.localdate(), key)] += 1
        due = now - _written_at >= settings.SEARCH_HITS_SECONDS
        if due:
            _written_at = now
    if due:
        write()


def write():
    """Add every hit this worker counted to the database; on a database
    error they are kept for the next write."""
    with _lock:
        taken = dict(_pending)
        _pending.clear()
    if not taken:
        return
    strings = {key for _day, key in taken}
    try:
        # Three statements, each safe alone: a failure between them leaves
        # at most unused query rows, and the counts are kept for next time.
        Query.objects.bulk_create(
            [Query(query_string=key) for key in strings], ignore_conflicts=True
        )
        ids = dict(
            Query.objects.filter(query_string__in=strings).values_list(
                "query_string", "pk"
            )
        )
        upsert(
            QueryDailyHits,
            ["query_id", "date", "hits"],
            ["query_id", "date"],
            ["hits"],
            [(ids[key], day, hits) for (day, key), hits in taken.items()],
        )
    except DatabaseError:
        logger.exception("search: could not write %d search counts", len(taken))
        with _lock:
            _pending.update(taken)


atexit.register(write)
