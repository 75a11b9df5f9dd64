"""A commune's images and files stay on its own portal: its API and search
never list another commune's; the province's API lists every portal's."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from cms.models import SiteSettings
from tests import factories


@pytest.fixture
def collections(portals):
    root = Collection.get_first_root_node()
    made = {}
    for key in ("a", "b"):
        made[key] = root.add_child(name=f"Xã {key.upper()}")
        settings = SiteSettings.objects.get(site=portals.sites[key])
        settings.collection = made[key]
        settings.save()  # the portals' directory hears of it
    return made


@pytest.fixture
def images(collections):
    return {
        "a": factories.ImageFactory(title="Ảnh xã A", collection=collections["a"]),
        "b": factories.ImageFactory(title="Ảnh xã B", collection=collections["b"]),
        "shared": factories.ImageFactory(title="Ảnh chung"),
    }


def titles(client, host, endpoint="images"):
    response = client.get(f"/api/v2/{endpoint}/?fields=title", HTTP_HOST=host)
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def test_a_communes_api_lists_its_own_and_shared_images_only(client, images):
    assert titles(client, "xa-a.localhost") == {"Ảnh xã A", "Ảnh chung"}
    assert titles(client, "xa-b.localhost") == {"Ảnh xã B", "Ảnh chung"}


def test_another_communes_image_is_not_found_on_this_portal(client, images):
    url = f"/api/v2/images/{images['b'].pk}/"
    assert client.get(url, HTTP_HOST="xa-a.localhost").status_code == 404
    assert client.get(url, HTTP_HOST="xa-b.localhost").status_code == 200


def test_the_province_lists_every_portals_images(client, images):
    assert titles(client, "localhost") == {"Ảnh xã A", "Ảnh xã B", "Ảnh chung"}


def test_a_communes_search_never_finds_another_communes_files(client, collections):
    Document = get_document_model()
    for key in ("a", "b"):
        Document.objects.create(
            title=f"Biểu mẫu đăng ký xã {key.upper()}",
            file=ContentFile(b"x", name="a.pdf"),
            collection=collections[key],
        )
    found = client.get("/search/?q=bieu+mau", HTTP_HOST="xa-a.localhost")
    html = found.content.decode()
    # Titles come back with the matched words marked.
    assert "đăng ký xã A" in html
    assert "đăng ký xã B" not in html
