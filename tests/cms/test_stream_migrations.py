"""Image blocks stored by our former block move to Wagtail's ImageBlock, and
back, with every caption, credit, alt text and decorative flag: on the page
and in its revisions (news/ and publications/ migrations 0003)."""

import copy
import json

from django.db import connection
from django.db.migrations.loader import MigrationLoader

import pytest
from bs4 import BeautifulSoup

from cms.stream_migrations import MigrateImageBlocks, from_figure, to_figure
from news.models import NewsArticlePage
from publications.models import PublicationPage
from tests import factories


@pytest.fixture
def images(db):
    return {
        "speaker": factories.ImageFactory(
            description="Ông Hòa", caption="Chủ tịch phát biểu.", credit="Thị Thoang"
        ),
        "drum": factories.ImageFactory(description="Hoa văn trống đồng"),
        "hall": factories.ImageFactory(description="Hội trường"),
        "bare": factories.ImageFactory(description="", title="IMG_0042"),
    }


def old_figure(image, alt="", decorative=False, caption="", credit=""):
    return {
        "image": image.pk,
        "caption": caption,
        "credit": credit,
        "alt": alt,
        "decorative": decorative,
    }


def old_body(images):
    """A body as our former image block stored it."""
    return [
        {"type": "paragraph", "value": "<p>Mở đầu.</p>", "id": "p1"},
        {
            "type": "image",
            "id": "i1",
            "value": old_figure(
                images["speaker"],
                alt="Ông Nguyễn Văn Hòa phát biểu",
                credit="Báo xã",
            ),
        },
        {
            "type": "image",
            "id": "i2",
            "value": old_figure(images["drum"], alt="Trống", decorative=True),
        },
        {
            "type": "gallery",
            "id": "g1",
            "value": {
                "title": "Hình ảnh",
                "images": [
                    {
                        "type": "item",
                        "id": "g1a",
                        "value": old_figure(images["hall"], caption="Toàn cảnh"),
                    },
                    {"type": "item", "id": "g1b", "value": old_figure(images["bare"])},
                ],
            },
        },
        # A draft may hold a gallery with no image yet.
        {"type": "gallery", "id": "g2", "value": {"title": "", "images": []}},
    ]


def new_figure(image, alt="", decorative=False, caption="", credit=""):
    return {
        "image": {"image": image.pk, "alt_text": alt, "decorative": decorative},
        "caption": caption,
        "credit": credit,
    }


def new_body(images):
    body = old_body(images)
    body[1]["value"] = new_figure(
        images["speaker"], alt="Ông Nguyễn Văn Hòa phát biểu", credit="Báo xã"
    )
    body[2]["value"] = new_figure(images["drum"], alt="Trống", decorative=True)
    gallery = body[3]["value"]["images"]
    # No alt text of its own: the description it showed is filled in.
    gallery[0]["value"] = new_figure(
        images["hall"], alt="Hội trường", caption="Toàn cảnh"
    )
    gallery[1]["value"] = new_figure(images["bare"])
    return body


def run_migration(app_label, name, backwards=False):
    """The data operations of a migration, run on the models of its state."""
    loader = MigrationLoader(connection)
    migration = loader.get_migration(app_label, name)
    apps = loader.project_state((app_label, name)).apps
    operations = [
        op for op in migration.operations if isinstance(op, MigrateImageBlocks)
    ]
    assert operations
    for operation in operations:
        code = operation.reverse_code if backwards else operation.code
        code(apps, None)


def store_old_body(page, body):
    """Write `body` as raw JSON on the page and on each of its revisions."""
    type(page).objects.filter(pk=page.pk).update(body=body)
    for revision in page.revisions.all():
        revision.content["body"] = json.dumps(body)
        revision.save(update_fields=["content"])


def stored(page):
    page = type(page).objects.get(pk=page.pk)
    revisions = [
        json.loads(revision.content["body"]) for revision in page.revisions.all()
    ]
    return list(page.body.raw_data), revisions


@pytest.fixture
def article(news_index, images):
    page = factories.NewsArticlePageFactory(parent=news_index, title="Hội nghị")
    page.save_revision().publish()
    page.title = "Hội nghị (bản nháp)"
    page.save_revision()
    store_old_body(page, old_body(images))
    return page


def test_news_bodies_and_their_revisions_keep_every_image_text(article, images):
    run_migration("news", "0003_wagtail_image_block")

    body, revisions = stored(article)
    assert body == new_body(images)
    assert revisions == [new_body(images), new_body(images)]


def test_migrated_article_shows_the_same_figures(client, article, images):
    run_migration("news", "0003_wagtail_image_block")

    response = client.get(article.url)
    figures = BeautifulSoup(response.content, "html.parser").select(
        "main figure.block-image"
    )
    assert [figure.img["alt"] for figure in figures] == [
        "Ông Nguyễn Văn Hòa phát biểu",
        "",
        "Hội trường",
        "IMG_0042",
    ]
    assert figures[0].figcaption.get_text(" ", strip=True) == (
        "Chủ tịch phát biểu. (Báo xã)"
    )
    # No credit of its own: the image's (the factory's) shows, as before.
    assert figures[2].figcaption.get_text(" ", strip=True) == "Toàn cảnh (Thị Thoang)"

    value = NewsArticlePage.objects.get(pk=article.pk).body[3].value
    assert value["images"][0]["image"].contextual_alt_text == "Hội trường"


def test_migrating_twice_changes_nothing(article, images):
    run_migration("news", "0003_wagtail_image_block")
    run_migration("news", "0003_wagtail_image_block")

    assert stored(article)[0] == new_body(images)


def test_migrating_back_restores_the_former_blocks(article, images):
    run_migration("news", "0003_wagtail_image_block")
    run_migration("news", "0003_wagtail_image_block", backwards=True)

    expected = old_body(images)
    # The description filled in on the way forward stays as the block's own.
    expected[3]["value"]["images"][0]["value"]["alt"] = "Hội trường"
    body, revisions = stored(article)
    assert body == expected
    assert revisions == [expected, expected]


def test_publication_bodies_are_migrated(home_page, images):
    register = factories.PublicationIndexPageFactory(parent=home_page)
    page = factories.PublicationPageFactory(parent=register)
    page.save_revision()
    store_old_body(page, old_body(images))

    run_migration("publications", "0003_wagtail_image_block")

    assert stored(page) == (new_body(images), [new_body(images)])
    loaded = PublicationPage.objects.get(pk=page.pk).body[1].value
    assert loaded["image"].contextual_alt_text == "Ông Nguyễn Văn Hòa phát biểu"
    assert loaded.credit_text == "Báo xã"


def test_values_that_are_not_image_blocks_are_left_alone():
    odd = [None, "text", ["list"]]
    assert [to_figure(copy.deepcopy(v), {}) for v in odd] == odd
    assert [from_figure(copy.deepcopy(v)) for v in odd] == odd
