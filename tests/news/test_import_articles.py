import datetime
import io
import json
import os
import zoneinfo

from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from wagtail.models import Page, ReferenceIndex, Revision

import pytest
from PIL import Image as PILImage

from cms import importing
from cms.models import CustomImage, Rendition
from news.management.commands import import_articles
from news.models import Category, NewsArticlePage, NewsIndexPage
from tests import factories

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English messages, whatever the translations say.
    with translation.override("en"):
        yield


def write_lines(folder, *lines, name="articles.jsonl"):
    """A JSON Lines file: dicts are dumped, strings written as they are."""
    path = folder / name
    with path.open("w", encoding="utf-8") as handle:
        for line in lines:
            text = (
                line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
            )
            handle.write(text + "\n")
    return path


def photo(folder, name="photo.jpg", color=(200, 40, 40), size=(64, 48), fmt="JPEG"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, color).save(path, format=fmt)
    return path


def article(**fields):
    return {"title": "Hội nghị sơ kết", "date": "2022-06-23", **fields}


class Result:
    def __init__(self, out, err, error):
        self.out, self.err, self.error = out, err, error

    @property
    def failed(self):
        return self.error is not None


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return Result(out.getvalue(), err.getvalue(), error)
    return Result(out.getvalue(), err.getvalue(), None)


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": CustomImage.objects.count(),
        "categories": Category.objects.count(),
    }


def stored_files():
    from django.conf import settings

    folder = settings.MEDIA_ROOT / "original_images"
    return sorted(os.listdir(folder)) if folder.exists() else []


# Every field --------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_a_published_article_with_every_field(news_index, tmp_path):
    photo(tmp_path, "photos/hero.jpg", color=(10, 20, 30))
    photo(tmp_path, "photos/inline.png", color=(30, 20, 10), fmt="PNG")
    photo(tmp_path, "photos/g1.jpg", color=(1, 2, 3))
    photo(tmp_path, "photos/g2.jpg", color=(3, 2, 1))
    line = {
        "title": "Hội nghị sơ kết 6 tháng đầu năm",
        "date": "2022-06-23T08:30:00+07:00",
        "slug": "hoi-nghi-so-ket",
        "summary": "Sáng 23/6, UBND xã tổ chức hội nghị.",
        "author": "Thị Thoang",
        "source": "Cổng thông tin huyện cũ",
        "source_url": "https://old.example.gov.vn/tin/123",
        "category": "Tin tức - Sự kiện",
        "tags": ["hội nghị", "sơ kết"],
        "featured": True,
        "hero_image": {
            "file": "photos/hero.jpg",
            "caption": "Quang cảnh hội nghị.",
            "alt": "Đại biểu dự hội nghị",
            "credit": "Văn Hùng",
        },
        "body": [
            {"type": "paragraph", "value": "<p>Đoạn <b>một</b>.</p>"},
            "Đoạn hai là chuỗi.",
            {"type": "heading", "value": "Kết quả"},
            {"type": "heading", "value": {"text": "Chi tiết", "level": "h3"}},
            {
                "type": "image",
                "value": {
                    "file": "photos/inline.png",
                    "caption": "Chủ tịch phát biểu.",
                    "alt": "Chủ tịch UBND xã phát biểu",
                },
            },
            {
                "type": "quote",
                "value": {"text": "Dân biết, dân bàn.", "attribution": "Bác Hồ"},
            },
            {
                "type": "gallery",
                "value": {
                    "title": "Ảnh",
                    "images": [{"file": "photos/g1.jpg"}, {"file": "photos/g2.jpg"}],
                },
            },
            {
                "type": "notice",
                "value": {"kind": "warning", "text": "Hạn chót <b>30/6</b>"},
            },
            {
                "type": "table",
                "value": {
                    "caption": "Chỉ tiêu",
                    "first_row_is_header": True,
                    "data": [["Chỉ tiêu", "Kết quả"], ["Thu ngân sách", "105%"]],
                },
            },
            {"type": "video", "value": {"url": "https://www.youtube.com/watch?v=abc"}},
        ],
    }
    result = run(write_lines(tmp_path, line))

    assert not result.failed, result.err
    assert "created: 1, updated: 0, skipped: 0, failed: 0" in result.out
    page = NewsArticlePage.objects.child_of(news_index).get()
    assert page.live and not page.has_unpublished_changes
    assert page.title == line["title"]
    assert page.slug == "hoi-nghi-so-ket"
    published = datetime.datetime(2022, 6, 23, 8, 30, tzinfo=HANOI)
    assert page.date == published
    assert page.first_published_at == published
    assert page.summary == line["summary"]
    assert page.author == "Thị Thoang"
    assert page.source == "Cổng thông tin huyện cũ"
    assert page.source_url == line["source_url"]
    assert page.featured is True
    assert page.category.name == "Tin tức - Sự kiện"
    assert page.category.slug == "tin-tuc-su-kien"
    assert sorted(tag.name for tag in page.tags.all()) == ["hội nghị", "sơ kết"]
    assert page.hero_caption == "Quang cảnh hội nghị."
    assert page.hero_image.description == "Đại biểu dự hội nghị"
    assert page.hero_image.credit == "Văn Hùng"
    assert (page.hero_image.width, page.hero_image.height) == (64, 48)

    blocks = [(block.block_type, block.value) for block in page.body]
    assert [kind for kind, _ in blocks] == [
        "paragraph",
        "paragraph",
        "heading",
        "heading",
        "image",
        "quote",
        "gallery",
        "notice",
        "table",
        "video",
    ]
    assert blocks[0][1].source == "<p>Đoạn <b>một</b>.</p>"
    assert blocks[1][1].source == "<p>Đoạn hai là chuỗi.</p>"
    assert dict(blocks[2][1]) == {"text": "Kết quả", "level": "h2"}
    assert dict(blocks[3][1]) == {"text": "Chi tiết", "level": "h3"}
    image = blocks[4][1]
    assert image.caption_text == "Chủ tịch phát biểu."
    assert image.alt_text == "Chủ tịch UBND xã phát biểu"
    assert image["image"].caption == "Chủ tịch phát biểu."
    assert image["image"].file.name.endswith(".png")
    assert blocks[5][1]["attribution"] == "Bác Hồ"
    assert len(blocks[6][1]["images"]) == 2
    assert blocks[7][1]["text"].source == "<p>Hạn chót <b>30/6</b></p>"
    assert blocks[8][1]["data"][1] == ["Thu ngân sách", "105%"]
    assert blocks[8][1]["first_row_is_table_header"] is True
    assert blocks[9][1]["video"].url == "https://www.youtube.com/watch?v=abc"
    assert CustomImage.objects.count() == 4


