from django.core.cache import cache

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


@pytest.fixture
def anonymous_client(client):
    return client


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
