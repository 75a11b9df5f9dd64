"""A control character pasted into a title (Word's \\x0b line break) is
removed on save, and a row that still holds one never breaks the RSS feed,
iCalendar files or the statistics' spreadsheet export (docs/security.md)."""

import datetime
import io
import xml.etree.ElementTree as ET

from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Page

import pytest
from openpyxl import load_workbook

from stats.models import DailyPageStat
from tests import factories

pytestmark = pytest.mark.django_db

DIRTY = "Họp báo\x0b quý\x01 II\x1f\x7f"
CLEAN = "Họp báo quý II"


def test_text_fields_lose_control_characters_on_save(news_index):
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        title=DIRTY,
        summary="Tóm\x0btắt\nhai dòng",
        body=[{"type": "paragraph", "value": "<p>Đoạn\x0b một</p>"}],
    )
    article.save_revision().publish()
    article = Page.objects.get(pk=article.pk).specific
    assert article.title == CLEAN
    assert article.summary == "Tómtắt\nhai dòng", "tab and newline are kept"
    assert article.body.raw_data[0]["value"] == "<p>Đoạn một</p>"
    image = factories.ImageFactory(title=DIRTY, caption=DIRTY)
    image.refresh_from_db()
    assert (image.title, image.caption) == (CLEAN, CLEAN)
    document = get_document_model().objects.create(title=DIRTY, file="x.pdf")
    document.refresh_from_db()
    assert document.title == CLEAN


@pytest.fixture
def dirty_rows(news_index, event_index):
    """Pages whose titles were stored with control characters, as rows saved
    before the rule (or written by SQL) are: update() skips pre_save."""
    article = factories.NewsArticlePageFactory(parent=news_index, slug="hop-bao")
    start = timezone.now() + datetime.timedelta(days=2)
    event = factories.EventPageFactory(parent=event_index, slug="hop", start=start)
    Page.objects.filter(pk__in=[article.pk, event.pk]).update(title=DIRTY)
    type(article).objects.filter(pk=article.pk).update(summary=DIRTY)
    type(event).objects.filter(pk=event.pk).update(summary=DIRTY, location_name=DIRTY)
    DailyPageStat.objects.create(page=article, date=timezone.localdate(), views=3)
    return article, event


def test_a_control_character_in_a_title_does_not_break_the_feed(client, dirty_rows):
    response = client.get("/tin-tuc/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    channel = root.find("channel")
    assert channel.find("item/title").text == CLEAN
    assert channel.find("item/description").text == CLEAN


def test_icalendar_files_carry_no_control_characters(client, dirty_rows):
    for url in ("/lich-cong-tac/hop/ical/", "/lich-cong-tac/ical/"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "\x0b" not in text and "\x01" not in text and "\x7f" not in text
        assert "SUMMARY:" + CLEAN in text


def test_the_statistics_xlsx_export_survives_a_control_character(
    admin_client, dirty_rows
):
    response = admin_client.get("/admin/stats/dailypagestat/?export=xlsx")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    sheet = load_workbook(io.BytesIO(content)).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == [CLEAN]
