"""An image whose original is cut short or gone, with its renditions gone too,
never takes a page or the API down: a placeholder is shown, the fault is
logged once (docs/images.md)."""

import io
import logging

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image as PILImage

from cms.models import Rendition
from tests import factories

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def truncate(image):
    """Cut the original short, as a failed copy or a full disk leaves it."""
    with image.file.storage.open(image.file.name, "rb") as stored:
        data = stored.read()
    name = image.file.name
    image.file.storage.delete(name)
    image.file.storage.save(name, ContentFile(data[: len(data) // 3]))


def remove(image):
    image.file.storage.delete(image.file.name)


def break_image(image, how):
    Rendition.objects.filter(image=image).delete()
    how(image)


@pytest.fixture
def broken_article(news_index):
    image = factories.ImageFactory()
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        slug="anh-hong",
        hero_image=image,
        body=[
            {"type": "paragraph", "value": "<p>Nội dung.</p>"},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Ảnh", "decorative": False},
            },
        ],
    )
    return article, image


@pytest.mark.parametrize("how", [truncate, remove], ids=["truncated", "missing"])
def test_a_broken_image_shows_a_placeholder_on_every_route(
    client, broken_article, how, caplog
):
    article, image = broken_article
    break_image(image, how)
    urls = [
        "/",
        "/tin-tuc/",
        "/tin-tuc/anh-hong/",
        "/tin-tuc/feed/",
        "/api/v2/pages/?type=news.NewsArticlePage&fields=hero_image,body",
        f"/api/v2/pages/{article.pk}/",
        f"/api/v2/images/{image.pk}/",
    ]
    with caplog.at_level(logging.WARNING):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
    article_html = client.get("/tin-tuc/anh-hong/").content.decode()
    assert "image-unavailable" in article_html
    reports = [r for r in caplog.records if f"image {image.pk}" in r.getMessage()]
    assert len(reports) == 1, [r.getMessage() for r in caplog.records]


def test_the_admin_lists_and_opens_a_truncated_image(admin_client, broken_article):
    _article, image = broken_article
    break_image(image, truncate)
    assert admin_client.get("/admin/images/").status_code == 200
    assert admin_client.get(f"/admin/images/{image.pk}/").status_code == 200


def test_the_dashboard_lists_a_broken_image_until_it_is_uploaded_again(
    client, admin_client, broken_article
):
    _article, image = broken_article
    assert "Ảnh không hiển thị được" not in admin_client.get("/admin/").content.decode()
    break_image(image, truncate)
    for _ in range(2):
        assert client.get("/tin-tuc/anh-hong/").status_code == 200

    dashboard = admin_client.get("/admin/").content.decode()
    assert "Ảnh không hiển thị được" in dashboard
    assert f'href="/admin/images/{image.pk}/"' in dashboard
    # Reported once, in the site's history too.
    history = admin_client.get("/admin/reports/site-history/").content.decode()
    assert history.count("Không đọc được tệp gốc") == 1

    # The officer uploads the original again: the report is settled.
    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": image.title,
            "collection": image.collection_id,
            "file": SimpleUploadedFile("anh-goc.png", png()),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert "Ảnh không hiển thị được" not in admin_client.get("/admin/").content.decode()