@pytest.mark.django_db
def test_imported_article_page_renders(news_index, tmp_path, client):
    photo(tmp_path, "a.jpg")
    line = article(
        body=["Nội dung.", {"type": "image", "value": {"file": "a.jpg", "alt": "Ảnh"}}]
    )
    run(write_lines(tmp_path, line))

    page = NewsArticlePage.objects.get()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Nội dung." in response.content.decode()


@pytest.mark.django_db
def test_date_without_time_is_midnight_in_local_time(news_index, tmp_path):
    run(write_lines(tmp_path, article(date="2021-01-05")))

    page = NewsArticlePage.objects.get()
    assert page.date == datetime.datetime(2021, 1, 5, tzinfo=HANOI)
    assert page.first_published_at == page.date


@pytest.mark.django_db
def test_slug_comes_from_the_title_in_ascii(news_index, tmp_path):
    run(write_lines(tmp_path, article(title="Đường điện nông thôn mới")))

    assert NewsArticlePage.objects.get().slug == "duong-dien-nong-thon-moi"


@pytest.mark.django_db
def test_imported_article_is_found_by_search(news_index, tmp_path):
    line = article(
        title="Khánh thành cầu",
        body=["Cây cầu bê tông nối hai thôn Đồng Tâm và Hòa Bình."],
        tags=["giaothong"],
    )
    run(write_lines(tmp_path, line))

    page = NewsArticlePage.objects.get()
    assert list(NewsArticlePage.objects.live().search("Đồng Tâm")) == [page]
    assert list(NewsArticlePage.objects.live().search("giaothong")) == [page]


