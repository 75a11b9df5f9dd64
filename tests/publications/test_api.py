import pytest

from publications.models import PublicationFile, PublicationRelation, RelationKind
from tests.conftest import restrict
from tests.factories import SectorFactory

from .conftest import add_document

LIST = "/api/v2/pages/?type=publications.PublicationPage"


@pytest.fixture
def api(client, settings):
    settings.API_CACHE_SECONDS = 0
    return client


@pytest.fixture
def documents(register, chi_thi, cong_van, party, committee):
    land = SectorFactory(name="Đất đai", slug="dat-dai")
    directive = add_document(
        register,
        document_type=chi_thi,
        number="22-CT/TU",
        issuer=party,
        issue_date="2017-04-03",
        signer_name="Nguyễn Văn A",
        signer_title="Bí thư",
    )
    letter = add_document(
        register,
        document_type=cong_van,
        number="492-CV/HU",
        issuer=committee,
        sector=land,
        issue_date="2024-05-06",
        expiry_date="2024-06-30",
    )
    PublicationRelation.objects.create(
        page=letter, target=directive, kind=RelationKind.GUIDES
    )
    return directive, letter


def numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_detail_has_every_field(api, documents, document):
    directive, letter = documents
    PublicationFile.objects.create(page=directive, document=document)
    data = api.get(f"/api/v2/pages/{directive.pk}/").json()
    assert data["document_type"] == {"name": "Chỉ thị", "slug": "chi-thi"}
    assert data["number"] == "22-CT/TU"
    assert data["issuer"]["slug"] == "dang-uy"
    assert data["signer"] == {"name": "Nguyễn Văn A", "title": "Bí thư", "page": None}
    assert data["issue_date"] == data["effective_date"] == "2017-04-03"
    assert data["expiry_date"] is None
    assert data["status"] == "in_force"
    assert data["sector"] is None
    assert data["files"] == [
        {
            "title": "Toàn văn",
            "url": "http://localhost" + document.url,
            "size": 12,
            "type": "pdf",
        }
    ]
    assert data["relations"] == [
        {
            "kind": "guides",
            "direction": "in",
            "document": {
                "id": letter.pk,
                "type": "publications.PublicationPage",
                "title": letter.title,
                "url": "http://localhost/van-ban/" + letter.slug + "/",
            },
        }
    ]
    letter_data = api.get(f"/api/v2/pages/{letter.pk}/").json()
    assert [(r["kind"], r["direction"]) for r in letter_data["relations"]] == [
        ("guides", "out")
    ]
    assert letter_data["status"] == "expired"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["492-CV/HU", "22-CT/TU"]),
        ("&document_type=chi-thi", ["22-CT/TU"]),
        ("&issuer=ubnd", ["492-CV/HU"]),
        ("&sector=dat-dai", ["492-CV/HU"]),
        ("&year=2017", ["22-CT/TU"]),
        ("&status=expired", ["492-CV/HU"]),
        ("&status=in_force&issuer=dang-uy", ["22-CT/TU"]),
        ("&number=22%20ct%20tu", ["22-CT/TU"]),
        ("&number=492", ["492-CV/HU"]),
        ("&number=492-CV/HU&year=2017", []),
    ],
)
def test_api_filters(api, documents, query, expected):
    assert numbers(api.get(LIST + query)) == expected


@pytest.mark.parametrize(
    "query", ["&year=abc", "&status=dead", "&number=%2F%2F", "&issue_date=notadate"]
)
def test_bad_api_filter_values_are_400(api, documents, query):
    response = api.get(LIST + query)
    assert response.status_code == 400
    assert "message" in response.json()


def test_listing_query_count_does_not_grow(
    api, register, chi_thi, party, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            api.get(LIST + "&fields=*&limit=50")
        return len(queries)

    for _n in range(5):
        add_document(register, document_type=chi_thi, issuer=party)
    few = count()
    for _n in range(45):
        add_document(register, document_type=chi_thi, issuer=party)
    assert count() == few


def test_drafts_and_private_documents_are_not_in_the_api(api, register, documents):
    draft = add_document(register, number="1-DRAFT", live=False)
    private = add_document(register, number="2-PRIVATE")
    restrict(private)
    PublicationRelation.objects.create(
        page=private, target=documents[0], kind=RelationKind.REPLACES
    )
    assert "1-DRAFT" not in numbers(api.get(LIST))
    assert "2-PRIVATE" not in numbers(api.get(LIST))
    assert api.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    assert api.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    data = api.get(f"/api/v2/pages/{documents[0].pk}/").json()
    assert data["status"] == "in_force"
    assert private.pk not in [r["document"]["id"] for r in data["relations"]]
