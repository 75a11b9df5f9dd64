"""The image pipeline as a visitor and an app see it: one picture component,
renditions made at publication, no EXIF in any rendition (docs/images.md)."""

import io

from django.core.files.images import ImageFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from cms.images import RESPONSIVE_WIDTHS, image_api_representation, picture_specs
from cms.models import Rendition
from tests import factories

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def picture_of(image, **context):
    html = render_to_string(
        "components/picture.html", {"image": image, "alt": "", **context}
    )
    return BeautifulSoup(html, "html.parser").picture


def widths(srcset):
    return [int(item.split()[1].rstrip("w")) for item in srcset.split(", ")]


def photo_with_gps(width=1600, height=900, orientation=6):
    """A camera JPEG: GPS position, maker, and rotated 90° by its EXIF."""
    exif = PILImage.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Camera maker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.0)
    gps[3] = "E"
    gps[4] = (105.0, 51.0, 0.0)
    buffer = io.BytesIO()
    # Red on the left half: where it ends up shows the orientation was applied.
    image = PILImage.new("RGB", (width, height), (255, 255, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height))
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return ImageFile(buffer, name="gps.jpg")


@pytest.mark.django_db
def test_picture_offers_avif_then_webp_and_falls_back_to_the_original_format(
    settings,
):
    settings.PORTAL_PICTURE_FORMATS = ["avif", "webp"]
    image = factories.ImageFactory(file=factories.image_file(1300, 900))

    picture = picture_of(image)

    sources = picture.find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    for source in sources:
        # Never wider than the original: no 1600 candidate for 1300 px.
        assert widths(source["srcset"]) == [400, 800, 1200]
    img = picture.img
    assert img["src"].endswith(".jpg")
    assert widths(img["srcset"]) == [400, 800, 1200]
    assert sources[0]["srcset"].split(", ")[0].split()[0].endswith(".avif")


@pytest.mark.django_db
def test_png_falls_back_to_png_and_a_large_original_gets_all_widths():
    image = factories.ImageFactory(
        file=factories.image_file(2000, 1000, name="map.png", fmt="PNG")
    )

    picture = picture_of(image)

    assert widths(picture.source["srcset"]) == list(RESPONSIVE_WIDTHS)
    assert picture.img["src"].endswith(".png")


@pytest.mark.django_db
def test_small_original_is_offered_at_its_own_width_only():
    image = factories.ImageFactory(file=factories.image_file(300, 200))

    picture = picture_of(image)

    assert widths(picture.source["srcset"]) == [300]
    assert (picture.img["width"], picture.img["height"]) == ("300", "200")


@pytest.mark.django_db
def test_picture_has_intrinsic_size_lazy_loading_and_the_images_alt_text():
    image = factories.ImageFactory(
        file=factories.image_file(1200, 800), description="Chủ tịch phát biểu"
    )

    img = picture_of(image).img

    # The fallback's own size gives the browser the aspect ratio.
    assert (img["width"], img["height"]) == ("800", "533")
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"
    assert "fetchpriority" not in img.attrs
    assert img["alt"] == "Chủ tịch phát biểu"


@pytest.mark.django_db
def test_hero_picture_loads_eagerly_with_high_priority():
    image = factories.ImageFactory(file=factories.image_file(800, 600))

    img = picture_of(image, eager=True).img

    assert img["loading"] == "eager"
    assert img["fetchpriority"] == "high"


@pytest.mark.django_db
def test_decorative_image_has_empty_alt_and_others_never_do():
    image = factories.ImageFactory(
        file=factories.image_file(800, 600), description="", title="Hội nghị"
    )

    assert picture_of(image, decorative=True).img["alt"] == ""
    # Without a description the title stands in: alt is never empty by accident.
    assert picture_of(image).img["alt"] == "Hội nghị"


@pytest.mark.django_db
def test_api_renditions_are_the_pictures_webp_source():
    image = factories.ImageFactory(file=factories.image_file(1300, 900))

    api = image_api_representation(image)

    assert [r["width"] for r in api["renditions"]] == [400, 800, 1200]
    webp = picture_of(image).find("source", type="image/webp")["srcset"]
    for rendition in api["renditions"]:
        path = rendition["url"].removeprefix("http://example.gov.vn")
        assert f"{path} {rendition['width']}w" in webp


