"""Body images without alt text stop publication unless marked decorative."""

from django.utils import translation

import pytest

from editorial import checks
from tests import factories


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def article_with(news_index, *blocks):
    return factories.NewsArticlePageFactory(
        parent=news_index, live=False, summary="Tóm tắt", body=list(blocks)
    )


def alt_problems(page):
    return [p for p in checks.problems(page) if "alternative text" in p]


def test_body_image_without_any_alt_text_is_reported(news_index):
    bare = factories.ImageFactory(description="")
    page = article_with(news_index, ("image", {"image": bare}))

    assert alt_problems(page) == [
        "An image in the body has no alternative text: describe it in the "
        "block's “Alt text” or tick “Image is decorative” if it adds nothing."
    ]


def test_gallery_images_are_counted(news_index):
    bare = factories.ImageFactory(description="")
    page = article_with(
        news_index,
        ("gallery", {"images": [{"image": bare}, {"image": bare}]}),
    )

    assert alt_problems(page)[0].startswith("2 images in the body")


def test_decorative_images_and_alt_text_from_block_or_image_pass(news_index):
    bare, also_bare = factories.ImageFactory.create_batch(2, description="")
    described = factories.ImageFactory(description="Hội trường")
    page = article_with(
        news_index,
        ("image", {"image": {"image": bare, "decorative": True}}),
        ("image", {"image": {"image": also_bare, "alt_text": "Quang cảnh hội nghị"}}),
        ("image", {"image": described}),
    )

    assert alt_problems(page) == []


def test_event_body_images_are_checked_too(event_index):
    bare = factories.ImageFactory(description="")
    event = factories.EventPageFactory(
        parent=event_index, live=False, body=[("image", {"image": bare})]
    )

    assert alt_problems(event)
