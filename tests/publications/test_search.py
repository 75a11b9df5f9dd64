import pytest

from tests.conftest import restrict

from .conftest import add_document


@pytest.fixture
def directive(register, chi_thi, party):
    return add_document(
        register,
        title="Chỉ thị về công tác dân vận",
        document_type=chi_thi,
        number="22-CT/TU",
        issuer=party,
        abstract="Về tăng cường công tác dân vận trong tình hình mới",
    )


@pytest.mark.parametrize(
    "typed", ["22-CT/TU", "22 CT TU", "chi thi 22", "Chỉ thị 22", "dan van tinh hinh"]
)
def test_site_search_finds_documents_by_number_and_abstract(client, directive, typed):
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 200
    assert f'href="{directive.url}"' in response.content.decode()


def test_site_search_never_shows_draft_or_private_documents(client, register):
    add_document(register, title="Văn bản nháp", number="77-CT/TU", live=False)
    private = add_document(register, title="Văn bản mật", number="78-CT/TU")
    restrict(private)
    html = client.get("/search/", {"q": "CT TU"}).content.decode()
    assert "nháp" not in html
    assert "mật" not in html


def test_page_search_fields_cover_number_type_and_abstract(directive):
    names = {field.field_name for field in directive.get_search_fields()}
    assert {"number", "abstract", "type_and_number"} <= names
    assert directive.type_and_number == "Chỉ thị 22-CT/TU"
