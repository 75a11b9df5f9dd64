"""Fail fast while PostgreSQL or Redis does not answer.

A server that stops answering without refusing (a hung process, a stuck
proxy, a full disk) holds every request that asks it until the worker is
killed: the kernel still accepts the bytes, so no TCP timeout fires. Every
connection to either therefore has timeouts (settings DATABASE_*_TIMEOUT and
REDIS_*_TIMEOUT, docs/deploy.md), and after one failure to answer, this
process stops asking for RETRY_SECONDS: requests in between fail at once
(503 with Retry-After, a page from the page cache, or a page rendered
without the cache) instead of each waiting out a timeout. Then one request
asks again. docs/security.md, "Outages", says what citizens and officers see.
"""

import threading
import time
from contextlib import contextmanager

import redis

# How long a process leaves a silent server alone before asking again.
RETRY_SECONDS = 5.0


class Breaker:
    """One server's state in this process: asked, or left alone until `until`."""

    def __init__(self):
        self.until = 0.0

    def resting(self):
        return time.monotonic() < self.until and not getattr(_anyway, "on", False)

    def trip(self):
        self.until = time.monotonic() + RETRY_SECONDS


_anyway = threading.local()


@contextmanager
def ask_anyway():
    """Ask even a server left alone, in this thread: the last flush of a
    process that exits has no later chance."""
    _anyway.on = True
    try:
        yield
    finally:
        _anyway.on = False


_breakers = {}
_breakers_lock = threading.Lock()


def breaker(name):
    """The breaker of one server (host and port), shared by every connection
    of this process."""
    found = _breakers.get(name)
    if found is None:
        with _breakers_lock:
            found = _breakers.setdefault(name, Breaker())
    return found


class RedisConnection(redis.connection.Connection):
    """A Redis connection (django-redis's pool makes them, through
    CONNECTION_POOL_KWARGS) that stops asking a Redis that failed to answer.

    The cache ignores the errors (IGNORE_EXCEPTIONS): a request while Redis
    rests gets no cached entry and keeps nothing, at no cost in time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaker = breaker(f"redis:{self.host}:{self.port}")

    def asking(self, method, *args, **kwargs):
        if self.breaker.resting():
            raise redis.ConnectionError("Redis did not answer; asking again shortly")
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            self.breaker.trip()
            raise

    def connect(self):
        return self.asking(super().connect)

    def send_packed_command(self, command, check_health=True):
        return self.asking(super().send_packed_command, command, check_health)

    def read_response(self, *args, **kwargs):
        return self.asking(super().read_response, *args, **kwargs)


class RedisConnectionPool(redis.ConnectionPool):
    """django-redis's pool (CONNECTION_POOL_CLASS), of RedisConnection."""

    def __init__(self, connection_class=RedisConnection, **kwargs):
        if connection_class is redis.connection.Connection:
            connection_class = RedisConnection
        super().__init__(connection_class=connection_class, **kwargs)
