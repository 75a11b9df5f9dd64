"""Counting page views and visits without a database write on the request path.

Every view and visit is counted for the request's portal (cms/portals.py):
a person reading two portals is a visitor of each. A counted view goes to a buffer: Redis when STATS_REDIS_URL is set, else a
dictionary in this process. With Redis the view is queued in the process and
the timer thread sends the queue in one call every STATS_SEND_INTERVAL
seconds, so no request waits on the network. flush() moves the buffers to the
database in one transaction, on the timer thread every STATS_FLUSH_INTERVAL
seconds and when the process exits. docs/stats.md explains the design, its
guarantees and its loss window.
"""

import atexit
import datetime
import hashlib
import hmac
import json
import logging
import os
import threading
import time
import uuid
from collections import Counter, deque

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from wagtail.models import Page, Site

from cms import caching, fail_fast, portals
from cms.db import CHUNK, upsert

from .models import (
    DailyPageStat,
    DailySiteStat,
    FlushedBatch,
    FlushLock,
    PageViewTotal,
    StatsSettings,
    VisitorSeen,
)

logger = logging.getLogger(__name__)

# A visit is a visitor's first view after this long away.
VISIT_GAP_SECONDS = 30 * 60
# "Online now": visitors seen within this window.
ONLINE_SECONDS = 5 * 60
# Bookkeeping rows are kept this long, then pruned by a flush.
VISITOR_RETENTION = datetime.timedelta(days=1)
BATCH_RETENTION = datetime.timedelta(days=7)
# After a Redis error, count locally for this long before trying Redis again.
REDIS_RETRY_SECONDS = 5.0
# The footer figures are read at most this often per process.
FIGURES_TTL_SECONDS = 5.0


def flush_interval():
    return getattr(settings, "STATS_FLUSH_INTERVAL", 10)


def redis_url():
    return getattr(settings, "STATS_REDIS_URL", getattr(settings, "REDIS_URL", ""))


def send_interval():
    return getattr(settings, "STATS_SEND_INTERVAL", 0.5)


def redis_prefix():
    return getattr(settings, "STATS_REDIS_PREFIX", "stats:")


# Visitors


_salts = {}


def visitor_key(meta, day, header="REMOTE_ADDR", site_id=0):
    """A salted daily hash of portal, address and browser: never the address
    itself. `meta` is request.META, or the same keys rebuilt from nginx's log
    (stats/proxy_log.py); the address is the first of `header`'s
    (STATS_CLIENT_IP_HEADER).

    The salt is derived from SECRET_KEY and the date, so keys cannot be
    linked from one day to the next, nor reversed without the secret. The
    portal is hashed in, so one person is a visitor of each portal they read.
    """
    salt = _salts.get(day)
    if salt is None:
        salt = hmac.new(
            settings.SECRET_KEY.encode(), f"stats-visitor:{day}".encode(), "sha256"
        ).digest()
        _salts.clear()
        _salts[day] = salt
    address = meta.get(header, "").split(",")[0].strip()
    agent = meta.get("HTTP_USER_AGENT", "")
    return hmac.new(
        salt, f"{site_id}|{address}|{agent}".encode(), hashlib.sha256
    ).hexdigest()[:32]


# The local buffer


