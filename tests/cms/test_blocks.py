"""Every block of the body library, rendered inside every page type that has a body."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document

import pytest
from bs4 import BeautifulSoup

from cms.blocks import BodyBlock, HeadingBlock
from tests import factories
from tests.conftest import restrict, unpublish

TABLE = {
    "data": [["Chỉ tiêu", "Kết quả"], ["Thu ngân sách", "105%"]],
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "Kết quả 6 tháng",
}


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def document(db):
    doc = Document(title="Quyết định số 12/QĐ-UBND")
    doc.file.save("quyet-dinh-12.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2039))
    return doc


@pytest.fixture
def official(official_index):
    official = factories.OfficialPageFactory(
        parent=official_index, title="Nguyễn Văn Hòa"
    )
    factories.OfficialPositionFactory(
        page=official,
        title="Chủ tịch Ủy ban nhân dân xã",
        start_date=datetime.date(2025, 7, 1),
    )
    return official


@pytest.fixture
def images(db):
    return {
        "captioned": factories.ImageFactory(
            caption="Chủ tịch phát biểu.", credit="Thị Thoang", description="Ông Hòa"
        ),
        "decorative": factories.ImageFactory(description="Hoa văn trống đồng"),
        "gallery_a": factories.ImageFactory(caption="Ảnh một"),
        "gallery_b": factories.ImageFactory(caption="Ảnh hai"),
    }


@pytest.fixture
def every_block(images, document, official):
    """A body with one of each block, as an editor would fill it in."""
    return [
        ("paragraph", "<p>Sáng 23/6, <b>Ủy ban nhân dân xã</b> tổ chức hội nghị.</p>"),
        ("heading", {"text": "Kết quả đạt được", "level": "h2"}),
        ("heading", {"text": "Đường giao thông", "level": "h3"}),
        (
            "image",
            {
                "image": {
                    "image": images["captioned"].pk,
                    "alt_text": "Ông Nguyễn Văn Hòa phát biểu tại hội nghị",
                    "decorative": False,
                },
                "caption": "",
                "credit": "",
            },
        ),
        (
            "image",
            {
                "image": {
                    "image": images["decorative"].pk,
                    "alt_text": "",
                    "decorative": True,
                },
                "caption": "",
                "credit": "",
            },
        ),
        (
            "gallery",
            {
                "title": "Hình ảnh hội nghị",
                "images": [
                    {"image": {"image": images["gallery_a"].pk, "alt_text": ""}},
                    {"image": {"image": images["gallery_b"].pk, "alt_text": ""}},
                ],
            },
        ),
        ("quote", {"text": "Dân biết, dân bàn.", "attribution": "Bác Hồ"}),
        ("table", TABLE),
        ("document", {"document": document.pk, "title": ""}),
        ("video", {"video": "https://video.example/hoi-nghi", "caption": "Toàn cảnh"}),
        ("video", {"video": "https://offline.example/clip", "caption": ""}),
        (
            "notice",
            {"kind": "warning", "text": "<p>Hạn nộp hồ sơ: <b>30/6/2026</b>.</p>"},
        ),
        ("mention", {"person": official.pk}),
    ]


def body_value(blocks):
    """The stored (JSON) form of a body, as the editor saves it."""
    return [{"type": name, "value": value} for name, value in blocks]


@pytest.fixture
def pages_with_every_block(news_index, event_index, official, every_block):
    body = body_value(every_block)
    article = factories.NewsArticlePageFactory(parent=news_index, body=body)
    event = factories.EventPageFactory(parent=event_index, body=body)
    official.biography = body
    official.save_revision().publish()
    return {"article": article, "event": event, "official": official}


@pytest.mark.parametrize("kind", ["article", "event", "official"])
def test_every_page_type_with_a_body_renders_every_block(
    client, pages_with_every_block, kind
):
    soup = soup_of(client.get(pages_with_every_block[kind].url))
    main = soup.find("main")
    text = main.get_text(" ", strip=True)

    assert "Ủy ban nhân dân xã" in main.find("div", class_="rich-text").get_text()
    assert main.find("h2", id="ket-qua-dat-duoc").get_text() == "Kết quả đạt được"
    assert main.find("h3", id="duong-giao-thong")
    assert main.find("blockquote").get_text(strip=True) == "Dân biết, dân bàn."
    assert "Bác Hồ" in main.find("figure", class_="block-quote").get_text()
    assert main.find("table").find("caption").get_text() == "Kết quả 6 tháng"
    assert [th.get_text() for th in main.find("table").find_all("th")] == [
        "Chỉ tiêu",
        "Kết quả",
    ]
    assert "105%" in main.find("table").get_text()
    assert main.find("aside", class_="block-notice")["class"] == [
        "block-notice",
        "notice-warning",
    ]
    assert "30/6/2026" in text
    assert len(main.select(".block-gallery figure img")) == 2
    mention = main.find("p", class_="block-mention")
    assert mention.a.get_text() == "Nguyễn Văn Hòa"
    assert "Chủ tịch Ủy ban nhân dân xã" in mention.get_text()


def test_image_block_shows_caption_credit_and_the_alt_override(
    client, pages_with_every_block
):
    soup = soup_of(client.get(pages_with_every_block["article"].url))
    figure = soup.find("main").select(".body figure.block-image")[0]
    assert figure.img["alt"] == "Ông Nguyễn Văn Hòa phát biểu tại hội nghị"
    assert figure.figcaption.get_text(" ", strip=True).startswith("Chủ tịch phát biểu.")
    assert figure.find(class_="credit").get_text() == "(Thị Thoang)"
    # Responsive: several widths in modern formats.
    assert figure.find("source", type="image/webp")["srcset"].count("w,") >= 1


def test_decorative_image_gets_empty_alt_text(client, pages_with_every_block):
    soup = soup_of(client.get(pages_with_every_block["article"].url))
    decorative = soup.find("main").select(".body figure.block-image")[1]
    assert decorative.img["alt"] == ""


def test_image_without_override_uses_the_image_alt_text(images):
    value = (
        BodyBlock()
        .child_blocks["image"]
        .to_python(
            {
                "image": {
                    "image": images["captioned"].pk,
                    "alt_text": "",
                    "decorative": False,
                }
            }
        )
    )
    assert value.alt_text == "Ông Hòa"
    assert value.caption_text == "Chủ tịch phát biểu."
    assert value.credit_text == "Thị Thoang"


def test_image_blocks_keep_their_api_shape(client, pages_with_every_block, images):
    article = pages_with_every_block["article"]
    body = client.get(f"/api/v2/pages/{article.pk}/").json()["body"]
    speaker, decorative = (b["value"] for b in body if b["type"] == "image")
    gallery = next(b["value"] for b in body if b["type"] == "gallery")

    assert set(speaker) == {
        "id",
        "title",
        "alt",
        "caption",
        "credit",
        "width",
        "height",
        "renditions",
        "decorative",
    }
    assert speaker["id"] == images["captioned"].pk
    assert speaker["alt"] == "Ông Nguyễn Văn Hòa phát biểu tại hội nghị"
    assert (speaker["caption"], speaker["credit"]) == (
        "Chủ tịch phát biểu.",
        "Thị Thoang",
    )
    assert speaker["decorative"] is False
    assert (decorative["alt"], decorative["decorative"]) == ("", True)
    assert [item["caption"] for item in gallery["images"]] == ["Ảnh một", "Ảnh hai"]


def test_publishing_asks_for_alt_text_or_the_decorative_tick(db):
    """Wagtail's own rule, checked when the page is published (not on a draft)."""
    block = BodyBlock().child_blocks["image"]
    bare = factories.ImageFactory(description="")

    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": {"image": bare.pk, "alt_text": ""}}))
    for alt_text, decorative in (("Hội trường", False), ("", True)):
        value = block.to_python(
            {
                "image": {
                    "image": bare.pk,
                    "alt_text": alt_text,
                    "decorative": decorative,
                }
            }
        )
        assert block.clean(value)["image"].pk == bare.pk


