"""Body images without alt text stop publication unless marked decorative."""

from django.utils import translation

import pytest

from editorial import checks
from tests import factories
from tests.editorial.conftest import as_user, draft_article, edit_form_data, edit_url


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


def posted_image_block(image, alt_text="", decorative=False):
    """The page editor's form fields for a body of one image block."""
    data = {
        "body-count": "1",
        "body-0-type": "image",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "0b1c",
        "body-0-value-image-image": str(image.pk),
        "body-0-value-image-alt_text": alt_text,
        "body-0-value-caption": "Quang cảnh hội nghị.",
        "body-0-value-credit": "",
    }
    if decorative:
        data["body-0-value-image-decorative"] = "on"
    return data


def publish_with(client, page, user, **fields):
    as_user(client, user)
    return client.post(
        edit_url(page), edit_form_data(page, user, **{"action-publish": "1"}, **fields)
    )


@pytest.mark.parametrize(
    ("alt_text", "decorative"), [("Đại biểu dự hội nghị", False), ("", True)]
)
def test_officer_publishes_a_body_image_from_the_editor(
    client, sections, approver, alt_text, decorative
):
    page = draft_article(sections["news"], approver)
    image = factories.ImageFactory(description="")

    publish_with(
        client, page, approver, **posted_image_block(image, alt_text, decorative)
    )

    page.refresh_from_db()
    assert page.live
    value = page.body[0].value
    assert value["image"].pk == image.pk
    assert value["image"].contextual_alt_text == alt_text
    assert value["image"].decorative is decorative
    assert value["caption"] == "Quang cảnh hội nghị."


def test_body_image_with_its_alt_text_cleared_is_not_published_from_the_editor(
    client, sections, approver
):
    page = draft_article(sections["news"], approver)
    image = factories.ImageFactory(description="Hội trường")

    response = publish_with(client, page, approver, **posted_image_block(image))

    assert "Please add some alt text" in response.content.decode()
    page.refresh_from_db()
    assert not page.live