class LocalBuffer:
    """Counts of this process since its last flush, guarded by one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.views = Counter()  # (site_id, day, page_id) -> views
        self.visits = Counter()  # (site_id, day) -> visits found inside this buffer
        # key -> [first seen, last seen, day of first view, site_id]
        self.visitors = {}

    def add(self, site_id, day, page_id, key, now):
        with self.lock:
            self.views[(site_id, day, page_id)] += 1
            seen = self.visitors.get(key)
            if seen is None:
                self.visitors[key] = [now, now, day, site_id]
            else:
                if now - seen[1] > VISIT_GAP_SECONDS:
                    self.visits[(site_id, day)] += 1
                seen[1] = max(seen[1], now)

    def take(self):
        with self.lock:
            taken = (self.views, self.visits, self.visitors)
            self.views, self.visits, self.visitors = Counter(), Counter(), {}
        return taken

    def put_back(self, taken):
        """A failed flush returns its counts, so nothing is lost."""
        views, visits, visitors = taken
        with self.lock:
            self.views.update(views)
            self.visits.update(visits)
            for key, (first, last, day, site_id) in visitors.items():
                seen = self.visitors.get(key)
                if seen is None:
                    self.visitors[key] = [first, last, day, site_id]
                    continue
                # The newer entry began as a first view; it starts a visit
                # only if it came more than 30 minutes after the older one.
                # (A key names one portal: both entries are that portal's.)
                if seen[0] - last > VISIT_GAP_SECONDS:
                    self.visits[(seen[3], seen[2])] += 1
                seen[0], seen[1], seen[2] = first, max(seen[1], last), day

    def pending(self, site_id):
        """Views and visits of one portal waiting here."""
        with self.lock:
            return site_totals(self.views, self.visits, site_id)


class VisitorRecord:
    """Visitors and the span of their views (key -> [first, last, day,
    site_id]), merged, under one lock: who Redis saw but the database has
    not heard of yet, and the reverse (docs/stats.md, "Redis down")."""

    def __init__(self):
        self.lock = threading.Lock()
        self.visitors = {}

    def note(self, visitors):
        with self.lock:
            for key, (first, last, day, site_id) in visitors.items():
                seen = self.visitors.get(key)
                if seen is None:
                    self.visitors[key] = [first, last, day, site_id]
                else:
                    seen[0], seen[1] = min(seen[0], first), max(seen[1], last)

    def take(self):
        with self.lock:
            taken, self.visitors = self.visitors, {}
        return taken


# Redis

# One call sends one batch of a process's counts. KEYS: the pending hash, the
# process's sent-batch counter, then one sorted set per portal in the batch, of
# that portal's visitors scored by their last view (kept 35 minutes: it
# answers both "when was this visitor last seen" and "online now"). ARGV: the
# batch's number, the visit gap, the counters as JSON ({field: increment}) and
# the visitors as JSON ([[visitor, first view, last view, visit field, index
# of the portal's set in KEYS], ...]): two arguments instead of five per
# visitor, encoded in C on both sides. Counter fields name the portal:
# "p:SITE:DAY:PAGE" (views) and "u:SITE:DAY" (visits).
# - A batch numbered at or below the process's counter was applied already (a
#   send that timed out after Redis ran it, sent again): it is skipped, so a
#   retry never counts twice.
# - Reads come first and writes after, the sorted sets' (ZADD GT: Redis 6.2 or
#   newer) before the counters', so a Redis that refuses a command fails the
#   batch before it has changed anything.
# - A visitor starts a visit when its first view here came more than 30
#   minutes after the last view any process sent (by the views' own clocks, so
#   a late send decides as if it were immediate).
COUNT_SCRIPT = """
local number = tonumber(ARGV[1])
if number <= tonumber(redis.call('GET', KEYS[2]) or '0') then return 0 end
local gap = tonumber(ARGV[2])
local counters = cjson.decode(ARGV[3])
local people = cjson.decode(ARGV[4])
local groups = {}
for _, person in ipairs(people) do
  local group = groups[person[5]]
  if not group then
    group = {}
    groups[person[5]] = group
  end
  group[#group + 1] = person
end
local writes = {}
for index, group in pairs(groups) do
  local visitors, scores = {}, {}
  for j, person in ipairs(group) do
    visitors[j] = person[1]
    scores[2 * j - 1] = string.format('%.17g', person[3])
    scores[2 * j] = person[1]
  end
  local before = redis.call('ZMSCORE', KEYS[index], unpack(visitors))
  for j, person in ipairs(group) do
    local last = before[j] and tonumber(before[j])
    if not last or person[2] - last > gap then
      counters[person[4]] = (counters[person[4]] or 0) + 1
    end
  end
  writes[#writes + 1] = {index, scores}
end
for _, write in ipairs(writes) do
  redis.call('ZADD', KEYS[write[1]], 'GT', unpack(write[2]))
end
for field, count in pairs(counters) do
  redis.call('HINCRBY', KEYS[1], field, count)
end
redis.call('SET', KEYS[2], number, 'EX', 86400)
return 1
"""
# Visitors per call: Redis runs a script alone, so a long one would stall it.
SEND_CHUNK = 2000


class RedisBuffer:
    """Counts gathered in this process and sent to Redis in batches.

    A request only updates an outbox shaped like the local buffer (no network
    wait on the request path); send() turns it into numbered batches (one per
    SEND_CHUNK visitors) and sends them in order. It runs every
    STATS_SEND_INTERVAL seconds on the counter's thread, before every flush
    and at exit. A batch Redis did not confirm stays at the head of the queue
    and is sent again, under the same number, once Redis answers.
    """

    def __init__(self, url, prefix, sender=None):
        import redis

        self.errors = (redis.RedisError, OSError)
        # Redis answered with an error: the script changed nothing (it reads
        # before it writes), so the batch is surely not counted there.
        self.refusals = (redis.ResponseError,)
        # Sends and flushes run on the counter's thread and may wait for a
        # slow Redis; the footer figures are read on the request path and may
        # not, hence a second client with a short timeout.
        self.client = redis.Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=0.5
        )
        self.reader = redis.Redis.from_url(
            url, socket_timeout=0.25, socket_connect_timeout=0.25
        )
        self.prefix = prefix
        self.pending_key = f"{prefix}pending"
        # Batches are numbered per process (a new name after a fork or
        # restart), or per log file read (send_as()).
        self.sent_key = f"{prefix}sent:{sender or uuid.uuid4().hex}"
        self.script = self.client.register_script(COUNT_SCRIPT)
        self.outbox = LocalBuffer()
        self.unsent = deque()  # (number, views, visits, visitors), oldest first
        # Visitors of the batches Redis took, for VisitorSeen at the next
        # flush; visitors counted in the process while Redis was away, for
        # Redis's sets before this process sends it anything again. Each
        # side then knows whom the other saw, so an outage counts no
        # returning visitor twice.
        self.sent = VisitorRecord()
        self.unseen = VisitorRecord()
        # The number of a batch sent without an answer: Redis may have run
        # it, or run it later.
        self.in_doubt = None
        self.number = 0
        self.send_lock = threading.Lock()
        self.down_until = 0.0

    def available(self):
        return time.monotonic() >= self.down_until

    def failed(self):
        self.down_until = time.monotonic() + REDIS_RETRY_SECONDS

    def add(self, site_id, day, page_id, key, now):
        self.outbox.add(site_id, day, page_id, key, now)

    def seen_key(self, site_id):
        """The sorted set of one portal's recent visitors."""
        return f"{self.prefix}seen:{site_id}"

    def batch(self, views, visits, visitors):
        self.number += 1
        self.unsent.append((self.number, views, visits, visitors))

    def send(self):
        """Queue the outbox as batches and send every unsent one, oldest
        first. Returns "sent"; "refused" when Redis answered with an error;
        "unconfirmed" when it did not answer (the batch may have run there, so
        it stays queued and goes again under its number)."""
        with self.send_lock:
            views, visits, visitors = self.outbox.take()
            people = list(visitors.items())
            if views or visits or people:
                # The counters travel with the first chunk of visitors.
                self.batch(views, visits, dict(people[:SEND_CHUNK]))
                for start in range(SEND_CHUNK, len(people), SEND_CHUNK):
                    chunk = dict(people[start : start + SEND_CHUNK])
                    self.batch(Counter(), Counter(), chunk)
            if self.unsent or self.unseen.visitors:
                # A Redis that cannot answer a PING never saw the batch
                # either: it is not in doubt, and may be counted here.
                try:
                    self.client.ping()
                except self.errors:
                    self.failed()
                    return "unconfirmed"
            while self.unsent:
                # The batch in doubt goes first: it is older than what the
                # process counted itself while Redis was away.
                if self.unsent[0][0] != self.in_doubt:
                    status = self.tell_unseen()
                    if status:
                        return status
                keys, args = self.arguments(*self.unsent[0])
                try:
                    self.script(keys=keys, args=args)
                except self.refusals:
                    logger.exception("stats: Redis refused the counting script")
                    self.in_doubt = None  # surely not run: it changed nothing
                    self.failed()
                    return "refused"
                except self.errors:
                    self.in_doubt = self.unsent[0][0]
                    self.failed()
                    return "unconfirmed"
                self.in_doubt = None
                self.sent.note(self.unsent.popleft()[3])
            return self.tell_unseen() or "sent"

    def send_as(self, number):
        """Send the outbox as the one batch `number`, above every number sent
        under this sender before. A reader of a log numbers its batches by
        where they end in the file, so the script records how far the file is
        counted in the very run that adds its counts (last_sent())."""
        if len(self.outbox.visitors) > SEND_CHUNK:
            raise ValueError(f"a batch of more than {SEND_CHUNK} visitors")
        with self.send_lock:
            self.number = number - 1
        return self.send()

    def last_sent(self):
        """The number of the last batch Redis applied for this sender (0:
        none in the last day)."""
        return int(self.client.get(self.sent_key) or 0)

    def tell_unseen(self):
        """Tell Redis the visitors counted here; None once it knows them."""
        unseen = self.unseen.take()
        try:
            self.tell_seen(unseen)
        except self.refusals:
            self.unseen.note(unseen)
            logger.exception("stats: Redis refused the visitors seen here")
            self.failed()
            return "refused"
        except self.errors:
            self.unseen.note(unseen)
            self.failed()
            return "unconfirmed"
        return None

    def tell_seen(self, visitors):
        """Raise Redis's last view of each visitor to the one counted here
        (ZADD GT: never lowered), so the script does not take a visitor's
        next view for a new visit."""
        if not visitors:
            return
        per_site = {}
        for key, (_, last, _, site_id) in visitors.items():
            per_site.setdefault(site_id, {})[key] = last
        pipe = self.client.pipeline(transaction=False)
        for site_id, scores in per_site.items():
            pipe.zadd(self.seen_key(site_id), scores, gt=True)
        pipe.execute()

    def waiting(self):
        return bool(self.unsent) or any(self.outbox.pending())

    def reachable(self):
        try:
            return bool(self.reader.ping())
        except self.errors:
            return False

    def arguments(self, number, views, visits, visitors):
        """The script's KEYS and ARGV for one batch."""
        counters = {
            f"p:{site}:{day}:{page}": n for (site, day, page), n in views.items()
        }
        counters.update((f"u:{site}:{day}", n) for (site, day), n in visits.items())
        keys = [self.pending_key, self.sent_key]
        index = {}  # site id -> position of its visitors' set in KEYS (Lua: 1-based)
        people = []
        for key, (first, last, day, site) in visitors.items():
            if site not in index:
                keys.append(self.seen_key(site))
                index[site] = len(keys)
            people.append([key, first, last, f"u:{site}:{day}", index[site]])
        args = [
            number,
            VISIT_GAP_SECONDS,
            json.dumps(counters, separators=(",", ":")),
            json.dumps(people, separators=(",", ":")),
        ]
        return keys, args

    def give_up(self, buffer, exiting=False):
        """Hand the unsent counts to `buffer` (the process's local one)
        when Redis cannot take them: newest first, as put_back() expects
        what it receives to be older than what the buffer holds.

        The batch in doubt (sent, never confirmed) stays queued unless the
        process exits: a silent Redis may still run it when it wakes, and
        the next send, under the same number, is then skipped; counted here
        too, it would count twice. Its visitors count as seen (Redis has
        them, or will)."""
        with self.send_lock:
            taken = self.outbox.take()
            buffer.put_back(taken)
            self.unseen.note(taken[2])
            kept = deque()
            for batch in reversed(self.unsent):
                number, views, visits, visitors = batch
                if number == self.in_doubt and not exiting:
                    kept.append(batch)
                    self.sent.note(visitors)
                    continue
                buffer.put_back((views, visits, visitors))
                self.unseen.note(visitors)
            self.unsent = kept
            if exiting:
                self.in_doubt = None

    def take_batches(self):
        """Rename the pending hash to a batch, then read every batch not yet
        written (a batch left by a process killed mid-flush is picked up)."""
        batch = f"{self.prefix}batch:{uuid.uuid4().hex}"
        if self.client.exists(self.pending_key):
            try:
                self.client.rename(self.pending_key, batch)
            except self.errors:
                logger.debug("stats: pending hash vanished before rename")
        for name in self.client.scan_iter(match=f"{self.prefix}batch:*", count=100):
            yield name, self.client.hgetall(name)

    def forget(self, name):
        self.client.delete(name)

    def queued(self, site_id):
        """One portal's views and visits not yet sent by this process (no
        network)."""
        views, visits = self.outbox.pending(site_id)
        for _, batch_views, batch_visits, _ in list(self.unsent):
            more_views, more_visits = site_totals(batch_views, batch_visits, site_id)
            views, visits = views + more_views, visits + more_visits
        return views, visits

    def pending(self, site_id, default_site_id):
        """One portal's views and visits in Redis not yet flushed (read on
        the request path: the short-timeout client)."""
        views, visits = parse_batch(
            self.reader.hgetall(self.pending_key), default_site_id
        )
        return site_totals(views, visits, site_id)

    def online(self, now, site_id):
        """A portal's visitors seen in the last 5 minutes; forgets those gone
        for longer than a visit's gap (their next view starts a visit anyway)."""
        key = self.seen_key(site_id)
        pipe = self.reader.pipeline()
        pipe.zremrangebyscore(key, "-inf", now - VISIT_GAP_SECONDS - 300)
        pipe.zcount(key, now - ONLINE_SECONDS, "+inf")
        return pipe.execute()[1]

    def trim(self, now, site_ids):
        """Forget visitors gone for longer than a visit's gap, on every
        portal (and in the one set of the time before portals, which then
        empties and vanishes)."""
        pipe = self.client.pipeline(transaction=False)
        for key in [f"{self.prefix}seen", *map(self.seen_key, site_ids)]:
            pipe.zremrangebyscore(key, "-inf", now - VISIT_GAP_SECONDS - 300)
        pipe.execute()


def parse_batch(data, default_site_id):
    """Counters of a Redis hash: {(site, day, page): views}, {(site, day):
    visits}. Fields written before portals ("p:DAY:PAGE", "u:DAY", by a
    process of the previous release or left in Redis across a deploy) are
    the default site's."""
    views, visits = Counter(), Counter()
    for field, value in data.items():
        kind, _, rest = field.decode().partition(":")
        parts = rest.split(":")
        if kind == "p" and len(parts) == 2:
            parts.insert(0, default_site_id)
        elif kind == "u" and len(parts) == 1:
            parts.insert(0, default_site_id)
        if parts[0] is None:
            logger.warning("stats: no default site for counts of %s", field)
            continue
        if kind == "p" and len(parts) == 3:
            site, day, page = parts
            key = (int(site), datetime.date.fromisoformat(day), int(page))
            views[key] += int(value)
        elif kind == "u" and len(parts) == 2:
            site, day = parts
            visits[(int(site), datetime.date.fromisoformat(day))] += int(value)
    return views, visits


def site_totals(views, visits, site_id):
    """One portal's share of counters keyed by (site, day[, page])."""
    return (
        sum(n for key, n in views.items() if key[0] == site_id),
        sum(n for key, n in visits.items() if key[0] == site_id),
    )


def default_site_id():
    """The default site (no query): counts from before portals are its."""
    return next((p.site_id for p in portals.all_portals() if p.is_default), None)


def site_id_for(request):
    """The request's portal, or None when no site exists.

    When serving the page read the request's content version
    (cms/caching.py: the page cache, fragments), that read also brought this
    worker's portal directory up to date, so it is used as it is: no second
    cache round trip on the request path."""
    directory = portals.directory_if_loaded()
    if directory is not None and getattr(request, caching.REQUEST_ATTRIBUTE, None):
        portal = directory.for_host(*portals.host_and_port(request))
    else:
        portal = portals.for_request(request)
    return portal.site_id if portal is not None else None


# The counter: buffers, timer, flush


class StatsCounter:
    """The process-wide counter. Reset after a fork (gunicorn --preload)."""

    def __init__(self, timer=True, sender=None):
        """`timer=False`: no flush thread (a command flushes itself);
        `sender` names the Redis batches' sequence (RedisBuffer.send_as)."""
        self.pid = os.getpid()
        self.local = LocalBuffer()
        url = redis_url()
        self.redis = RedisBuffer(url, redis_prefix(), sender) if url else None
        self.timer = None
        self.timer_lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.figures_cache = {}  # site id -> (read at, figures)
        self.last_prune = 0.0
        # Read once: settings lookups are slow next to the rest of record().
        self.ip_header = getattr(settings, "STATS_CLIENT_IP_HEADER", "REMOTE_ADDR")
        self.interval = flush_interval() if timer else 0
        # The timer thread wakes this often to send queued views to Redis.
        self.tick = min(self.interval, send_interval()) if self.redis else self.interval
        self.zone = timezone.get_default_timezone()
        self.today = (-1, None)

    def day(self, now):
        """The site's local date, worked out once a second."""
        second, day = self.today
        if int(now) != second:
            day = datetime.datetime.fromtimestamp(now, self.zone).date()
            self.today = (int(now), day)
        return day

    def record(self, request, page_id):
        site_id = site_id_for(request)
        if site_id is None:
            return
        self.count(site_id, page_id, request.META, time.time())

    def count(self, site_id, page_id, meta, now):
        """One view of `page_id` on portal `site_id` at `now` (a timestamp),
        by the visitor `meta` names (request.META or the same keys)."""
        day = self.day(now)
        key = visitor_key(meta, day, self.ip_header, site_id)
        if self.redis is None:
            self.local.add(site_id, day, page_id, key, now)
        elif self.redis.available():
            self.redis.add(site_id, day, page_id, key, now)
        else:
            self.local.add(site_id, day, page_id, key, now)
            self.redis.unseen.note({key: (now, now, day, site_id)})
        self.start_timer()

    def send_to_redis(self, exiting=False):
        """Queued counts to Redis, or to the local buffer (written by this
        process's flushes) when Redis cannot take them: it refused them, it
        cannot be reached (a batch it ran before going away is lost with it
        unless it persists to disk), or the process is exiting. A batch Redis
        may have run without answering waits for the next send, which
        Redis skips if it did run it, however long Redis stays away: a retry
        never counts twice."""
        redis = self.redis
        status = redis.send() if redis.available() else "unconfirmed"
        if status == "sent" or not redis.waiting():
            return
        if status == "refused" or exiting or not redis.reachable():
            logger.warning("stats: Redis cannot take the counts, counting here")
            redis.give_up(self.local, exiting)

    def start_timer(self):
        if self.timer is not None or self.interval <= 0:
            return
        with self.timer_lock:
            if self.timer is None:
                self.timer = threading.Thread(
                    target=self.run_timer, name="stats-flush", daemon=True
                )
                self.timer.start()
                atexit.register(self.flush_at_exit)

    def run_timer(self):
        next_flush = time.monotonic() + self.interval
        while True:
            time.sleep(self.tick)
            if os.getpid() != self.pid:
                return
            if self.redis is not None:
                try:
                    self.send_to_redis()
                except Exception:
                    logger.exception("stats: sending to Redis failed")
            if time.monotonic() < next_flush:
                continue
            next_flush = time.monotonic() + self.interval
            # This thread serves no requests, so nothing else recycles its
            # connection after a database restart.
            close_old_connections()
            try:
                self.flush()
            except Exception:
                logger.exception("stats: flush failed; counts kept for the next one")

    def flush_at_exit(self):
        if os.getpid() != self.pid:
            return
        try:
            with fail_fast.ask_anyway():
                self.flush(exiting=True)
        except Exception:
            logger.exception("stats: final flush failed")

    def flush(self, exiting=False, also=None):
        """Write every buffered count to the database; return views written.
        `also`, if given, is called in the transaction that writes this
        process's buffer, even an empty one (a log reader's position)."""
        with self.flush_lock:
            if self.redis is not None:
                self.send_to_redis(exiting)
                self.flush_sent_visitors()
            written = self.flush_local(also)
            if self.redis is not None:
                written += self.flush_redis()
            self.prune()
        return written

    def flush_sent_visitors(self):
        """VisitorSeen learns whom this process's batches showed Redis, before
        any count made in the process is decided against it."""
        sent = self.redis.sent.take()
        if not sent:
            return
        try:
            with transaction.atomic():
                write_visitors(sent)
        except Exception:
            self.redis.sent.note(sent)
            raise

    def flush_local(self, also=None):
        taken = self.local.take()
        views, visits, visitors = taken
        if not views and not visits and not visitors and also is None:
            return 0
        try:
            with transaction.atomic():
                take_flush_lock()
                visits = visits + new_visits(visitors)
                write_counts(views, visits)
                write_visitors(visitors)
                if also is not None:
                    also()
        except Exception:
            self.local.put_back(taken)
            raise
        return sum(views.values())

    def flush_redis(self):
        written = 0
        try:
            batches = list(self.redis.take_batches())
        except self.redis.errors:
            logger.warning("stats: Redis unavailable, flush postponed")
            return 0
        default = default_site_id()
        for name, data in batches:
            views, visits = parse_batch(data, default)
            batch_id = name.decode().rpartition(":")[2]
            with transaction.atomic():
                take_flush_lock()
                if FlushedBatch.objects.filter(batch=batch_id).exists():
                    views = Counter()
                else:
                    write_counts(views, visits)
                    FlushedBatch.objects.bulk_create(
                        [FlushedBatch(batch=batch_id, flushed_at=timezone.now())]
                    )
            # Deleted only after the commit: a crash in between leaves the
            # batch in Redis, and FlushedBatch stops it being counted twice.
            self.redis.forget(name)
            written += sum(views.values())
        try:
            self.redis.trim(time.time(), [p.site_id for p in portals.all_portals()])
        except self.redis.errors:
            logger.warning("stats: Redis unavailable while trimming")
        return written

    def prune(self):
        now = time.monotonic()
        if now - self.last_prune < 600:
            return
        self.last_prune = now
        moment = timezone.now()
        VisitorSeen.objects.filter(last_seen__lt=moment - VISITOR_RETENTION).delete()
        FlushedBatch.objects.filter(flushed_at__lt=moment - BATCH_RETENTION).delete()

    def figures(self, site_id, fresh=False):
        """A portal's totals for the footer and the API (its starting totals
        plus its counts), read at most every few seconds."""
        read_at, cached = self.figures_cache.get(site_id, (0.0, None))
        fresh = fresh or cached is None
        if not fresh and time.monotonic() - read_at < FIGURES_TTL_SECONDS:
            return cached
        now = time.time()
        totals = DailySiteStat.objects.filter(site_id=site_id).aggregate(
            views=Sum("views"), visits=Sum("visits")
        )
        start = StatsSettings.objects.filter(site_id=site_id).values(
            "initial_visits", "initial_page_views"
        )
        start = start.first() or {"initial_visits": 0, "initial_page_views": 0}
        views, visits = self.local.pending(site_id)
        if self.redis is not None:
            queued_views, queued_visits = self.redis.queued(site_id)
            views, visits = views + queued_views, visits + queued_visits
        online = None
        if self.redis is not None and self.redis.available():
            try:
                redis_views, redis_visits = self.redis.pending(
                    site_id, default_site_id()
                )
                views, visits = views + redis_views, visits + redis_visits
                online = self.redis.online(now, site_id)
            except self.redis.errors:
                self.redis.failed()
        if online is None:
            since = timezone.now() - datetime.timedelta(seconds=ONLINE_SECONDS)
            online = VisitorSeen.objects.filter(
                site_id=site_id, last_seen__gte=since
            ).count()
        figures = {
            "visits": start["initial_visits"] + (totals["visits"] or 0) + visits,
            "page_views": start["initial_page_views"] + (totals["views"] or 0) + views,
            "online": online,
        }
        self.figures_cache[site_id] = (time.monotonic(), figures)
        return figures


_counter = None
_counter_lock = threading.Lock()


def get_counter():
    global _counter
    counter = _counter
    if counter is None or counter.pid != os.getpid():
        with _counter_lock:
            if _counter is None or _counter.pid != os.getpid():
                _counter = StatsCounter()
            counter = _counter
    return counter


def reset_counter():
    """Forget this process's counter (after a settings change in tests)."""
    global _counter
    with _counter_lock:
        _counter = None


def flush():
    return get_counter().flush()


def figures(site_id=None, fresh=False):
    """A portal's totals; the default site's when no portal is named."""
    if site_id is None:
        site_id = default_site_id()
    return get_counter().figures(site_id, fresh=fresh)


def figures_for(request, fresh=False):
    """The totals of the request's portal."""
    return figures(site_id_for(request) or 0, fresh=fresh)


# Database writes (raw upserts: atomic increments, no model signals)


def take_flush_lock():
    """Serialise flushes across processes: the first statement is a write, so
    SQLite takes its write lock now and PostgreSQL locks the row."""
    table = connection.ops.quote_name(FlushLock._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET generation = generation + 1 WHERE id = 1"  # noqa: S608
        )
        if cursor.rowcount == 0:
            cursor.execute(
                f"INSERT INTO {table} (id, generation) VALUES (1, 1) "  # noqa: S608
                "ON CONFLICT (id) DO UPDATE SET generation = "
                f"{table}.generation + 1"
            )


def write_counts(views, visits):
    """Add views per (site, day, page) and visits per (site, day) to the
    daily tables."""
    date_value = connection.ops.adapt_datefield_value
    site = Counter()
    per_day_page = Counter()
    for (site_id, day, page_id), count in views.items():
        site[(site_id, day)] += count
        per_day_page[(day, page_id)] += count
    days = sorted(set(site) | set(visits))
    # A portal deleted since the view takes its figures with it.
    site_ids = {site_id for site_id, _ in days}
    sites = set(Site.objects.filter(pk__in=site_ids).values_list("pk", flat=True))
    upsert(
        DailySiteStat,
        ["site_id", "date", "views", "visits"],
        ["site_id", "date"],
        ["views", "visits"],
        [
            (site_id, date_value(day), site[(site_id, day)], visits[(site_id, day)])
            for site_id, day in days
            if site_id in sites
        ],
    )
    # A page deleted since the view still counts in its portal's figures.
    page_ids = {page_id for _, page_id in per_day_page}
    existing = set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True))
    upsert(
        DailyPageStat,
        ["date", "page_id", "views"],
        ["date", "page_id"],
        ["views"],
        [
            (date_value(day), page_id, count)
            for (day, page_id), count in sorted(per_day_page.items())
            if page_id in existing
        ],
    )
    per_page = Counter()
    for (_, page_id), count in per_day_page.items():
        if page_id in existing:
            per_page[page_id] += count
    upsert(
        PageViewTotal,
        ["page_id", "views"],
        ["page_id"],
        ["views"],
        sorted(per_page.items()),
    )


