"""No path through the admin puts a page out that fails the content checks.

Each test goes through one way a page can go live (docs/workflow.md lists
them) with a page that fails a check, and finds it still a draft with the
reason shown; the controls find a complete page published the same way.
"""

import datetime
import json

from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

import pytest
import time_machine

from tests import factories
from tests.editorial.conftest import as_user, draft_article, edit_form_data, edit_url

NO_SUMMARY = "Write a summary before publishing."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def error_messages(response):
    return [
        str(m).strip()
        for m in get_messages(response.wsgi_request)
        if m.level_tag == "error"
    ]


def is_live(page):
    page.refresh_from_db()
    return page.live


def submitted(page, editor):
    """`page` submitted for approval, as the editor's "Submit" does."""
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    return page.specific


def workflow_action_url(page, action="approve"):
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, page.current_workflow_task_state.pk],
    )


def approve_in_editor(client, page, user, **changes):
    return client.post(
        edit_url(page),
        edit_form_data(
            page,
            user,
            **{"action-workflow-action": "1", "workflow-action-name": "approve"},
            **changes,
        ),
    )


def test_creating_and_publishing_an_article_without_summary_is_refused(
    client, sections, approver
):
    as_user(client, approver)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["news", "newsarticlepage", sections["news"].pk],
    )
    template = factories.NewsArticlePageFactory.build(slug="mau", hero_image=None)
    sections["news"].add_child(instance=template)
    data = edit_form_data(template, approver, summary="", **{"action-publish": "1"})
    template.delete()

    response = client.post(url, {**data, "slug": "tin-chua-tom-tat"})

    assert NO_SUMMARY in error_messages(response)
    created = sections["news"].get_children().get(slug="tin-chua-tom-tat")
    assert not created.live
    assert response.url == edit_url(created)


def test_creating_and_submitting_an_article_without_summary_shows_no_success(
    client, sections, editor
):
    as_user(client, editor)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["news", "newsarticlepage", sections["news"].pk],
    )
    template = factories.NewsArticlePageFactory.build(slug="mau", hero_image=None)
    sections["news"].add_child(instance=template)
    data = edit_form_data(template, editor, summary="", **{"action-submit": "1"})
    template.delete()

    response = client.post(url, {**data, "slug": "tin-gui-duyet"})

    # The editor the officer lands on shows the refusal only: no green
    # "created and submitted" beside it.
    shown = client.get(response.url)
    levels = [m.level_tag for m in get_messages(shown.wsgi_request)]
    assert levels and "success" not in levels, levels
    assert NO_SUMMARY in error_messages(shown)
    created = sections["news"].get_children().get(slug="tin-gui-duyet")
    assert not created.specific.workflow_in_progress


def test_approver_editing_and_approving_an_invalid_article_keeps_it_a_draft(
    client, sections, editor, approver
):
    page = submitted(draft_article(sections["news"], editor), editor)
    as_user(client, approver)

    response = approve_in_editor(
        client, page, approver, summary="", title="Sửa khi duyệt"
    )

    assert response.status_code == 302
    assert response.url == edit_url(page)
    assert NO_SUMMARY in error_messages(response)
    assert not is_live(page)
    # The approver's edits are kept and the page still awaits approval.
    assert page.get_latest_revision_as_object().title == "Sửa khi duyệt"
    assert page.workflow_in_progress


def test_approver_fixing_an_article_while_approving_publishes_it(
    client, sections, editor, approver
):
    page = draft_article(sections["news"], editor)
    page.summary = ""
    page.save_revision(user=editor)
    page = submitted(page, editor)
    as_user(client, approver)

    response = approve_in_editor(client, page, approver, summary="Tóm tắt đã sửa.")

    assert error_messages(response) == []
    assert is_live(page)
    assert page.summary == "Tóm tắt đã sửa."


def test_approving_unchanged_in_the_editor_checks_what_was_submitted(
    client, sections, editor, approver
):
    image = factories.ImageFactory(description="Ảnh lễ khánh thành")
    page = submitted(draft_article(sections["news"], editor, hero_image=image), editor)
    # The photo lost its description after submission.
    image.description = ""
    image.save()
    as_user(client, approver)

    response = approve_in_editor(client, page, approver)

    assert any("alternative text" in m for m in error_messages(response))
    assert not is_live(page)


def test_approving_from_the_dashboard_checks_the_submitted_revision(
    client, sections, editor, approver
):
    page = draft_article(sections["news"], editor)
    page.summary = ""
    page.save_revision(user=editor)
    page = submitted(page, editor)
    as_user(client, approver)

    response = client.post(
        workflow_action_url(page), {"comment": ""}, HTTP_REFERER="/admin/"
    )

    assert response.status_code == 302
    assert response.url == edit_url(page)
    assert NO_SUMMARY in error_messages(response)
    assert not is_live(page)
    assert page.workflow_in_progress


