"""Officers draft and submit, approvers publish, sections keep to themselves."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, TaskState, WorkflowState

from editorial import roles
from tests import factories
from tests.editorial.conftest import (
    as_user,
    draft_article,
    edit_form_data,
    edit_url,
    make_officer,
)


def workflow_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]
    )


def submit(client, page, user):
    return client.post(
        edit_url(page), edit_form_data(page, user, **{"action-submit": "1"})
    )


def test_news_and_events_sections_go_through_the_approval_workflow(sections):
    for key in ("news", "events"):
        workflow = sections[key].get_workflow()
        assert workflow.name == roles.WORKFLOW_NAME
        groups = {g.name for g in workflow.tasks.get().specific.groups.all()}
        assert groups == {"Người duyệt", "Quản trị"}


def test_editor_creates_a_draft_through_the_admin(client, sections, editor):
    as_user(client, editor)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["news", "newsarticlepage", sections["news"].pk],
    )
    page = factories.NewsArticlePageFactory.build(title="Tin mới", slug="tin-moi")
    page.live = False
    sections["news"].add_child(instance=page)
    data = edit_form_data(page, editor)
    page.delete()

    response = client.post(url, {**data, "slug": "tin-moi-2"})

    assert response.status_code == 302
    created = Page.objects.get(slug="tin-moi-2")
    assert not created.live
    assert created.owner == editor


def test_editor_submits_for_approval_but_cannot_publish(client, sections, editor):
    page = draft_article(sections["news"], editor)
    as_user(client, editor)

    client.post(edit_url(page), edit_form_data(page, editor, **{"action-publish": "1"}))
    page.refresh_from_db()
    assert not page.live

    response = submit(client, page, editor)

    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_task.name == roles.TASK_NAME


def test_approver_approves_and_the_page_goes_live(client, sections, editor, approver):
    page = draft_article(sections["news"], editor, title="Tin duyệt")
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()

    client.force_login(approver)
    response = client.post(
        workflow_action_url(page, "approve"), {"comment": "Đồng ý đăng."}
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk))
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == "Đồng ý đăng."


def dashboard_action(client, page, action, comment):
    """What the dashboard's "awaiting your review" panel posts: the modal's
    form, by fetch, then the page it is sent back to."""
    response = client.post(
        workflow_action_url(page, action) + "?next=" + reverse("wagtailadmin_home"),
        {"comment": comment},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["step"] == "success"
    return client.get(response.json()["redirect"])


def shown_messages(response):
    return [str(message).strip() for message in response.context["messages"]]


def test_approving_from_the_dashboard_says_so_and_emails_the_comment(
    client, sections, editor, approver
):
    page = draft_article(sections["news"], editor, title="Tin duyệt")
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()
    mail.outbox.clear()

    # The approver's own browser: the editor's messages stay in theirs.
    dashboard = dashboard_action(
        as_user(Client(), approver), page, "approve", "Đồng ý, đăng ngay."
    )

    assert shown_messages(dashboard) == ["Đã phê chuẩn và xuất bản “Tin duyệt”."]
    assert [m.to for m in mail.outbox] == [[editor.email]]
    body = mail.outbox[0].body
    assert 'Góp ý của người duyệt: "Đồng ý, đăng ngay."' in body
    assert "Tin duyệt" in mail.outbox[0].subject


def test_requesting_changes_from_the_dashboard_says_so(
    client, sections, editor, approver
):
    page = draft_article(sections["news"], editor, title="Tin cần sửa")
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()

    dashboard = dashboard_action(
        as_user(Client(), approver), page, "reject", "Thiếu nguồn ảnh."
    )

    assert shown_messages(dashboard) == [
        "Đã yêu cầu sửa “Tin cần sửa”: trang được gửi lại người soạn kèm góp ý của bạn."
    ]


def test_editor_cannot_approve_their_own_submission(client, sections, editor):
    page = draft_article(sections["news"], editor)
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()

    response = client.post(workflow_action_url(page, "approve"), {"comment": ""})

    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress


def test_approver_publishes_directly(client, sections, approver):
    event = factories.EventPageFactory(parent=sections["events"], live=False)
    event.save_revision(user=approver)
    client.force_login(approver)

    response = client.post(
        edit_url(event), edit_form_data(event, approver, **{"action-publish": "1"})
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live


def test_request_changes_returns_the_page_to_the_editor(
    client, sections, editor, approver
):
    page = draft_article(sections["news"], editor)
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()
    mail.outbox.clear()

    client.force_login(approver)
    client.post(
        workflow_action_url(page, "reject"), {"comment": "Bổ sung ảnh và nguồn."}
    )

    page.refresh_from_db()
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Bổ sung ảnh và nguồn." in mail.outbox[0].body
    # In Vietnamese, the sentence around the comment too.
    assert 'Góp ý của người duyệt: "Bổ sung ảnh và nguồn."' in mail.outbox[0].body
    assert "The following comment" not in mail.outbox[0].body
    # The editor can work on it again and resubmit.
    client.force_login(editor)
    assert client.get(edit_url(page)).status_code == 200
    response = client.post(
        edit_url(page),
        edit_form_data(page, editor, **{"action-restart-workflow": "1"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress


def test_editor_of_one_section_cannot_edit_another(client, home_page, sections):
    other_news = factories.NewsIndexPageFactory(parent=home_page, slug="tin-khac")
    roles.apply_sections()
    officer = make_officer("lan", roles.EDITOR, section=sections["news"])
    own = draft_article(sections["news"], officer)
    foreign = draft_article(other_news, officer)
    client.force_login(officer)

    assert client.get(edit_url(own)).status_code == 200
    response = client.get(edit_url(foreign))
    assert response.status_code in (302, 403)
    response = client.post(
        edit_url(foreign),
        edit_form_data(foreign, officer, title="Đã sửa", **{"action-submit": "1"}),
    )
    assert response.status_code in (302, 403)
    foreign.refresh_from_db()
    assert foreign.title != "Đã sửa"
    assert not foreign.workflow_in_progress


def test_section_approver_cannot_approve_in_another_section(
    client, home_page, sections, editor
):
    other_news = factories.NewsIndexPageFactory(parent=home_page, slug="tin-khac")
    roles.apply_sections()
    section_approver = make_officer("duyet", roles.APPROVER, section=other_news)
    page = draft_article(sections["news"], editor)
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()

    client.force_login(section_approver)
    client.post(workflow_action_url(page, "approve"), {"comment": ""})

    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress


def test_section_approver_approves_in_their_own_section(
    client, home_page, sections, editor
):
    other_news = factories.NewsIndexPageFactory(parent=home_page, slug="tin-khac")
    roles.apply_sections()
    section_approver = make_officer("duyet", roles.APPROVER, section=other_news)
    page = draft_article(other_news, editor)
    submit(as_user(client, editor), page, editor)
    page.refresh_from_db()

    client.force_login(section_approver)
    client.post(workflow_action_url(page, "approve"), {"comment": ""})

    page.refresh_from_db()
    assert page.live
