import json
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.management import call_command

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from cms.models import SiteSettings
from tests import factories


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """A published home page that is the default site's root."""
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, title="Trang chủ")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Test",
        },
    )
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "agency_name": "Ủy ban nhân dân xã Thử Nghiệm",
            "address": "Số 1 đường Thử",
        },
    )
    return home


@pytest.fixture
def news_index(home_page):
    return factories.NewsIndexPageFactory(parent=home_page, slug="tin-tuc")


@pytest.fixture
def official_index(home_page):
    return factories.OfficialIndexPageFactory(parent=home_page, slug="lanh-dao")


@pytest.fixture
def event_index(home_page):
    return factories.EventIndexPageFactory(parent=home_page, slug="lich-cong-tac")


class Portals:
    """The province (the default site on localhost) and two commune portals,
    each with its home page and news section."""

    def __init__(self, province_home):
        from cms.portals import COMMUNE, PROVINCE

        self.province = Site.objects.get(is_default_site=True)
        # Saved, not updated: the portals' directory hears of it.
        province_settings = SiteSettings.objects.get(site=self.province)
        province_settings.agency_name = "Ủy ban nhân dân tỉnh Thử Nghiệm"
        province_settings.agency_short_name = "Tỉnh Thử Nghiệm"
        province_settings.level = PROVINCE
        province_settings.save()
        self.province_home = province_home
        self.province_news = factories.NewsIndexPageFactory(
            parent=province_home, slug="tin-tuc"
        )
        root = Page.get_first_root_node()
        self.homes, self.news, self.sites = {}, {}, {}
        for key, hostname, name in (
            ("a", "xa-a.localhost", "Ủy ban nhân dân xã An"),
            ("b", "xa-b.localhost", "Ủy ban nhân dân xã Bình"),
        ):
            home = factories.HomePageFactory(
                parent=root, title=f"Trang chủ {name}", slug=f"xa-{key}"
            )
            site = Site.objects.create(
                hostname=hostname, port=80, root_page=home, site_name=name
            )
            SiteSettings.objects.update_or_create(
                site=site,
                defaults={
                    "agency_name": name,
                    "agency_short_name": name.removeprefix("Ủy ban nhân dân "),
                    "level": COMMUNE,
                },
            )
            self.homes[key] = home
            self.sites[key] = site
            self.news[key] = factories.NewsIndexPageFactory(parent=home, slug="tin-tuc")


@pytest.fixture
def portals(home_page):
    """A province portal (localhost) and communes "a" (xa-a.localhost) and
    "b" (xa-b.localhost); request a commune with HTTP_HOST="xa-a.localhost"."""
    return Portals(home_page)


@pytest.fixture
def anonymous_client(client):
    return client


def on_portal(page):
    """The path and Host header that reach a page on its own portal: with
    several sites, Wagtail's `page.url` is absolute and the test client
    would send it to the default site."""
    _site_id, root_url, path = page.get_url_parts()
    return path, {"HTTP_HOST": urlsplit(root_url).netloc}


def restrict(page, kind=PageViewRestriction.PASSWORD):
    """Put a view restriction on a page (and so on its children)."""
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret"
    )


def unpublish(page):
    page.unpublish()
    return page


# The files whose tests xdist sends to workers one by one: the project keeps a
# file's tests together (--dist loadfile), but each of these takes a core for a
# while (a site built in a process of its own), so they are spread instead.
EACH_TEST_APART = {"tests/cms/test_optional_apps.py"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            scope = super()._split_scope(nodeid)
            return nodeid if scope in EACH_TEST_APART else scope

    return Scheduling(config, log)


CONTENT_TYPE = "contenttypes.contenttype"


def restore_migrated_state():
    """Put back what migrations made (root page, groups...) after a flush.

    The copy is pytest-django's when a test in the run asks for serialized
    rollback, else one taken here while the database is still as migrated.
    """
    from django.db import connection

    if not hasattr(connection, "_test_serialized_contents"):
        assert Page.objects.exists(), "the test database lost its migrated data"
        connection._test_serialized_contents = (
            connection.creation.serialize_db_to_string()
        )
    if not Page.objects.exists():
        # Content types first: building a workflow task from the copy asks for
        # its content type (Wagtail's Task.__init__), which would otherwise
        # make the row before the copy's own, and the copy's then clashes.
        rows = json.loads(connection._test_serialized_contents)
        content_types = [row for row in rows if row["model"] == CONTENT_TYPE]
        others = [row for row in rows if row["model"] != CONTENT_TYPE]
        for part in (content_types, others):
            connection.creation.deserialize_db_from_string(json.dumps(part))


@contextmanager
def committed(django_db_blocker):
    """Rows written inside stay committed for the tests of a module or
    package, which only read them (each test's own changes are still rolled
    back with its transaction): loading the demo once instead of once per
    test. Afterwards every table is emptied and what migrations made is put
    back, as a transactional test with serialized rollback leaves it."""
    with django_db_blocker.unblock():
        restore_migrated_state()
        try:
            yield
        finally:
            # Sequences keep counting past the committed rows' ids.
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            restore_migrated_state()
