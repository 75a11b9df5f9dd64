"""Documents are what their extension says and no larger than the limit;
absurd rendition specs are refused (docs/security.md, "Uploads")."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest
from openpyxl import Workbook

from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"
MISMATCH = "không phải là tệp .pdf"


def zipped(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def upload_single(client, name, content):
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Văn bản", "file": SimpleUploadedFile(name, content)},
    )
    if response.status_code == 302:
        return True, ""
    assert response.status_code == 200
    return False, " ".join(str(e) for e in response.context["form"].errors["file"])


def upload_multiple(client, name, content):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    data = response.json()
    return data["success"], data.get("error_message", "")


@pytest.fixture(params=[upload_single, upload_multiple], ids=["add", "multiple"])
def upload(request, admin_client):
    return lambda name, content: request.param(admin_client, name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("quyet-dinh.pdf", PDF),
        ("bang-tinh.xlsx", xlsx()),
        ("ho-so.zip", zipped(("to-trinh.pdf", PDF), ("bang.xlsx", xlsx()))),
        ("ghi-chu.txt", "Thông báo lịch tiếp công dân.".encode()),
    ],
)
def test_real_documents_are_accepted(upload, name, content):
    accepted, error = upload(name, content)
    assert accepted, error


@pytest.mark.parametrize(
    "content",
    [HTML, zipped(("index.html", HTML))],
    ids=["html", "zip"],
)
def test_html_or_zip_named_pdf_is_refused_in_vietnamese(upload, content):
    accepted, error = upload("quyet-dinh.pdf", content)
    assert not accepted
    assert MISMATCH in error
    assert not get_document_model().objects.exists()


def test_a_zip_named_docx_without_a_word_document_is_refused(upload):
    accepted, error = upload("to-trinh.docx", zipped(("a.txt", "x")))
    assert not accepted
    assert "không phải là tệp .docx" in error


def test_a_zip_holding_a_web_page_or_a_program_is_refused(upload):
    accepted, error = upload("ho-so.zip", zipped(("a.pdf", PDF), ("trang.html", HTML)))
    assert not accepted
    assert "trang.html" in error


def test_a_document_over_twenty_megabytes_is_refused(admin_client):
    accepted, error = upload_single(
        admin_client, "lon.zip", zipped(("a.pdf", PDF)) + b"\0" * (21 * 1024 * 1024)
    )
    assert not accepted
    assert "20,0" in error or "20.0" in error, error


@pytest.mark.parametrize(
    "spec",
    [
        "fill-0x0",
        "fill-10x0",
        "width-0",
        "max-99999x99999",
        "scale-100000",
        "|".join(["max-4000x4000", "min-3999x3999"] * 25),
    ],
    ids=["fill-0x0", "fill-10x0", "width-0", "max-99999", "scale-100000", "chain"],
)
def test_absurd_rendition_specs_answer_400(admin_client, spec):
    image = factories.ImageFactory()
    response = admin_client.get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 400


def test_a_sensible_preview_still_renders(admin_client):
    image = factories.ImageFactory()
    for spec in ("fill-100x80", "width-300|fill-100x80"):
        response = admin_client.get(f"/admin/images/{image.pk}/preview/{spec}/")
        assert response.status_code == 200, spec
