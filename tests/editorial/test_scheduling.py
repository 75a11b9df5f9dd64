"""Scheduled publication and expiry, with a frozen clock and `publish_scheduled`."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine
from bs4 import BeautifulSoup

from tests import factories
from tests.editorial.conftest import as_user, draft_article, edit_form_data, edit_url

NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
TITLE = "Khánh thành cầu Bến Lội"


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def seen_by_citizens(client, news_index):
    """Where the article shows up for an anonymous visitor."""
    client.logout()
    return {
        "listing": TITLE in client.get(news_index.url).content.decode(),
        "feed": TITLE in client.get(news_index.url + "feed/").content.decode(),
        # Search results highlight the matched words, so compare plain text.
        "search": TITLE
        in BeautifulSoup(
            client.get(reverse("search"), {"q": "Bến Lội"}).content, "html.parser"
        ).get_text(),
        "api": TITLE
        in client.get(
            "/api/v2/pages/", {"type": "news.NewsArticlePage", "fields": "title"}
        ).content.decode(),
    }


EVERYWHERE = {"listing": True, "feed": True, "search": True, "api": True}
NOWHERE = {"listing": False, "feed": False, "search": False, "api": False}


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_scheduled_article_appears_on_time(client, clock, sections, approver):
    page = draft_article(sections["news"], approver, title=TITLE)
    go_live = NOON + datetime.timedelta(hours=2)
    as_user(client, approver)

    client.post(
        edit_url(page),
        edit_form_data(
            page, approver, go_live_at=local(go_live), **{"action-publish": "1"}
        ),
    )

    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at == go_live
    call_command("publish_scheduled")
    assert seen_by_citizens(client, sections["news"]) == NOWHERE

    clock.move_to(go_live + datetime.timedelta(minutes=1))
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
    assert seen_by_citizens(client, sections["news"]) == EVERYWHERE


def test_expired_article_disappears_everywhere(client, clock, sections, approver):
    page = draft_article(sections["news"], approver, title=TITLE)
    expiry = NOON + datetime.timedelta(days=1)
    as_user(client, approver)
    client.post(
        edit_url(page),
        edit_form_data(
            page, approver, expire_at=local(expiry), **{"action-publish": "1"}
        ),
    )
    page.refresh_from_db()
    assert page.live
    assert seen_by_citizens(client, sections["news"]) == EVERYWHERE

    clock.move_to(expiry + datetime.timedelta(minutes=1))
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert seen_by_citizens(client, sections["news"]) == NOWHERE


def test_run_scheduler_publishes_what_is_due(clock, sections):
    page = factories.NewsArticlePageFactory(parent=sections["news"], live=False)
    page.go_live_at = NOON + datetime.timedelta(minutes=5)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live

    clock.move_to(NOON + datetime.timedelta(minutes=6))
    call_command("run_scheduler", runs=1)

    page.refresh_from_db()
    assert page.live