def test_choosing_an_image_fills_in_its_description_not_its_file_name(admin_client):
    described = factories.ImageFactory(title="IMG_0042", description="Hội trường")
    untitled = factories.ImageFactory(title="IMG_0043", description="")

    def default_alt_text(image):
        url = reverse("wagtailimages_chooser:chosen", args=[image.pk])
        return admin_client.get(url).json()["result"]["default_alt_text"]

    assert default_alt_text(described) == "Hội trường"
    # Empty, so the officer describes the photo or marks it decorative.
    assert default_alt_text(untitled) == ""


def test_document_block_shows_title_file_type_and_size(client, pages_with_every_block):
    soup = soup_of(client.get(pages_with_every_block["article"].url))
    block = soup.find("p", class_="block-document")
    assert block.a.get_text() == "Quyết định số 12/QĐ-UBND"
    assert block.a["href"].startswith("/documents/")
    meta = block.find(class_="file-meta").get_text()
    assert "PDF" in meta
    assert "2,0" in meta or "2.0" in meta  # 2048 bytes, as "2.0 KB"


def test_video_embeds_from_the_finder_and_always_offers_a_link(
    client, pages_with_every_block
):
    soup = soup_of(client.get(pages_with_every_block["article"].url))
    embedded, offline = soup.find_all("figure", class_="block-video")
    assert embedded.find("iframe")["src"] == "https://video.example/hoi-nghi"
    assert embedded.figcaption.a["href"] == "https://video.example/hoi-nghi"
    # No provider answers for this one: the page still renders, with a link.
    assert offline.find("iframe") is None
    assert offline.figcaption.a["href"] == "https://offline.example/clip"


