"""Django's PostgreSQL backend with a client-side wait limit (cms/fail_fast.py).

PostgreSQL's own `statement_timeout` (set by DATABASE_STATEMENT_TIMEOUT)
ends a slow statement, but only a server that answers can send that error;
`connect_timeout` bounds connecting only. A connection that stops answering
mid-request would hold the worker, so every wait on the server here ends
after a limit too: the statement timeout and a second (the server's own
error comes first when it can), one second for the health check of a kept
connection. The connection is then closed and Django raises
OperationalError, which the site answers with 503 and Retry-After.
"""

import time

from django.db.backends.postgresql import base

import psycopg

from cms.fail_fast import breaker

# A kept connection is checked with `SELECT 1` before reuse: instant when
# the server is there.
HEALTH_CHECK_SECONDS = 1.0


class TimedConnection(psycopg.Connection):
    """A psycopg connection whose waits on the server end after
    `wait_seconds` (None: no limit).

    `wait()` is where psycopg waits on the server for every query, fetch,
    commit and rollback; its `timeout` argument ends the wait with an
    OperationalError. The connection is then in an unknown state mid-protocol,
    so it is closed, never reused.
    """

    wait_seconds = None
    breaker = None

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is None:
            timeout = self.wait_seconds
        start = time.monotonic()
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except psycopg.OperationalError:
            if timeout is not None and time.monotonic() - start >= timeout:
                # No answer in time, in the middle of a statement.
                self.close()
                if self.breaker is not None:
                    self.breaker.trip()
            raise


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if self.pool:
            return super().get_new_connection(conn_params)
        rest = breaker(
            f"postgresql:{conn_params.get('host')}:{conn_params.get('port')}"
        )
        if rest.resting():
            raise psycopg.OperationalError(
                "the database did not answer; asking again shortly"
            )
        try:
            # Django's own steps (isolation level) around psycopg's connect().
            connection = TimedConnection.connect(**conn_params)
        except psycopg.errors.ConnectionTimeout:
            # Silent (a refusal is fast: no need to rest).
            rest.trip()
            raise
        connection.breaker = rest
        statement = self.settings_dict.get("STATEMENT_TIMEOUT") or 0
        connection.wait_seconds = statement + 1 if statement else None
        isolation = self.settings_dict["OPTIONS"].get("isolation_level")
        self.isolation_level = (
            psycopg.IsolationLevel(isolation)
            if isolation is not None
            else psycopg.IsolationLevel.READ_COMMITTED
        )
        if isolation is not None:
            connection.isolation_level = self.isolation_level
        return connection

    def is_usable(self):
        if self.connection is None or self.connection.wait_seconds is None:
            return super().is_usable()
        usual = self.connection.wait_seconds
        self.connection.wait_seconds = HEALTH_CHECK_SECONDS
        try:
            return super().is_usable()
        finally:
            self.connection.wait_seconds = usual
