"""The four catalogues (cms.Catalogue): one shape, one admin, their own menus."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests import factories

CATALOGUES = {
    "news_category": factories.CategoryFactory,
    "cms_organization": factories.OrganizationFactory,
    "publications_documenttype": factories.DocumentTypeFactory,
    "publications_sector": factories.SectorFactory,
}


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        "quantri", "quantri@example.gov.vn", "mat-khau-dai-12345"
    )
    client.force_login(user)
    return client


def make_three(factory):
    """Two share an order, so the name breaks the tie."""
    factory(name="Bắc", slug="bac", sort_order=2)
    factory(name="Tây", slug="tay", sort_order=1)
    factory(name="Đông", slug="dong", sort_order=1)


@pytest.mark.parametrize("factory", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_catalogue_lists_by_display_order_then_name(db, factory):
    make_three(factory)
    items = list(factory._meta.model.objects.all())
    assert [str(item) for item in items] == ["Tây", "Đông", "Bắc"]


@pytest.mark.parametrize("prefix", CATALOGUES.keys())
def test_catalogue_admin_lists_items_in_display_order(admin_client, prefix):
    make_three(CATALOGUES[prefix])
    response = admin_client.get(reverse(f"{prefix}_modeladmin_index"))
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    names = [row.select_one("td.title a").get_text(strip=True) for row in rows]
    assert names == ["Tây", "Đông", "Bắc"]


@pytest.mark.parametrize("prefix", CATALOGUES.keys())
def test_catalogue_admin_searches_by_name_and_slug(admin_client, prefix):
    make_three(CATALOGUES[prefix])
    url = reverse(f"{prefix}_modeladmin_index")
    for query in ("Bắc", "bac"):
        html = admin_client.get(url, {"q": query}).content.decode()
        assert "Bắc" in html
        assert "Tây" not in html
