import datetime
import json

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from tests import factories
from tests.conftest import restrict

PAGES = "/api/v2/pages/"

# Every way a page can be hidden from the public, each proven on every route.
HIDDEN_KINDS = [
    "draft",
    "unpublished",
    "expired",
    "password",
    "login",
    "groups",
    "under_restricted_parent",
    "other_site",
]


@pytest.fixture
def api(db):
    """An anonymous client that reports server errors as responses."""
    return Client(raise_request_exception=False)


@pytest.fixture
def no_response_cache(settings):
    """Measure the real work: every request builds its response."""
    settings.API_CACHE_SECONDS = 0


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(data):
    return {item["id"] for item in data["items"]}


def small_image(**kwargs):
    """Narrower than 800 px: one rendition, fast to make."""
    return factories.ImageFactory(file=factories.image_file(450, 300), **kwargs)


def body(*blocks):
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def rich_link(page):
    return f'<p>Xem <a linktype="page" id="{page.pk}">trang</a>.</p>'


@pytest.fixture
def official(official_index):
    page = factories.OfficialPageFactory(parent=official_index, title="Nguyễn Văn An")
    factories.OfficialPositionFactory(
        page=page,
        title="Chủ tịch",
        organization=factories.OrganizationFactory(name="UBND xã", slug="ubnd-xa"),
        start_date=datetime.date(2025, 7, 1),
    )
    return page


def make_hidden(kind, parent, **kwargs):
    """A page of the parent's child type that the public must never see."""
    factory = factories.PAGE_FACTORIES[
        parent.specific_class.allowed_subpage_models()[0]
    ]
    if kind == "draft":
        return factory(parent=parent, live=False, **kwargs)
    if kind == "unpublished":
        page = factory(parent=parent, **kwargs)
        page.unpublish()
        return page
    if kind == "expired":
        past = timezone.now() - datetime.timedelta(days=1)
        return factory(parent=parent, expire_at=past, **kwargs)
    if kind == "password":
        page = factory(parent=parent, **kwargs)
        restrict(page)
        return page
    if kind == "login":
        page = factory(parent=parent, **kwargs)
        restrict(page, PageViewRestriction.LOGIN)
        return page
    if kind == "groups":
        page = factory(parent=parent, **kwargs)
        restriction = restrict(page, PageViewRestriction.GROUPS)
        restriction.groups.set([Group.objects.create(name="Lãnh đạo")])
        return page
    index_factory = factories.PAGE_FACTORIES[parent.specific_class]
    if kind == "under_restricted_parent":
        index = index_factory(parent=parent.get_parent())
        restrict(index)
        return factory(parent=index, **kwargs)
    if kind == "other_site":
        other_home = factories.HomePageFactory(parent=Page.get_first_root_node())
        Site.objects.create(hostname="other.example", root_page=other_home)
        return factory(parent=index_factory(parent=other_home), **kwargs)
    raise ValueError(kind)


def tomorrow():
    return timezone.now() + datetime.timedelta(days=1)