@pytest.mark.django_db
def test_search_and_reference_indexes_hold_the_live_version_after_a_draft_update(
    news_index, tmp_path
):
    photo(tmp_path, "hero.jpg")
    first = article(body=["Cầu Đồng Tâm khánh thành."], hero_image={"file": "hero.jpg"})
    run(write_lines(tmp_path, first))
    changed = article(body=["Chợ Hòa Bình khai trương."])
    run(write_lines(tmp_path, changed, name="b.jsonl"), "--draft")

    page = NewsArticlePage.objects.get()
    # Readers (and the admin's search) see the live text, not the pending draft.
    assert list(NewsArticlePage.objects.search("Đồng Tâm")) == [page]
    assert list(NewsArticlePage.objects.search("Hòa Bình")) == []
    # The image's usage in the admin lists the article.
    usage = ReferenceIndex.get_references_to(page.hero_image)
    assert {reference.object_id for reference in usage} == {str(page.pk)}


@pytest.mark.django_db
def test_a_simple_article_costs_a_fixed_number_of_queries(
    news_index, tmp_path, django_assert_num_queries
):
    # Wagtail's create, revision and publish steps are most of it; the
    # search and reference indexes are updated once, not on every save.
    category = factories.CategoryFactory(name="Kinh tế")
    line = article(
        category=category.name,
        tags=["hội nghị"],
        source_url="https://old.example.gov.vn/tin/1",
        body=["Thu ngân sách đạt <b>105%</b> kế hoạch.", "Giải ngân đạt 62%."],
    )
    run(write_lines(tmp_path, line))
    path = write_lines(
        tmp_path,
        {**line, "title": "Hội nghị lần hai", "source_url": line["source_url"] + "2"},
        name="b.jsonl",
    )

    expected = {"sqlite": 103, "postgresql": 104}[connection.vendor]
    with django_assert_num_queries(expected):
        result = run(path)

    assert "created: 1" in result.out


@pytest.mark.django_db
def test_import_makes_no_renditions_but_a_later_publication_does(news_index, tmp_path):
    photo(tmp_path, "hero.jpg", size=(640, 427))
    run(write_lines(tmp_path, article(hero_image={"file": "hero.jpg"})))

    # Thousands of archived articles do not wait for their image sizes.
    assert not Rendition.objects.exists()
    page = NewsArticlePage.objects.get()
    page.save_revision().publish()
    assert Rendition.objects.filter(image=page.hero_image).exists()


@pytest.mark.django_db
def test_future_date_schedules_the_article_instead_of_publishing_it(
    news_index, tmp_path
):
    future = timezone.now() + datetime.timedelta(days=30)
    run(write_lines(tmp_path, article(date=future.isoformat())))

    page = NewsArticlePage.objects.get()
    assert not page.live
    assert page.go_live_at == future
    assert page.latest_revision.approved_go_live_at == future


@pytest.mark.django_db
def test_existing_category_is_reused_and_tags_are_added(news_index, tmp_path):
    category = factories.CategoryFactory(name="Văn hóa", slug="van-hoa-cu")
    line = article(category="Văn hóa", tags=["lễ hội", "lễ hội", "du lịch"])
    run(write_lines(tmp_path, line))

    page = NewsArticlePage.objects.get()
    assert page.category == category
    assert Category.objects.count() == 1
    assert sorted(tag.name for tag in page.tags.all()) == ["du lịch", "lễ hội"]


@pytest.mark.django_db
def test_new_category_whose_slug_is_taken_gets_a_free_slug(news_index, tmp_path):
    factories.CategoryFactory(name="Van hoa", slug="van-hoa")
    run(write_lines(tmp_path, article(category="Văn hóa")))

    assert NewsArticlePage.objects.get().category.slug == "van-hoa-2"


# HTML cleaning ------------------------------------------------------------


