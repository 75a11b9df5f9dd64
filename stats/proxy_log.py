"""Count the pages nginx serves from its own cache, from its access log.

A page nginx answers from its cache (deploy/nginx/portal.conf) never reaches
a node, so StatsMiddleware cannot count it. nginx writes one JSON object per
such answer (log format `portal_views`: only HIT, UPDATING, and STALE while a
node failed, and only answers naming their page in X-Page-Id), and
`manage.py count_proxy_log` reads the lines written since its last run:

- the same rules as the middleware (stats/middleware.py: counted_answer,
  counted_reader) and the same visitor (counting.visitor_key, from the
  address nginx sends the nodes), recorded through the same counter
  (StatsCounter.count: buffer or Redis, then flush);
- each file is known by device and inode (ProxyLogPosition): a rotated log
  is a new file read from its start, and the rotated one (PATH.1) is
  finished first if it was being read;
- a line is never counted twice: without Redis the position is written in
  the transaction that writes the counts; with Redis each batch is numbered
  by where it ends in the file, so Redis records the position in the very
  script run that adds the counts, and the next run starts after the larger
  of the two;
- a line nginx is still writing (no newline yet) waits for the next run.

docs/stats.md, "Pages served by nginx's cache".
"""

import datetime
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Page

from cms import portals

from .counting import SEND_CHUNK, StatsCounter
from .middleware import counted_answer, counted_reader
from .models import ProxyLogPosition

# Lines read before their pages are looked up and their counts written:
# a handful of queries per this many lines, whatever the log's size.
CHUNK_LINES = 20_000
# The fields of the portal_views log format (deploy/nginx/portal.conf).
FIELDS = (
    "time",
    "host",
    "port",
    "page",
    "status",
    "method",
    "type",
    "agent",
    "addr",
    "forwarded_for",
    "sec_purpose",
    "purpose",
)
# STATS_CLIENT_IP_HEADER -> the log field holding what nginx sends the nodes
# in that header (portal.conf: X-Real-IP $remote_addr, X-Forwarded-For
# $proxy_add_x_forwarded_for).
ADDRESS_FIELDS = {
    "HTTP_X_REAL_IP": "addr",
    "HTTP_X_FORWARDED_FOR": "forwarded_for",
}
# Malformed lines named one by one in a run's report; the rest are counted.
NAMED_ERRORS = 20


class ProxyLogError(Exception):
    """The log cannot be read or counted now (nothing of it is lost)."""


class Conflict(ProxyLogError):
    pass


@dataclass
class View:
    end: int  # byte offset after the line
    when: float
    host: str
    port: int
    page_id: int
    meta: dict


@dataclass
class Report:
    lines: int = 0
    views: int = 0
    not_counted: int = 0  # bots, prefetches, other methods and statuses
    malformed: list = field(default_factory=list)  # (file, line number, reason)
    malformed_count: int = 0
    unknown_pages: Counter = field(default_factory=Counter)
    unknown_hosts: Counter = field(default_factory=Counter)

    def bad_line(self, path, number, reason):
        self.malformed_count += 1
        if len(self.malformed) < NAMED_ERRORS:
            self.malformed.append((path, number, reason))

    def summary(self):
        lines = [
            f"{self.lines} lines read: {self.views} page views counted, "
            f"{self.not_counted} not counted (bots, prefetches, not a GET "
            f"answered 200 with HTML), {self.malformed_count} malformed, "
            f"{sum(self.unknown_pages.values())} of unknown or deleted pages, "
            f"{sum(self.unknown_hosts.values())} of hosts no portal serves."
        ]
        lines += [
            f"{path}:{n}: skipped, {reason}" for path, n, reason in self.malformed
        ]
        if self.malformed_count > len(self.malformed):
            lines.append(
                f"... and {self.malformed_count - len(self.malformed)} more "
                "malformed lines"
            )
        if self.unknown_pages:
            ids = ", ".join(
                f"{page} ({n})" for page, n in sorted(self.unknown_pages.items())
            )
            lines.append(f"unknown or deleted page ids (lines): {ids}")
        if self.unknown_hosts:
            hosts = ", ".join(
                f"{host} ({n})" for host, n in sorted(self.unknown_hosts.items())
            )
            lines.append(f"hosts of no portal (lines): {hosts}")
        return lines