def test_approval_modal_sends_the_approver_to_the_reasons(
    client, sections, editor, approver
):
    start = timezone.now() + datetime.timedelta(days=3)
    event = factories.EventPageFactory(
        parent=sections["events"], live=False, start=start, end=start
    )
    event.save_revision(user=editor)
    event = submitted(event, editor)
    as_user(client, approver)

    response = client.post(
        workflow_action_url(event),
        {"comment": "Đồng ý"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    reply = json.loads(response.content)
    assert reply["step"] == "success"
    assert reply["redirect"] == edit_url(event)
    assert "The event must end after it starts." in error_messages(response)
    assert not is_live(event)


def test_approving_a_complete_article_from_the_dashboard_publishes_it(
    client, sections, editor, approver
):
    page = submitted(draft_article(sections["news"], editor), editor)
    as_user(client, approver)

    response = client.post(workflow_action_url(page), {"comment": ""})

    assert response.status_code == 302
    assert error_messages(response) == []
    assert is_live(page)


def test_editor_trying_to_approve_gets_no_view_of_the_checks(client, sections, editor):
    page = draft_article(sections["news"], editor)
    page.summary = ""
    page.save_revision(user=editor)
    page = submitted(page, editor)
    as_user(client, editor)

    response = client.post(workflow_action_url(page), {"comment": ""})

    # Wagtail's own refusal: back to the dashboard, permission denied.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert NO_SUMMARY not in error_messages(response)
    assert not is_live(page)


def bulk_publish_url(*pages):
    return (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + "?"
        + "&".join(f"id={page.pk}" for page in pages)
    )


def test_bulk_publish_publishes_nothing_when_a_page_fails(client, sections, approver):
    complete = draft_article(sections["news"], approver, slug="day-du")
    incomplete = draft_article(sections["news"], approver, summary="", slug="thieu")
    as_user(client, approver)

    response = client.post(bulk_publish_url(complete, incomplete), {})

    assert response.status_code == 302
    assert f"{incomplete.title}: {NO_SUMMARY}" in error_messages(response)
    assert not is_live(complete)
    assert not is_live(incomplete)


def test_bulk_publish_with_subpages_checks_the_drafts_below(client, sections, approver):
    official = factories.OfficialPageFactory(parent=sections["officials"], live=False)
    official.save_revision(user=approver)
    as_user(client, approver)

    response = client.post(
        bulk_publish_url(sections["officials"]), {"include_descendants": "on"}
    )

    assert (
        f"{official.title}: An official needs at least one current position."
        in error_messages(response)
    )
    assert not is_live(official)


def test_bulk_publish_of_complete_pages_publishes_them(client, sections, approver):
    page = draft_article(sections["news"], approver)
    as_user(client, approver)

    response = client.post(bulk_publish_url(page), {})

    assert error_messages(response) == []
    assert is_live(page)


def test_copy_that_would_publish_an_invalid_live_page_is_refused(
    client, sections, approver
):
    # An article imported from an old portal, live without a summary.
    page = factories.NewsArticlePageFactory(
        parent=sections["news"], summary="", hero_image=None
    )
    as_user(client, approver)

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": sections["news"].pk,
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    assert f"{page.title}: {NO_SUMMARY}" in error_messages(response)
    assert not sections["news"].get_children().filter(slug="ban-sao").exists()


def admin_api_action_url(page, action):
    return f"/admin/api/main/pages/{page.pk}/action/{action}/"


def test_admin_api_refuses_to_publish_an_invalid_page(client, sections, approver):
    page = draft_article(sections["news"], approver, summary="")
    as_user(client, approver)

    response = client.post(
        admin_api_action_url(page, "publish"), {}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"content": [NO_SUMMARY]}
    assert not is_live(page)


def test_admin_api_publishes_a_complete_page(client, sections, approver):
    page = draft_article(sections["news"], approver)
    as_user(client, approver)

    response = client.post(
        admin_api_action_url(page, "publish"), {}, content_type="application/json"
    )

    assert response.status_code == 200
    assert is_live(page)


def test_admin_api_refuses_a_live_copy_of_an_invalid_page(client, sections, approver):
    page = factories.NewsArticlePageFactory(
        parent=sections["news"], summary="", hero_image=None
    )
    as_user(client, approver)

    response = client.post(
        admin_api_action_url(page, "copy"),
        {"slug": "ban-sao-api"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not sections["news"].get_children().filter(slug="ban-sao-api").exists()


def test_refused_scheduled_publication_never_goes_out(client, sections, approver):
    noon = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False) as clock:
        page = draft_article(sections["news"], approver, summary="")
        go_live = timezone.localtime(noon + datetime.timedelta(hours=1))
        as_user(client, approver)

        response = client.post(
            edit_url(page),
            edit_form_data(
                page,
                approver,
                go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
                **{"action-publish": "1"},
            ),
        )
        assert NO_SUMMARY in error_messages(response)
        assert page.scheduled_revision is None

        clock.move_to(noon + datetime.timedelta(hours=2))
        call_command("publish_scheduled", verbosity=0)

    assert not is_live(page)


def test_refused_submission_never_reaches_the_approvers(
    client, sections, editor, approver, mailoutbox
):
    page = draft_article(sections["news"], editor)
    as_user(client, editor)

    client.post(
        edit_url(page),
        edit_form_data(page, editor, summary="", **{"action-submit": "1"}),
    )
    assert mailoutbox == []
    assert not page.workflow_states.exists()

    client.post(edit_url(page), edit_form_data(page, editor, **{"action-submit": "1"}))
    assert [message.to for message in mailoutbox] == [[approver.email]]