@pytest.mark.django_db
def test_paragraph_html_keeps_only_what_the_paragraph_block_allows(
    news_index, tmp_path, client
):
    dirty = (
        '<p style="color:red" onclick="steal()">Chào<script>alert("x")</script> '
        '<strong>đậm</strong> <em>nghiêng</em> <a href="javascript:alert(1)">xấu</a> '
        '<a href="https://example.gov.vn/" target="_blank" onmouseover="x()">tốt</a>'
        "<sup>2</sup></p><style>p{display:none}</style>"
        '<h1>Tiêu đề</h1><img src="x" onerror="alert(1)"><iframe src="https://evil"></iframe>'
        "<ul><li>một</li></ul><!-- comment -->"
    )
    run(write_lines(tmp_path, article(body=[dirty])))

    source = NewsArticlePage.objects.get().body[0].value.source
    assert source == (
        "<p>Chào <b>đậm</b> <i>nghiêng</i> <a>xấu</a> "
        '<a href="https://example.gov.vn/">tốt</a><sup>2</sup></p>'
        "<p>Tiêu đề</p><ul><li>một</li></ul>"
    )
    html = client.get(NewsArticlePage.objects.get().url).content.decode()
    for bad in ("alert(", "steal", "onerror", "onmouseover", "javascript:", "<iframe"):
        assert bad not in html


@pytest.mark.django_db
def test_plain_text_becomes_escaped_paragraphs(news_index, tmp_path):
    text = "Dòng một\ndòng hai\n\nĐoạn sau: a < b & c"
    run(write_lines(tmp_path, article(body=[text])))

    source = NewsArticlePage.objects.get().body[0].value.source
    assert source == "<p>Dòng một<br/>dòng hai</p><p>Đoạn sau: a &lt; b &amp; c</p>"


@pytest.mark.django_db
def test_paragraph_with_nothing_left_after_cleaning_is_dropped(news_index, tmp_path):
    run(write_lines(tmp_path, article(body=["<script>x()</script>", "Giữ lại"])))

    body = NewsArticlePage.objects.get().body
    assert [block.value.source for block in body] == ["<p>Giữ lại</p>"]


# Idempotence and updates --------------------------------------------------


@pytest.mark.django_db
def test_running_the_same_file_twice_adds_no_pages_images_or_revisions(
    news_index, tmp_path
):
    photo(tmp_path, "a.jpg")
    path = write_lines(
        tmp_path,
        article(source_url="https://old.example/1", hero_image={"file": "a.jpg"}),
        article(title="Bài không có nguồn", category="Tin tức", tags=["x"]),
        article(
            title="Bài thứ ba", body=[{"type": "image", "value": {"file": "a.jpg"}}]
        ),
    )
    first = run(path)
    before, files = snapshot(), stored_files()

    second = run(path)

    assert "created: 3, updated: 0, skipped: 0, failed: 0" in first.out
    assert "created: 0, updated: 0, skipped: 3, failed: 0" in second.out
    assert snapshot() == before
    assert stored_files() == files
    assert before["images"] == 1


@pytest.mark.django_db
def test_same_image_already_in_the_library_is_reused(news_index, tmp_path):
    path = photo(tmp_path, "a.jpg")
    existing = factories.ImageFactory(
        file=factories.ImageFile(path.open("rb"), name="a.jpg")
    )
    existing._set_file_hash()
    existing.save()
    run(write_lines(tmp_path, article(hero_image={"file": "a.jpg"})))

    assert NewsArticlePage.objects.get().hero_image == existing
    assert CustomImage.objects.count() == 1


@pytest.mark.django_db
def test_same_source_url_updates_the_article_in_place(news_index, tmp_path):
    run(
        write_lines(tmp_path, article(source_url="https://old.example/1", summary="Cũ"))
    )
    page = NewsArticlePage.objects.get()

    result = run(
        write_lines(
            tmp_path,
            article(
                title="Tiêu đề mới", source_url="https://old.example/1", summary="Mới"
            ),
            name="again.jsonl",
        )
    )

    assert "created: 0, updated: 1, skipped: 0, failed: 0" in result.out
    page.refresh_from_db()
    assert NewsArticlePage.objects.count() == 1
    assert (page.title, page.summary) == ("Tiêu đề mới", "Mới")
    # The URL stays: links to the article keep working.
    assert page.slug == "hoi-nghi-so-ket"
    assert page.live and not page.has_unpublished_changes
    assert page.revisions.count() == 2


