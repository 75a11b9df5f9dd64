from urllib.parse import urlsplit

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
