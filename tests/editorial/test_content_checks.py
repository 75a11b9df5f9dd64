"""Content checks stop publication (and submission) with a message; no work is lost."""

import datetime

from django.contrib.messages import get_messages
from django.utils import translation

import pytest

from editorial import checks
from tests import factories
from tests.editorial.conftest import as_user, draft_article, edit_form_data, edit_url


def publish(client, page, user, **changes):
    return client.post(
        edit_url(page),
        edit_form_data(page, user, **{"action-publish": "1"}, **changes),
    )


def error_messages(response):
    return [
        str(m).strip()
        for m in get_messages(response.wsgi_request)
        if m.level_tag == "error"
    ]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_article_without_summary_is_not_published(client, sections, approver):
    page = draft_article(sections["news"], approver)
    as_user(client, approver)

    response = publish(client, page, approver, summary="", title="Bản nháp mới")

    assert response.status_code == 302
    assert response.url == edit_url(page)
    assert "Write a summary before publishing." in error_messages(response)
    page.refresh_from_db()
    assert not page.live
    # The draft itself is kept.
    assert page.get_latest_revision_as_object().title == "Bản nháp mới"


def test_main_image_without_alt_text_blocks_publication(client, sections, approver):
    image = factories.ImageFactory(description="")
    page = draft_article(sections["news"], approver, hero_image=image)
    as_user(client, approver)

    response = publish(client, page, approver)

    assert any("alternative text" in m for m in error_messages(response))
    page.refresh_from_db()
    assert not page.live


def test_complete_article_is_published(client, sections, approver):
    page = draft_article(sections["news"], approver)
    as_user(client, approver)

    response = publish(client, page, approver)

    assert error_messages(response) == []
    page.refresh_from_db()
    assert page.live


def test_summary_longer_than_300_characters_is_refused():
    page = factories.NewsArticlePageFactory.build(summary="x" * 301, hero_image=None)

    assert checks.problems(page) == ["The summary has 301 characters; at most 300."]


def test_event_ending_when_it_starts_is_not_published(client, sections, approver):
    start = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    event = factories.EventPageFactory(
        parent=sections["events"], live=False, start=start, end=start
    )
    event.save_revision(user=approver)
    as_user(client, approver)

    response = publish(client, event, approver)

    assert "The event must end after it starts." in error_messages(response)
    event.refresh_from_db()
    assert not event.live


def test_official_without_a_current_position_is_not_published(
    client, sections, approver
):
    official = factories.OfficialPageFactory(parent=sections["officials"], live=False)
    factories.OfficialPositionFactory(
        page=official,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    official.save_revision(user=approver)
    as_user(client, approver)

    response = publish(client, official, approver)

    assert "An official needs at least one current position." in error_messages(
        response
    )
    official.refresh_from_db()
    assert not official.live


def test_official_with_a_current_position_is_published(client, sections, approver):
    official = factories.OfficialPageFactory(parent=sections["officials"], live=False)
    factories.OfficialPositionFactory(page=official)
    official.save_revision(user=approver)
    as_user(client, approver)

    response = publish(client, official, approver)

    assert error_messages(response) == []
    official.refresh_from_db()
    assert official.live


def test_editor_cannot_submit_an_article_without_summary(client, sections, editor):
    page = draft_article(sections["news"], editor)
    as_user(client, editor)

    response = client.post(
        edit_url(page),
        edit_form_data(page, editor, summary="", **{"action-submit": "1"}),
    )

    assert response.status_code == 302
    assert "Write a summary before publishing." in error_messages(response)
    page.refresh_from_db()
    assert not page.workflow_in_progress
    assert page.get_latest_revision_as_object().summary == ""