def address_field():
    header = getattr(settings, "STATS_CLIENT_IP_HEADER", "REMOTE_ADDR")
    if header not in ADDRESS_FIELDS:
        raise ProxyLogError(
            f"STATS_CLIENT_IP_HEADER is {header}: behind nginx the nodes must "
            "read the visitor's address from the header nginx sets "
            f"({' or '.join(ADDRESS_FIELDS)}), or every visitor is nginx "
            "(docs/stats.md)."
        )
    return header, ADDRESS_FIELDS[header]


def parse(raw, header, address):
    """A log line's (when, host, port, page id, method, status, type, meta);
    ValueError with the reason when it is not one of portal_views' lines."""
    try:
        entry = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a JSON object ({error})") from None
    if not isinstance(entry, dict):
        raise ValueError("not a JSON object")
    missing = [name for name in FIELDS if not isinstance(entry.get(name), str)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    try:
        when = datetime.datetime.fromisoformat(entry["time"])
    except ValueError:
        raise ValueError(f"time {entry['time']!r} is not ISO 8601") from None
    if when.tzinfo is None:
        raise ValueError(f"time {entry['time']!r} has no offset")
    for name in ("page", "status", "port"):
        if not entry[name].isdigit():
            raise ValueError(f"{name} {entry[name]!r} is not a number")
    meta = {
        "HTTP_USER_AGENT": entry["agent"],
        "HTTP_SEC_PURPOSE": entry["sec_purpose"],
        "HTTP_PURPOSE": entry["purpose"],
        header: entry[address],
    }
    return (
        when.timestamp(),
        entry["host"].lower(),
        int(entry["port"]),
        int(entry["page"]),
        entry["method"],
        int(entry["status"]),
        entry["type"],
        meta,
    )


class ProxyLogCounter:
    """Reads one log path (and its rotated predecessor) into the counts."""

    def __init__(self, path, report=None):
        self.path = path
        self.report = report or Report()
        self.header, self.address = address_field()
        self.known_pages = set()

    def run(self):
        """Count every complete line not yet counted; return the report."""
        rotated = f"{self.path}.1"
        # The previous file, renamed by logrotate while nginx wrote on: its
        # last lines are finished first, if this command was reading it.
        if os.path.isfile(rotated):
            self.count_file(rotated, only_known=True)
        if not os.path.exists(self.path):
            raise ProxyLogError(f"{self.path}: no such file")
        self.count_file(self.path)
        return self.report

    def count_file(self, path, only_known=False):
        try:
            log = open(path, "rb")
        except OSError as error:
            raise ProxyLogError(f"{path}: {error.strerror}") from None
        with log:
            stat = os.fstat(log.fileno())
            position = ProxyLogPosition.objects.filter(
                device=stat.st_dev, inode=stat.st_ino
            ).first()
            if position is None:
                if only_known:
                    return
                position = ProxyLogPosition(
                    device=stat.st_dev, inode=stat.st_ino, path=path
                )
            position.path = path
            counter = StatsCounter(
                timer=False, sender=f"log:{stat.st_dev}:{stat.st_ino}"
            )
            if counter.redis is not None:
                try:
                    sent = counter.redis.last_sent()
                except counter.redis.errors as error:
                    raise ProxyLogError(f"Redis does not answer: {error}") from None
                if sent > position.offset:
                    # Counted in Redis, not yet noted here: the line number
                    # is found again by reading to that offset.
                    log.seek(position.offset)
                    position.line += log.read(sent - position.offset).count(b"\n")
                    position.offset = sent
            if stat.st_size < position.offset:
                raise ProxyLogError(
                    f"{path} is shorter than what was counted of it: it was "
                    "truncated in place (logrotate copytruncate?). Let logrotate "
                    "move the file and tell nginx to reopen it (docs/stats.md)."
                )
            log.seek(position.offset)
            while True:
                views, end, lines = self.read_chunk(log, path, position)
                if lines == 0:
                    return
                self.count_views(counter, views, path)
                self.commit(counter, position, end, lines)

    def read_chunk(self, log, path, position):
        """Up to CHUNK_LINES complete lines from the file's position: the
        views among them, the offset after them, how many lines."""
        header, address = self.header, self.address
        views = []
        offset = position.offset
        number = position.line
        lines = 0
        while lines < CHUNK_LINES:
            raw = log.readline()
            if not raw.endswith(b"\n"):
                break  # the end, or a line nginx is still writing
            offset += len(raw)
            number += 1
            lines += 1
            self.report.lines += 1
            if not raw.strip():
                continue
            try:
                when, host, port, page_id, method, status, kind, meta = parse(
                    raw, header, address
                )
            except ValueError as error:
                self.report.bad_line(path, number, error)
                continue
            if not counted_answer(method, status, kind) or not counted_reader(meta):
                self.report.not_counted += 1
                continue
            views.append(View(offset, when, host, port, page_id, meta))
        return views, offset, lines

    def count_views(self, counter, views, path):
        """Record the views: their pages looked up in one query, their
        portals in the directory (no query)."""
        wanted = {view.page_id for view in views} - self.known_pages
        if wanted:
            self.known_pages.update(
                Page.objects.filter(pk__in=wanted).values_list("pk", flat=True)
            )
        directory = portals.directory()
        redis = counter.redis
        for view in views:
            if view.page_id not in self.known_pages:
                self.report.unknown_pages[view.page_id] += 1
                continue
            portal = directory.for_host(view.host, view.port)
            if portal is None:
                self.report.unknown_hosts[view.host] += 1
                continue
            counter.count(portal.site_id, view.page_id, view.meta, view.when)
            self.report.views += 1
            if redis is not None and len(redis.outbox.visitors) >= SEND_CHUNK:
                self.send(counter, view.end)

    def send(self, counter, end):
        status = counter.redis.send_as(end)
        if status != "sent":
            # Redis may hold this batch or not: its record of the position
            # says which, and the next run starts there.
            raise ProxyLogError(
                f"Redis did not take the counts ({status}); the lines not "
                "counted are read again on the next run"
            )

    def commit(self, counter, position, end, lines):
        """Counts and position together (see the module's docstring)."""
        expected = position.offset
        position.offset = end
        position.line += lines
        position.updated_at = timezone.now()
        if counter.redis is not None:
            self.send(counter, end)
            counter.flush()
            with transaction.atomic():
                self.save_position(position, expected, at_least=True)
            return
        try:
            counter.flush(also=lambda: self.save_position(position, expected))
        except Exception:
            position.offset = expected
            position.line -= lines
            raise

    def save_position(self, position, expected, at_least=False):
        """Write the position if no other run moved it meanwhile: two runs
        at once would count the same lines (run one at a time: flock)."""
        key = {"device": position.device, "inode": position.inode}
        values = {
            "offset": position.offset,
            "line": position.line,
            "path": position.path,
            "updated_at": position.updated_at,
        }
        rows = ProxyLogPosition.objects.filter(**key)
        if at_least:
            rows = rows.filter(offset__lte=position.offset)
        else:
            rows = rows.filter(offset=expected)
        if rows.update(**values):
            return
        if not ProxyLogPosition.objects.filter(**key).exists():
            try:
                with transaction.atomic():
                    ProxyLogPosition.objects.create(**key, **values)
                return
            except IntegrityError:
                pass
        raise Conflict(
            f"{position.path}: another count_proxy_log moved past byte "
            f"{expected}; these lines are left to it"
        )


def follow(path, interval, write, stop):
    """Count new lines every `interval` seconds until stop() is true."""
    while not stop():
        started = time.monotonic()
        try:
            report = ProxyLogCounter(path).run()
        except (ProxyLogError, DatabaseError) as error:
            # Nothing of these lines was counted: the next round reads them.
            write(f"error: {error}")
        else:
            if report.lines:
                for line in report.summary():
                    write(line)
        while not stop() and time.monotonic() - started < interval:
            time.sleep(0.2)