@pytest.mark.django_db
def test_renditions_are_upright_and_carry_no_exif_or_gps(settings):
    settings.PORTAL_PICTURE_FORMATS = ["avif", "webp"]
    image = factories.ImageFactory(file=photo_with_gps())
    # The original keeps its metadata (it is the archive); renditions do not.
    with image.open_file() as original:
        assert PILImage.open(original).getexif().get_ifd(GPS_IFD)

    specs = [spec for group in picture_specs(image).values() for spec in group]
    renditions = image.get_renditions(*specs)

    assert {spec.split("|")[1] for spec in specs} == {
        "format-avif",
        "format-webp",
        "format-jpeg",
    }
    for rendition in renditions.values():
        with rendition.file.open() as file:
            data = file.read()
        made = PILImage.open(io.BytesIO(data))
        assert not made.getexif(), rendition.filter_spec
        assert "exif" not in made.info and "xmp" not in made.info
        assert b"Camera maker" not in data
        # Orientation 6 turns 1600x900 into a portrait whose top is red.
        assert made.height > made.width, rendition.filter_spec
        top = made.convert("RGB").getpixel((made.width // 2, 2))
        bottom = made.convert("RGB").getpixel((made.width // 2, made.height - 3))
        assert top[1] < 60 and bottom[1] > 200, rendition.filter_spec


@pytest.fixture
def published_article(news_index):
    hero = factories.ImageFactory(file=factories.image_file(1700, 1000))
    inline = factories.ImageFactory(file=factories.image_file(900, 600))
    shots = [
        factories.ImageFactory(file=factories.image_file(1000, 700, name="g.png"))
        for _ in range(2)
    ]
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        live=False,
        hero_image=hero,
        body=[
            ("image", {"image": {"image": inline, "alt_text": "Ảnh trong bài"}}),
            ("gallery", {"title": "Ảnh", "images": [{"image": s} for s in shots]}),
        ],
    )
    article.save_revision().publish()
    return article


def test_publishing_makes_every_rendition_the_page_and_api_read(
    client, published_article, news_index
):
    made = Rendition.objects.count()
    assert made > 0

    for url in (
        published_article.url,
        news_index.url,
        "/",
        f"/api/v2/pages/{published_article.pk}/",
        "/api/v2/pages/?type=news.NewsArticlePage&fields=hero_image,thumbnail,body",
    ):
        assert client.get(url).status_code == 200, url

    assert Rendition.objects.count() == made


def test_article_hero_is_eager_and_body_images_lazy(client, published_article):
    soup = BeautifulSoup(client.get(published_article.url).content, "html.parser")

    images = soup.select("main picture img")
    assert images[0]["fetchpriority"] == "high"
    assert all(img["loading"] == "lazy" for img in images[1:])
    assert len(images) == 4
    assert images[1]["alt"] == "Ảnh trong bài"


def test_a_draft_is_not_processed(news_index):
    image = factories.ImageFactory(file=factories.image_file(900, 600))
    article = factories.NewsArticlePageFactory(
        parent=news_index, live=False, hero_image=image
    )

    article.save_revision()

    assert not Rendition.objects.filter(image=image).exists()


def test_a_listing_of_20_thumbnails_costs_what_one_does_and_makes_none(
    client, news_index, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

    def publish_articles(count):
        for _ in range(count):
            image = factories.ImageFactory(file=factories.image_file(500, 300))
            article = factories.NewsArticlePageFactory(
                parent=news_index, live=False, hero_image=image
            )
            article.save_revision().publish()

    def listing_queries():
        client.get(news_index.url)  # warms the site root paths
        made = Rendition.objects.count()
        with CaptureQueriesContext(connection) as context:
            response = client.get(news_index.url)
        assert response.status_code == 200
        assert Rendition.objects.count() == made
        return len(context.captured_queries), response

    news_index.page_size = 20
    news_index.save_revision().publish()
    publish_articles(1)
    one, _ = listing_queries()
    publish_articles(19)
    twenty, response = listing_queries()

    assert twenty == one
    cards = BeautifulSoup(response.content, "html.parser").select(".card img")
    assert len(cards) == 20
