"""Renaming a document type: its documents are found by the new name."""

import pytest

from publications.filters import search_q
from publications.models import PublicationPage

from .conftest import add_document


def found(query):
    return sorted(
        PublicationPage.objects.filter(search_q(query)).values_list("number", flat=True)
    )


@pytest.mark.parametrize("count", [1, 5])
def test_renaming_a_type_updates_its_documents_in_three_queries(
    register, chi_thi, party, django_assert_num_queries, count
):
    for n in range(count):
        add_document(
            register,
            document_type=chi_thi,
            number=f"{n + 1}-CT/TU",
            issuer=party,
            issue_date="2024-01-01",
        )
    chi_thi.name = "Chỉ thị khẩn"
    # The type itself, its documents, and one update of all their search words.
    with django_assert_num_queries(3):
        chi_thi.save()
    assert len(found("chi thi khan")) == count


def test_renaming_a_type_leaves_other_types_documents_alone(
    register, chi_thi, cong_van, party
):
    add_document(
        register,
        document_type=chi_thi,
        number="22-CT/TU",
        issuer=party,
        issue_date="2024-01-01",
    )
    add_document(
        register,
        document_type=cong_van,
        number="492-CV/HU",
        issuer=party,
        issue_date="2024-01-01",
    )
    chi_thi.name = "Chỉ thị mới"
    chi_thi.save()
    assert found("chi thi moi") == ["22-CT/TU"]
    assert found("cong van") == ["492-CV/HU"]


def test_saving_a_type_without_documents_writes_nothing_else(
    chi_thi, django_assert_num_queries
):
    with django_assert_num_queries(2):
        chi_thi.save()
