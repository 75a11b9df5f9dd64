from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from publications.models import DocumentType, PublicationIndexPage, PublicationPage


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        "admin", "admin@example.gov.vn", "a-long-password-123"
    )
    client.force_login(user)
    return client


def test_document_types_and_sectors_are_managed_in_the_admin(admin_client):
    for name in ("documenttype", "sector"):
        url = reverse(f"publications_{name}_modeladmin_index")
        assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        reverse("publications_documenttype_modeladmin_create"),
        {"name": "Quyết định", "slug": "quyet-dinh", "sort_order": 1},
    )
    assert response.status_code == 302
    assert DocumentType.objects.filter(slug="quyet-dinh").exists()


def test_register_sits_under_the_home_page_and_holds_documents(home_page):
    assert PublicationIndexPage.can_create_at(home_page)
    assert PublicationPage.allowed_parent_page_models() == [PublicationIndexPage]


def test_editor_can_create_a_document_in_the_admin(
    admin_client, register, chi_thi, party
):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("publications", "publicationpage", register.pk),
    )
    assert admin_client.get(url).status_code == 200
    data = {
        "title": "Chỉ thị số 22-CT/TU",
        "slug": "chi-thi-22",
        "document_type": chi_thi.pk,
        "number": "22-CT/TU",
        "issuer": party.pk,
        "issue_date": "2017-04-03",
        "abstract": "Về công tác dân vận",
        "body-count": "0",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0",
        "relations-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    page = PublicationPage.objects.get(slug="chi-thi-22")
    assert page.number_key == "22cttu"
    duplicate = admin_client.post(url, {**data, "slug": "chi-thi-22-b"})
    assert duplicate.status_code == 200
    assert not PublicationPage.objects.filter(slug="chi-thi-22-b").exists()


def test_editors_see_which_citations_of_a_page_were_linked(
    admin_client, register, news_index, chi_thi, party
):
    import datetime

    from django.utils import translation

    from tests.factories import NewsArticlePageFactory

    from .conftest import add_document

    document = add_document(
        register, document_type=chi_thi, number="22-CT/TU", issuer=party
    )
    article = NewsArticlePageFactory(
        parent=news_index,
        date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        body=[
            {
                "type": "paragraph",
                "value": "<p>Chỉ thị số 22-CT/TU và Chỉ thị số 99.</p>",
            }
        ],
    )
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    url = reverse("publications_citations", args=[article.pk])
    assert url in edit.content.decode()
    with translation.override("en"):
        html = admin_client.get(url).content.decode()
    assert "Linked" in html
    assert reverse("wagtailadmin_pages:edit", args=[document.pk]) in html
    assert "no registered document matches" in html


def test_citations_view_needs_edit_permission(client, news_index, django_user_model):
    from tests.factories import NewsArticlePageFactory

    article = NewsArticlePageFactory(parent=news_index)
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    client.force_login(user)
    response = client.get(reverse("publications_citations", args=[article.pk]))
    assert response.status_code in (302, 403)
