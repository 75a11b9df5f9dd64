"""Responsive pictures: candidates that follow the original's width and the
slot's, all made by the publish task, none in a visitor's request
(docs/images.md)."""

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from cms.images import RESPONSIVE_WIDTHS, SLOTS, image_api_representation
from cms.models import Rendition
from tests import factories


def picture_of(image, **context):
    html = render_to_string("components/picture.html", {"image": image, **context})
    return BeautifulSoup(html, "html.parser").picture


def candidates(tag):
    return [int(item.split()[1].rstrip("w")) for item in tag["srcset"].split(", ")]


def every_srcset(picture):
    return [*picture.find_all("source"), picture.img]


@pytest.mark.django_db
def test_a_700_px_photo_is_offered_at_700_px_not_only_400(settings):
    settings.PORTAL_PICTURE_FORMATS = ["avif", "webp"]
    image = factories.ImageFactory(file=factories.image_file(700, 467))

    picture = picture_of(image)

    for tag in every_srcset(picture):
        assert candidates(tag) == [400, 700]
    # The fallback names the sharp one, and its size keeps the aspect ratio.
    assert (picture.img["width"], picture.img["height"]) == ("700", "467")
    assert [r["width"] for r in image_api_representation(image)["renditions"]] == [
        400,
        700,
    ]


@pytest.mark.django_db
def test_a_2000_px_photo_gets_the_standard_steps():
    image = factories.ImageFactory(file=factories.image_file(2000, 1333))

    picture = picture_of(image)

    for tag in every_srcset(picture):
        assert candidates(tag) == list(RESPONSIVE_WIDTHS)


@pytest.mark.django_db
def test_a_width_close_to_a_step_adds_no_candidate():
    # 1300 px against 1200: too close to see, not worth four more files.
    image = factories.ImageFactory(file=factories.image_file(1300, 866))

    assert candidates(picture_of(image).img) == [400, 800, 1200]


@pytest.mark.django_db
@pytest.mark.parametrize("width", [250, 420, 480, 700, 950, 1300, 1500, 1700])
@pytest.mark.parametrize("slot", sorted(SLOTS))
def test_no_candidate_is_wider_than_the_original(width, slot):
    image = factories.ImageFactory(file=factories.image_file(width, width // 2))

    picture = picture_of(image, slot=slot)

    for tag in every_srcset(picture):
        assert max(candidates(tag)) <= width
    assert int(picture.img["width"]) <= width


@pytest.mark.django_db
def test_each_slot_gives_its_sizes_and_only_the_widths_it_can_use():
    image = factories.ImageFactory(file=factories.image_file(2000, 1333))

    thumbnail = picture_of(image, slot="thumbnail")
    card = picture_of(image, slot="card")

    # A 6rem thumbnail is 192 device pixels on a 2x phone: 400 covers it.
    assert candidates(thumbnail.img) == [400]
    assert thumbnail.img["sizes"] == thumbnail.source["sizes"] == "6rem"
    assert card.img["sizes"] == SLOTS["card"].sizes
    # A card is a phone's whole width: 1216 device pixels at 2x.
    assert candidates(card.img) == list(RESPONSIVE_WIDTHS)


@pytest.fixture
def old_portal_pages(news_index, official_index):
    """Published pages whose photos are an old portal's sizes (400-800 px)."""
    official = factories.OfficialPageFactory(
        parent=official_index,
        live=False,
        photo=factories.ImageFactory(file=factories.image_file(600, 800)),
    )
    official.save_revision().publish()
    articles = []
    for width in (700, 2000):
        article = factories.NewsArticlePageFactory(
            parent=news_index,
            live=False,
            hero_image=factories.ImageFactory(file=factories.image_file(width, 450)),
            body=[
                (
                    "image",
                    {
                        "image": {
                            "image": factories.ImageFactory(
                                file=factories.image_file(480, 360)
                            ),
                            "alt_text": "Ảnh trong bài",
                        }
                    },
                )
            ],
        )
        article.save_revision().publish()
        articles.append(article)
    return [*articles, official]


def test_pages_ask_only_for_renditions_the_publish_task_made(
    client, old_portal_pages, news_index, official_index
):
    made = {
        rendition.url: rendition.filter_spec
        for rendition in Rendition.objects.select_related("image")
    }
    urls = [page.url for page in old_portal_pages]
    urls += [news_index.url, official_index.url, "/"]

    asked = set()
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            for picture in BeautifulSoup(response.content, "html.parser").select(
                "main picture"
            ):
                for tag in every_srcset(picture):
                    asked.update(item.split()[0] for item in tag["srcset"].split(", "))

    assert asked, "the pages show pictures"
    assert asked <= set(made), sorted(asked - set(made))
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if Rendition._meta.db_table in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert not writes
    # The 700-px hero and the 480-px body image are offered at their width.
    assert {"width-700|format-jpeg", "width-480|format-jpeg"} <= {
        made[url] for url in asked
    }


@pytest.mark.django_db
def test_a_template_naming_no_known_slot_is_told_which_exist():
    image = factories.ImageFactory(file=factories.image_file(800, 600))

    with pytest.raises(ValueError, match="no picture slot 'hero'; slots: column"):
        picture_of(image, slot="hero")