def test_heading_anchor_is_ascii_without_diacritics():
    value = HeadingBlock().to_python(
        {"text": "Đảm bảo an ninh, trật tự!", "level": "h2"}
    )
    assert value.anchor == "dam-bao-an-ninh-trat-tu"
    assert HeadingBlock().to_python({"text": "…", "level": "h2"}).anchor


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_mention_of_a_hidden_official_renders_nothing(
    client, pages_with_every_block, official, hide
):
    hide(official)
    soup = soup_of(client.get(pages_with_every_block["article"].url))
    assert soup.find("p", class_="block-mention") is None
    assert "Nguyễn Văn Hòa" not in soup.find("main").get_text()


def test_rich_text_and_table_content_is_escaped(client, news_index):
    body = body_value(
        [
            ("quote", {"text": "<script>alert(1)</script>", "attribution": ""}),
            ("table", {**TABLE, "data": [['" onmouseover=alert(1) x="', "<b>x</b>"]]}),
        ]
    )
    article = factories.NewsArticlePageFactory(parent=news_index, body=body)
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_table_with_a_header_row_names_each_cell_for_a_phone(client, news_index):
    # On a phone each row stacks, each cell under its column's name
    # (site.css .stack-table); a short row leaves the missing names empty.
    data = [["Chỉ tiêu", 'Kết "quả"'], ["Thu ngân sách", "105%"], ["Chi"]]
    body = body_value([("table", {**TABLE, "data": data})])
    article = factories.NewsArticlePageFactory(parent=news_index, body=body)
    table = soup_of(client.get(article.url)).select_one(".block-table table")
    assert "stack-table" in table["class"]
    assert [td["data-label"] for td in table.select("tbody td")] == [
        "Chỉ tiêu",
        'Kết "quả"',
        "Chỉ tiêu",
    ]


def test_a_table_without_a_header_row_is_not_stacked(client, news_index):
    table_value = {**TABLE, "first_row_is_table_header": False}
    body = body_value([("table", table_value)])
    article = factories.NewsArticlePageFactory(parent=news_index, body=body)
    table = soup_of(client.get(article.url)).select_one(".block-table table")
    assert not table.get("class")
    assert not table.select("td[data-label]")