@pytest.mark.django_db
def test_without_source_url_the_slug_under_the_index_identifies_the_article(
    news_index, home_page, tmp_path
):
    other_index = factories.NewsIndexPageFactory(parent=home_page, slug="tin-khac")
    path = write_lines(tmp_path, article(summary="Một"))
    run(path, "--index", str(news_index.pk))
    run(
        write_lines(tmp_path, article(summary="Hai"), name="b.jsonl"),
        "--index",
        "/tin-tuc/",
    )
    run(path, "--index", str(other_index.pk))

    assert NewsArticlePage.objects.child_of(news_index).get().summary == "Hai"
    assert NewsArticlePage.objects.child_of(other_index).count() == 1


@pytest.mark.django_db
def test_different_sources_with_the_same_title_get_their_own_pages(
    news_index, tmp_path
):
    path = write_lines(
        tmp_path,
        article(source_url="https://old.example/1"),
        article(source_url="https://old.example/2"),
    )
    run(path)
    run(path)

    slugs = sorted(NewsArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["hoi-nghi-so-ket", "hoi-nghi-so-ket-2"]


@pytest.mark.django_db
def test_update_keeps_what_the_line_leaves_out_and_adds_tags(news_index, tmp_path):
    other = factories.NewsArticlePageFactory(parent=news_index, slug="khac")
    run(
        write_lines(
            tmp_path,
            article(source_url="https://old.example/1", author="A", tags=["cũ"]),
        )
    )
    page = NewsArticlePage.objects.get(source_url="https://old.example/1")
    page.search_description = "Mô tả SEO"
    page.related_pages.create(target=other)
    page.save_revision().publish()

    run(
        write_lines(
            tmp_path,
            article(source_url="https://old.example/1", summary="Mới", tags=["mới"]),
            name="b.jsonl",
        )
    )

    page.refresh_from_db()
    assert page.summary == "Mới"
    assert page.author == "A"
    assert page.search_description == "Mô tả SEO"
    assert [link.target_id for link in page.related_pages.all()] == [other.pk]
    assert sorted(tag.name for tag in page.tags.all()) == ["cũ", "mới"]


@pytest.mark.django_db
@pytest.mark.parametrize("publish", [True, False], ids=["published", "draft"])
def test_article_saved_by_an_editor_is_not_overwritten(
    news_index, tmp_path, django_user_model, publish
):
    editor = django_user_model.objects.create_user("editor")
    run(write_lines(tmp_path, article(source_url="https://old.example/1")))
    page = NewsArticlePage.objects.get()
    page.title = "Sửa bởi biên tập viên"
    revision = page.save_revision(user=editor)
    if publish:
        revision.publish()

    result = run(
        write_lines(
            tmp_path,
            article(title="Từ tệp", source_url="https://old.example/1"),
            name="b.jsonl",
        )
    )

    assert "skipped: 1" in result.out
    assert "editor" in result.out
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Sửa bởi biên tập viên"
    assert page.latest_revision == revision


@pytest.mark.django_db
def test_locked_article_is_skipped(news_index, tmp_path):
    path = write_lines(tmp_path, article(summary="Một"))
    run(path)
    NewsArticlePage.objects.update(locked=True)

    result = run(write_lines(tmp_path, article(summary="Hai"), name="b.jsonl"))

    assert "skipped: 1" in result.out
    assert NewsArticlePage.objects.get().summary == "Một"


@pytest.mark.django_db
def test_unpublished_article_stays_unpublished_when_updated(news_index, tmp_path):
    run(write_lines(tmp_path, article(summary="Một")))
    NewsArticlePage.objects.get().unpublish()

    run(write_lines(tmp_path, article(summary="Hai"), name="b.jsonl"))

    page = NewsArticlePage.objects.get()
    assert not page.live
    assert page.get_latest_revision_as_object().summary == "Hai"


# --draft and --dry-run ----------------------------------------------------


@pytest.mark.django_db
def test_draft_option_creates_unpublished_articles(news_index, tmp_path):
    result = run(write_lines(tmp_path, article()), "--draft")

    assert "created: 1" in result.out
    page = NewsArticlePage.objects.get()
    assert not page.live
    assert page.first_published_at is None
    assert page.latest_revision.user is None
    assert not NewsArticlePage.objects.live().exists()


@pytest.mark.django_db
def test_draft_import_is_published_by_a_later_normal_import(news_index, tmp_path):
    path = write_lines(tmp_path, article(date="2020-02-02"))
    run(path, "--draft")

    run(path)

    page = NewsArticlePage.objects.get()
    assert page.live
    assert page.first_published_at == datetime.datetime(2020, 2, 2, tzinfo=HANOI)


@pytest.mark.django_db
def test_draft_update_of_a_live_article_keeps_the_live_version(news_index, tmp_path):
    run(write_lines(tmp_path, article(summary="Một")))

    run(write_lines(tmp_path, article(summary="Hai"), name="b.jsonl"), "--draft")

    page = NewsArticlePage.objects.get()
    assert page.live and page.summary == "Một"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().summary == "Hai"


@pytest.mark.django_db
def test_normal_import_publishes_a_pending_draft_update(news_index, tmp_path):
    run(write_lines(tmp_path, article(summary="Một")))
    path = write_lines(tmp_path, article(summary="Hai"), name="b.jsonl")
    run(path, "--draft")

    result = run(path)

    assert "updated: 1" in result.out
    page = NewsArticlePage.objects.get()
    assert page.live and page.summary == "Hai"
    assert not page.has_unpublished_changes


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_reports_what_would_happen(news_index, tmp_path):
    photo(tmp_path, "a.jpg")
    run(write_lines(tmp_path, article(title="Có sẵn", summary="Cũ"), name="a.jsonl"))
    before, files = snapshot(), stored_files()
    path = write_lines(
        tmp_path,
        article(title="Có sẵn", summary="Mới"),
        article(
            title="Mới", category="Mục mới", tags=["t"], hero_image={"file": "a.jpg"}
        ),
        article(title="Hỏng", hero_image={"file": "missing.jpg"}),
    )

    result = run(path, "--dry-run")

    assert "Dry run" in result.out
    assert "created: 1, updated: 1, skipped: 0, failed: 1" in result.out
    assert "line 3:" in result.err
    assert result.failed
    assert snapshot() == before
    assert stored_files() == files
    assert NewsArticlePage.objects.get().summary == "Cũ"


# Bad lines ----------------------------------------------------------------


BAD_LINES = {
    "not json": ("{title: 'x'", "not valid JSON"),
    "not an object": ('["title", "date"]', "JSON object"),
    "missing title": ({"date": "2022-06-23"}, '"title" is required'),
    "empty title": ({"title": "  ", "date": "2022-06-23"}, '"title" is required'),
    "missing date": ({"title": "x"}, '"date" is required'),
    "impossible date": ({"title": "x", "date": "2022-02-30"}, '"date" is not a date'),
    "day first date": ({"title": "x", "date": "23/06/2022"}, '"date" is not a date'),
    "ancient date": ({"title": "x", "date": "0900-01-01"}, "between the years"),
    "number title": ({"title": 12, "date": "2022-06-23"}, '"title" must be text'),
    "tags not a list": (article(tags="a,b"), '"tags" must be a list'),
    "featured not bool": (article(featured="yes"), "true or false"),
    "body not a list": (article(body={"type": "paragraph"}), '"body" must be a list'),
    "long summary": (article(summary="x" * 301), "longer than 300"),
    "long title": (article(title="x" * 256), "longer than 255"),
    "long tag": (article(tags=["x" * 101]), "longer than 100"),
    "unknown field": (article(sumary="x"), 'unknown field "sumary"'),
    "unknown block": (
        article(body=[{"type": "script", "value": "x"}]),
        "unknown block",
    ),
    "bad heading level": (
        article(body=[{"type": "heading", "value": {"text": "x", "level": "h1"}}]),
        "h2, h3",
    ),
    "javascript source url": (article(source_url="javascript:alert(1)"), "http(s) URL"),
    "nul character": (article(summary="a\x00b"), "NUL"),
    "lone surrogate": (
        '{"title": "a\\ud800", "date": "2022-06-23"}',
        "invalid Unicode",
    ),
    "bad slug": (article(slug="a/b"), '"slug"'),
    "one image gallery": (
        article(body=[{"type": "gallery", "value": {"images": [{"file": "a.jpg"}]}}]),
        "at least 2",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("line", "reason"), BAD_LINES.values(), ids=BAD_LINES.keys())
def test_bad_line_is_reported_with_its_number_and_the_rest_goes_on(
    news_index, tmp_path, line, reason
):
    path = write_lines(tmp_path, article(title="Trước"), line, article(title="Sau"))

    result = run(path)

    assert result.failed
    assert result.error.returncode == 1
    assert "line 2:" in result.err
    assert reason in result.err
    assert "created: 2, updated: 0, skipped: 0, failed: 1" in result.out
    assert sorted(NewsArticlePage.objects.values_list("title", flat=True)) == [
        "Sau",
        "Trước",
    ]


def truncated_jpeg(folder):
    path = photo(folder, "full.jpg", size=(400, 300))
    data = path.read_bytes()
    (folder / "truncated.jpg").write_bytes(data[: len(data) // 2])
    return "truncated.jpg"


def text_named_jpg(folder):
    (folder / "note.jpg").write_text("không phải ảnh")
    return "note.jpg"


def svg_image(folder):
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    return "logo.svg"


def symlink_out(folder):
    outside = folder.parent / f"{folder.name}-outside"
    photo(outside, "secret.jpg")
    (folder / "link.jpg").symlink_to(outside / "secret.jpg")
    return "link.jpg"


def huge_png(folder):
    # A tiny file that would decode to 100 megapixels.
    PILImage.new("1", (10_000, 10_000)).save(folder / "bomb.png", format="PNG")
    return "bomb.png"


BAD_IMAGES = {
    "missing": (lambda folder: "missing.jpg", "not found"),
    "not an image": (text_named_jpg, "is not an image"),
    "truncated": (truncated_jpeg, "damaged or truncated"),
    "svg": (svg_image, "is not an image"),
    "too many pixels": (huge_png, "pixels"),
    "parent folder": (lambda folder: "../x.jpg", "outside the media folder"),
    "absolute path": (lambda folder: "/etc/passwd", "outside the media folder"),
    "symlink out": (symlink_out, "outside the media folder"),
    "url": (lambda folder: "https://example.com/a.jpg", "local files only"),
    "folder": (lambda folder: "photos", "not a file"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "reason"), BAD_IMAGES.values(), ids=BAD_IMAGES.keys())
def test_bad_image_fails_its_line_and_leaves_no_image_behind(
    news_index, tmp_path, make, reason
):
    media = tmp_path / "media"
    photo(media, "photos/good.jpg")
    name = make(media)
    before = stored_files()
    line = article(
        title="Có ảnh hỏng",
        body=[
            {"type": "image", "value": {"file": "photos/good.jpg"}},
            {"type": "image", "value": {"file": name}},
        ],
    )

    result = run(write_lines(media, line, article(title="Sau")))

    assert result.failed
    assert "line 1:" in result.err
    assert reason in result.err
    assert list(NewsArticlePage.objects.values_list("title", flat=True)) == ["Sau"]
    assert CustomImage.objects.count() == 0
    assert stored_files() == before


@pytest.mark.django_db
def test_failure_after_images_are_stored_rolls_back_page_and_files(
    news_index, tmp_path, monkeypatch
):
    photo(tmp_path, "a.jpg")
    before = stored_files()

    def broken_add_child(self, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(NewsIndexPage, "add_child", broken_add_child)
    result = run(
        write_lines(tmp_path, article(hero_image={"file": "a.jpg"}, category="Mới"))
    )

    assert "line 1: unexpected error: RuntimeError: disk full" in result.err
    assert CustomImage.objects.count() == 0
    assert Category.objects.count() == 0
    assert stored_files() == before


@pytest.mark.django_db
def test_images_are_read_relative_to_the_media_root_option(news_index, tmp_path):
    photo(tmp_path / "export" / "anh", "a.jpg")
    path = write_lines(tmp_path, article(hero_image={"file": "anh/a.jpg"}))

    result = run(path, "--media-root", str(tmp_path / "export"))

    assert not result.failed, result.err
    assert NewsArticlePage.objects.get().hero_image is not None


@pytest.mark.django_db
def test_overlong_line_is_skipped_without_stopping_the_import(
    news_index, tmp_path, monkeypatch
):
    monkeypatch.setattr(import_articles.Command, "max_line_bytes", 200)
    path = write_lines(tmp_path, article(summary="x" * 250), article(title="Sau"))

    result = run(path)

    assert "line 1: the line is longer than" in result.err
    assert list(NewsArticlePage.objects.values_list("title", flat=True)) == ["Sau"]


@pytest.mark.django_db
def test_line_that_is_not_utf8_is_reported_alone(news_index, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "SNIFF_BYTES", 10)
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps(article(title="Một")).encode()
        + b"\n"
        + json.dumps(article(title="Hai")).encode("utf-16")
        + b"\n"
        + json.dumps(article(title="Ba")).encode()
        + b"\n"
    )

    result = run(path)

    assert "line 2: the line is not UTF-8 text" in result.err
    assert NewsArticlePage.objects.count() == 2


@pytest.mark.django_db
def test_byte_order_mark_and_blank_lines_are_accepted(news_index, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text("\ufeff" + json.dumps(article()) + "\n\n   \n", encoding="utf-8")

    result = run(path)

    assert not result.failed, result.err
    assert NewsArticlePage.objects.count() == 1


# Whole-file errors ---------------------------------------------------------


def empty_file(folder):
    (folder / "a.jsonl").write_text("")
    return folder / "a.jsonl"


def blank_file(folder):
    (folder / "a.jsonl").write_text("\n  \n")
    return folder / "a.jsonl"


def windows_file(folder):
    line = json.dumps(article(title="Café"), ensure_ascii=False)
    (folder / "a.jsonl").write_bytes(line.encode("cp1252"))
    return folder / "a.jsonl"


def utf16_file(folder):
    (folder / "a.jsonl").write_bytes(json.dumps(article()).encode("utf-16"))
    return folder / "a.jsonl"


BAD_FILES = {
    "missing": (lambda folder: folder / "none.jsonl", "not found"),
    "folder": (lambda folder: folder, "is not a file"),
    "empty": (empty_file, "is empty"),
    "blank": (blank_file, "has no articles"),
    "windows-1252": (windows_file, "not UTF-8"),
    "utf-16": (utf16_file, "not UTF-8"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "reason"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_unreadable_file_gives_one_clear_error(news_index, tmp_path, make, reason):
    result = run(make(tmp_path))

    assert result.failed
    assert reason in str(result.error)
    assert NewsArticlePage.objects.count() == 0


# Choosing the index ---------------------------------------------------------


@pytest.mark.django_db
def test_index_can_be_named_by_id_or_url_path(news_index, home_page, tmp_path):
    other = factories.NewsIndexPageFactory(parent=home_page, slug="thong-bao")
    run(write_lines(tmp_path, article(title="A")), "--index", "/thong-bao/")
    run(
        write_lines(tmp_path, article(title="B"), name="b.jsonl"),
        "--index",
        str(news_index.pk),
    )

    assert NewsArticlePage.objects.child_of(other).get().title == "A"
    assert NewsArticlePage.objects.child_of(news_index).get().title == "B"


@pytest.mark.django_db
def test_several_indexes_without_index_option_is_an_error(
    news_index, home_page, tmp_path
):
    factories.NewsIndexPageFactory(parent=home_page, slug="thong-bao")

    result = run(write_lines(tmp_path, article()))

    assert "--index" in str(result.error)
    assert NewsArticlePage.objects.count() == 0


@pytest.mark.django_db
def test_unknown_index_is_an_error(news_index, tmp_path):
    result = run(write_lines(tmp_path, article()), "--index", "/khong-co/")

    assert "no news index /khong-co/" in str(result.error)


# Progress -------------------------------------------------------------------


@pytest.mark.django_db
def test_progress_is_printed_as_plain_lines_when_not_on_a_terminal(
    news_index, tmp_path, monkeypatch
):
    monkeypatch.setattr(importing.Progress, "EVERY", 2)
    path = write_lines(tmp_path, *(article(title=f"Bài {n}") for n in range(4)))

    result = run(path)

    assert "2 lines read" in result.err and "4 lines read (100%)" in result.err
    assert "\r" not in result.err
