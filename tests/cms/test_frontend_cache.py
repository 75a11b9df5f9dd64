"""A cache in front of the portals is purged with the page cache: each
committed change sends one PURGE per portal it shows on, to a real HTTP
endpoint that records what it receives (cms/frontend_cache.py)."""

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


class FrontCache:
    """An HTTP server on 127.0.0.1 that answers PURGE with 200 and keeps
    (host, path) of each."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                received.append((self.headers["Host"], self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def front_cache(settings):
    cache = FrontCache()
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "cms.frontend_cache.TimedHTTPBackend",
            "LOCATION": cache.url,
        }
    }
    yield cache
    cache.close()


def test_publishing_on_a_commune_purges_it_and_the_province_only(
    portals, front_cache, django_capture_on_commit_callbacks
):
    article = factories.NewsArticlePageFactory(parent=portals.news["a"], live=False)
    front_cache.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    # One purge per portal, however many rows the publish saved.
    assert sorted(front_cache.received) == [
        ("localhost", "/*"),
        ("xa-a.localhost", "/*"),
    ]


def test_a_change_outside_pages_purges_every_portal(
    portals, front_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.CategoryFactory(name="Thông báo")
    assert sorted(front_cache.received) == [
        ("localhost", "/*"),
        ("xa-a.localhost", "/*"),
        ("xa-b.localhost", "/*"),
    ]


def test_a_silent_front_cache_does_not_fail_the_publish(
    portals, settings, django_capture_on_commit_callbacks, caplog
):
    # Nothing listens at this address: the purge is logged, the page is live.
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "cms.frontend_cache.TimedHTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    article = factories.NewsArticlePageFactory(parent=portals.news["a"], live=False)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    assert article.live
    assert "could not purge http://xa-a.localhost/*" in caplog.text


def test_a_change_rolled_back_purges_nothing(
    portals, front_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other = factories.NewsArticlePageFactory(parent=portals.news["b"], live=False)
        article = factories.NewsArticlePageFactory(parent=portals.news["a"], live=False)
    front_cache.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            other.title = "Không lưu"
            other.save()
            raise RuntimeError("the officer's save fails")
        article.save_revision().publish()
    # Commune B's change never happened: its portal keeps its front copies.
    assert sorted(front_cache.received) == [
        ("localhost", "/*"),
        ("xa-a.localhost", "/*"),
    ]