def new_visits(visitors):
    """Visits starting in this buffer: the visitor's first view here came
    more than 30 minutes after the last view any process has flushed."""
    visits = Counter()
    keys = list(visitors)
    last_seen = {}
    for start in range(0, len(keys), CHUNK):
        last_seen.update(
            VisitorSeen.objects.filter(key__in=keys[start : start + CHUNK]).values_list(
                "key", "last_seen"
            )
        )
    for key, (first, _, day, site_id) in visitors.items():
        previous = last_seen.get(key)
        if previous is None or first - previous.timestamp() > VISIT_GAP_SECONDS:
            visits[(site_id, day)] += 1
    return visits


def write_visitors(visitors):
    qn = connection.ops.quote_name
    table = qn(VisitorSeen._meta.db_table)
    column = qn("last_seen")
    as_datetime = connection.ops.adapt_datetimefield_value
    upsert(
        VisitorSeen,
        ["key", "site_id", "last_seen"],
        ["key"],
        [],
        [
            (
                key,
                site_id,
                as_datetime(datetime.datetime.fromtimestamp(last, datetime.UTC)),
            )
            for key, (_, last, _, site_id) in sorted(visitors.items())
        ],
        replace=[
            f"{column} = CASE WHEN excluded.{column} > {table}.{column} "
            f"THEN excluded.{column} ELSE {table}.{column} END"
        ],
    )
