import os
import subprocess

from django.db import connection

import pytest


@pytest.fixture
def fragments_on(settings):
    """Rendered fragments and routing from the cache, as in production."""
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as the admin does: new versions once it is committed."""

    def committed(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return committed


@pytest.fixture
def database_url(tmp_path):
    """A database a server in other processes can open (live tests): a
    throwaway PostgreSQL database when the suite runs on PostgreSQL, else a
    SQLite file."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"live_{os.getpid()}"
    server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    admin = ["psql", f"{server}/postgres", "-q", "-c"]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    yield f"{server}/{name}"
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
