"""Each optional app can be left out of INSTALLED_APPS and the site still serves.

INSTALLED_APPS cannot change inside one process, so each configuration runs
tests/cms/site_without_app.py in a process of its own, on a fresh database: a
temporary SQLite file, or a throwaway PostgreSQL database when DATABASE_URL
points at PostgreSQL. tests/conftest.py gives each app's test its own xdist
work unit, so the apps spread over the workers.
"""

import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.conf import settings

import pytest

# Each optional app, with the URLs that must be gone without it (they 404).
OPTIONAL_APPS = {
    "publications": [],
    "stats": ["/stats/", "/stats/figures.json", "/api/v2/stats/"],
    "editorial": ["/api/preview/"],
    "search": ["/search/?q=hop"],
}


@contextmanager
def empty_database(tmp_path, app):
    """The URL of a database of its own, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"optional_{app}_{uuid.uuid4().hex[:12]}"
    server = psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or None,
        autocommit=True,
    )
    with server:
        server.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlsplit(url)._replace(path=f"/{name}").geturl()
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def serve_without(app, database_url, urls):
    result = subprocess.run(
        [sys.executable, "-m", "tests.cms.site_without_app", *urls],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings_without",
            "WITHOUT_APP": app,
            "DATABASE_URL": database_url,
            # The demo's renditions are queued for a worker that never runs,
            # as before `db_worker` starts (cms/renditions.py): the pages
            # fetched make only those they show (38 s → 32 s a site).
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1]), result.stderr


@pytest.mark.parametrize("app", list(OPTIONAL_APPS), ids=lambda app: f"without-{app}")
def test_site_serves_without_the_app(app, tmp_path):
    gone = OPTIONAL_APPS[app]
    with empty_database(tmp_path, app) as database_url:
        report, log = serve_without(app, database_url, gone)
    assert report["types_without_page"] == []
    failures = {
        url: status
        for url, status in report["statuses"].items()
        if status != (404 if url.endswith(tuple(gone)) else 200)
    }
    assert failures == {}, log
