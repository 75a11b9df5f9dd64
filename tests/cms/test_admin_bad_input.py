"""The admin answers odd requests normally: a lone quote in its image and
document search (and their choosers), a sign-out link followed by GET."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

QUOTES = ['"', 'hội"nghị', '"hội nghị', 'a" OR "b']


@pytest.fixture
def media():
    factories.ImageFactory(title="Ảnh hội nghị")
    get_document_model().objects.create(
        title="Biên bản hội nghị", file=ContentFile(b"%PDF-1.4\n", name="bien-ban.pdf")
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/",
        "/admin/documents/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/images/chooser/results/",
        "/admin/documents/chooser/results/",
    ],
)
@pytest.mark.parametrize("query", QUOTES)
def test_a_quote_in_the_admin_search_gives_a_results_page(
    admin_client, media, url, query
):
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200


def test_the_admin_search_still_finds_a_quoted_word(admin_client, media):
    response = admin_client.get("/admin/images/", {"q": '"hội nghị"'})
    assert response.status_code == 200
    assert "Ảnh hội nghị" in response.content.decode()


def test_a_get_to_the_sign_out_address_keeps_the_officer_signed_in(admin_client):
    response = admin_client.get("/admin/logout/")
    assert response.status_code == 405
    assert "sessionid" not in response.cookies
    assert admin_client.get("/admin/").status_code == 200


def test_signing_out_by_post_still_works(admin_client):
    response = admin_client.post("/admin/logout/")
    assert response.status_code == 302
    assert admin_client.get("/admin/").status_code == 302
