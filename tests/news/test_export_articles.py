import datetime
import hashlib
import io
import json
import re
import zoneinfo

from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest
from PIL import Image as PILImage
from taggit.models import Tag

from cms.models import CustomImage
from news.models import Category, NewsArticlePage
from tests import factories
from tests.conftest import restrict

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English messages, whatever the translations say.
    with translation.override("en"):
        yield


def export(path, *args):
    out = io.StringIO()
    call_command("export_articles", str(path), *args, stdout=out)
    return out.getvalue()


def import_(path, *args):
    out = io.StringIO()
    call_command("import_articles", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def file_digest(image):
    with image.open_file() as handle:
        return hashlib.sha1(handle.read()).hexdigest()  # noqa: S324


def image_view(value):
    return (
        file_digest(value["image"]),
        value.caption_text,
        value.alt_text,
        value.credit_text,
        value["image"].decorative,
    )


def block_view(block):
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return kind, re.sub(r' data-block-key="[^"]*"', "", value.source)
    if kind == "notice":
        return kind, value["kind"], value["text"].source
    if kind == "image":
        return kind, image_view(value)
    if kind == "gallery":
        return kind, value["title"], [image_view(item) for item in value["images"]]
    if kind == "video":
        return kind, value["video"].url, value["caption"]
    if kind == "table":
        return (
            kind,
            value["table_caption"],
            value["first_row_is_table_header"],
            value["data"],
        )
    return kind, dict(value)


def article_view(page):
    """What a reader sees of an article, without database ids."""
    hero = page.hero_image
    return {
        "title": page.title,
        "slug": page.slug,
        "date": page.date,
        "summary": page.summary,
        "author": page.author,
        "source": page.source,
        "source_url": page.source_url,
        "featured": page.featured,
        "live": page.live,
        "category": page.category.name if page.category else None,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "hero": hero and (file_digest(hero), page.caption, hero.alt_text, hero.credit),
        "body": [block_view(block) for block in page.body],
    }


def site_view():
    return [article_view(page) for page in NewsArticlePage.objects.order_by("slug")]


def image_block(image, **texts):
    return {
        "type": "image",
        "value": {
            "image": {
                "image": image.pk,
                "alt_text": texts.get("alt", ""),
                "decorative": texts.get("decorative", False),
            },
            "caption": texts.get("caption", ""),
            "credit": texts.get("credit", ""),
        },
    }


@pytest.fixture
def articles(news_index):
    """A full article and a bare one, as editors made them."""
    colors = iter([(250, 0, 0), (0, 250, 0), (0, 0, 250), (90, 90, 0)])

    def picture(**fields):
        # Distinct pixels: the import would rightly merge identical files.
        buffer = io.BytesIO()
        PILImage.new("RGB", (80, 60), next(colors)).save(buffer, format="JPEG")
        return factories.ImageFactory(file=ImageFile(buffer, name="anh.jpg"), **fields)

    hero = picture(caption="Quang cảnh", description="Hội trường", credit="Hùng")
    inline = picture(caption="Chủ tịch phát biểu", description="", credit="")
    g1, g2 = picture(), picture()
    full = factories.NewsArticlePageFactory(
        parent=news_index,
        slug="bai-day-du",
        title="Bài đầy đủ",
        date=datetime.datetime(2022, 6, 23, 8, 30, tzinfo=HANOI),
        summary="Tóm tắt.",
        author="Thị Thoang",
        source="Báo Nhân Dân",
        source_url="https://nhandan.vn/bai-1",
        featured=True,
        category=factories.CategoryFactory(name="Kinh tế"),
        hero_image=hero,
        hero_caption="",
        body=[
            {
                "type": "paragraph",
                "value": '<p>Mở <b>đầu</b> <a href="https://example.gov.vn/">liên kết</a>.</p>'
                "<ul><li>một</li><li>hai</li></ul>",
            },
            {"type": "heading", "value": {"text": "Kết quả", "level": "h3"}},
            image_block(inline, alt="Ông Nguyễn Văn A phát biểu"),
            image_block(g1, decorative=True),
            {"type": "quote", "value": {"text": "Dân là gốc.", "attribution": "Bác"}},
            {
                "type": "gallery",
                "value": {
                    "title": "Hình ảnh",
                    "images": [
                        image_block(g1, caption="Một")["value"],
                        image_block(g2, caption="Hai")["value"],
                    ],
                },
            },
            {
                "type": "notice",
                "value": {"kind": "info", "text": "<p>Lưu ý <i>kỹ</i></p>"},
            },
            {
                "type": "table",
                "value": {
                    "table_caption": "Số liệu",
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "data": [["Năm", "Số"], ["2022", None]],
                },
            },
            {
                "type": "video",
                "value": {
                    "video": "https://www.youtube.com/watch?v=abc",
                    "caption": "Clip",
                },
            },
        ],
    )
    full.tags.add("kinh tế", "hội nghị")
    full.save_revision().publish()
    bare = factories.NewsArticlePageFactory(
        parent=news_index,
        slug="bai-ngan",
        title="Bài ngắn",
        date=datetime.datetime(2019, 1, 2, tzinfo=HANOI),
        summary="",
        author="",
    )
    return full, bare


def empty_the_site():
    NewsArticlePage.objects.all().delete()
    CustomImage.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()


@pytest.mark.django_db
def test_export_then_import_into_an_empty_site_reproduces_the_articles(
    articles, tmp_path
):
    before = site_view()
    path = tmp_path / "export" / "articles.jsonl"
    path.parent.mkdir()

    out = export(path)
    empty_the_site()
    result = import_(path)

    assert "2 articles written" in out
    assert "created: 2, updated: 0, skipped: 0, failed: 0" in result
    assert site_view() == before
    assert CustomImage.objects.count() == 4


@pytest.mark.django_db
def test_importing_an_export_of_the_same_site_changes_nothing(articles, tmp_path):
    path = tmp_path / "articles.jsonl"
    export(path)
    empty_the_site()
    import_(path)
    again = tmp_path / "again" / "articles.jsonl"
    again.parent.mkdir()
    export(again)

    result = import_(again)

    assert "created: 0, updated: 0, skipped: 2, failed: 0" in result


@pytest.mark.django_db
def test_export_leaves_out_drafts_and_private_articles(news_index, tmp_path):
    factories.NewsArticlePageFactory(parent=news_index, title="Công khai")
    factories.NewsArticlePageFactory(parent=news_index, title="Nháp", live=False)
    secret = factories.NewsArticlePageFactory(parent=news_index, title="Riêng tư")
    restrict(secret, PageViewRestriction.LOGIN)
    path = tmp_path / "a.jsonl"

    out = export(path)

    titles = [json.loads(line)["title"] for line in path.read_text().splitlines()]
    assert titles == ["Công khai"]
    assert "2 draft or private articles were not exported" in out


@pytest.mark.django_db
def test_export_names_the_blocks_it_cannot_write(news_index, official_index, tmp_path):
    official = factories.OfficialPageFactory(parent=official_index)
    factories.NewsArticlePageFactory(
        parent=news_index,
        body=[
            {"type": "paragraph", "value": "<p>Giữ</p>"},
            {"type": "mention", "value": {"person": official.pk}},
        ],
    )
    path = tmp_path / "a.jsonl"

    out = export(path)

    assert '1 "mention" blocks were left out' in out
    line = json.loads(path.read_text())
    assert line["body"] == [{"type": "paragraph", "value": "<p>Giữ</p>"}]


@pytest.mark.django_db
def test_export_never_overwrites_a_file(news_index, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("earlier export")

    with pytest.raises(CommandError, match="already exists"):
        export(path)
    assert path.read_text() == "earlier export"
