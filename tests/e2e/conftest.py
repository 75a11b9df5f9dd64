"""Browser tests: Playwright driving Debian's Chromium against a live server.

Nothing is downloaded: the browser is /usr/bin/chromium (apt) and axe-core
comes from node_modules (`make e2e-deps`). Locally a missing tool skips these
tests with the reason; under CI (the CI variable set) it fails them, so a
broken install never passes unseen. docs/accessibility.md explains the setup.
"""

import io
import os
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command

import pytest

from tests.conftest import committed

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# A quiet browser: no sandbox (CI runs as root), no calls home, no updates.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required under CI)", pytrace=False)
    pytest.skip(reason)


def require_browser():
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("playwright is not installed: make .venv/.dev")
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing: apt-get install -y chromium")


@pytest.fixture(scope="package")
def browser(demo):
    """Chromium, closed before the demo's server stops (no request left open)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which Django
    # takes for async code; the ORM calls here are plain sync test code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="package")
def axe_source():
    if not AXE.exists():
        missing(f"{AXE.relative_to(ROOT)} is missing: make e2e-deps")
    return AXE.read_text()


class Demo:
    def __init__(self, url):
        self.url = url
        self.paths = public_paths()

    def __getitem__(self, name):
        return self.url + self.paths[name]


def first(model):
    """The path of the first such page of the default site (Hòa Bình's, the
    demo's fullest portal), which the live server answers for any host."""
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    page = model.objects.live().public().descendant_of(home).order_by("path").first()
    _site_id, _root_url, path = page.get_url_parts()
    return path


def public_paths():
    from news.models import EventPage, NewsArticlePage, OfficialPage
    from publications.models import PublicationPage

    return {
        "home": "/",
        "news index": first(NewsArticlePage).rsplit("/", 2)[0] + "/",
        "article": first(NewsArticlePage),
        "officials index": first(OfficialPage).rsplit("/", 2)[0] + "/",
        "official": first(OfficialPage),
        "events index": first(EventPage).rsplit("/", 2)[0] + "/",
        "event": first(EventPage),
        "register index": first(PublicationPage).rsplit("/", 2)[0] + "/",
        "register document": first(PublicationPage),
        "search results": "/search/?q=hoi+nghi",
        "404": "/khong-co-trang-nay/",
    }


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo portal (`load_demo`) on a live server, for every browser
    test (they only read it).

    Loading the demo takes a while, so the browser tests share it instead of
    each test loading it into a transactional test's database. Afterwards
    the database is left as migrations made it, as a transactional test
    leaves it.
    """
    from pytest_django.live_server_helper import LiveServer

    require_browser()
    with committed(django_db_blocker):
        server = LiveServer("localhost")
        try:
            # The demo's default portal on the live server's address, so its
            # canonical links name the pages the browser reads (cms/demo.py).
            with environment(BASE_URL=server.url):
                call_command("load_demo", stdout=io.StringIO())
            yield Demo(server.url)
        finally:
            server.stop()


@contextmanager
def environment(**values):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


@pytest.fixture
def page_for(browser):
    """A new browser tab at a given size; closed after the test."""
    contexts = []

    def open_page(width=1280, height=900, **options):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN", **options
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
