import datetime

import pytest

from tests import factories


@pytest.fixture
def register(home_page):
    """A published documents register under the home page."""
    return factories.PublicationIndexPageFactory(parent=home_page, slug="van-ban")


@pytest.fixture
def chi_thi(db):
    return factories.DocumentTypeFactory(name="Chỉ thị", slug="chi-thi")


@pytest.fixture
def cong_van(db):
    return factories.DocumentTypeFactory(name="Công văn", slug="cong-van")


@pytest.fixture
def nghi_quyet(db):
    return factories.DocumentTypeFactory(name="Nghị quyết", slug="nghi-quyet")


@pytest.fixture
def party(db):
    return factories.OrganizationFactory(name="Đảng ủy xã", slug="dang-uy")


@pytest.fixture
def committee(db):
    return factories.OrganizationFactory(name="Ủy ban nhân dân xã", slug="ubnd")


def add_document(register, **fields):
    """A published document of the register; dates given as ISO strings."""
    for name in ("issue_date", "effective_date", "expiry_date"):
        if isinstance(fields.get(name), str):
            fields[name] = datetime.date.fromisoformat(fields[name])
    return factories.PublicationPageFactory(parent=register, **fields)


@pytest.fixture
def document(db):
    """A Wagtail document (a small text file) in the root collection."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    doc = get_document_model()(title="Toàn văn", file_size=12)
    doc.file.save("toan-van.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc
