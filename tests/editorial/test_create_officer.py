"""The IT officer's `create_officer` command."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail import hooks
from wagtail.models import Collection, GroupPagePermission

import pytest

from editorial import roles
from tests import factories


def create_officer(*args):
    out = StringIO()
    call_command("create_officer", *args, stdout=out)
    return out.getvalue()


def test_site_wide_editor_may_edit_news_but_not_publish(sections):
    output = create_officer("lan", "--role", "editor", "--email", "lan@xa.gov.vn")

    user = get_user_model().objects.get(username="lan")
    assert "Mật khẩu:" in output
    assert user.check_password(output.split("Mật khẩu: ")[1].split()[0])
    assert [g.name for g in user.groups.all()] == ["Biên tập viên"]
    news = sections["news"].permissions_for_user(user)
    assert news.can_add_subpage()
    assert not news.can_publish_subpage()
    assert not sections["officials"].permissions_for_user(user).can_add_subpage()


def test_section_officer_gets_only_that_section_and_its_collection(home_page, sections):
    other = factories.NewsIndexPageFactory(parent=home_page, slug="tin-phuong")

    create_officer("hoa", "--role", "approver", "--section", "/tin-tuc/")

    user = get_user_model().objects.get(username="hoa")
    (group,) = user.groups.all()
    assert group.name.startswith("Người duyệt · Tin tức")
    assert sections["news"].permissions_for_user(user).can_publish_subpage()
    assert not other.permissions_for_user(user).can_add_subpage()
    (collection,) = Collection.objects.filter(group_permissions__group=group).distinct()
    assert collection.name.startswith("Tin tức")
    # The section now has its own workflow that this group approves.
    workflow = sections["news"].get_workflow()
    assert group in workflow.tasks.get().specific.groups.all()


def test_running_it_again_keeps_the_password_and_adds_nothing(sections):
    create_officer("lan", "--role", "editor")
    user = get_user_model().objects.get(username="lan")
    password = user.password
    grants = GroupPagePermission.objects.count()

    output = create_officer("lan", "--role", "editor")

    user.refresh_from_db()
    assert user.password == password
    assert "Mật khẩu:" not in output
    assert GroupPagePermission.objects.count() == grants


def test_unknown_section_is_a_clear_error(sections):
    with pytest.raises(CommandError, match="/khong-co/"):
        create_officer("lan", "--role", "editor", "--section", "/khong-co/")
    assert not get_user_model().objects.filter(username="lan").exists()


def test_unknown_role_is_refused(sections):
    with pytest.raises(CommandError):
        create_officer("lan", "--role", "boss")


def test_demo_loader_applies_the_sections_after_the_news_loader(
    home_page, news_index, event_index
):
    (loader,) = [
        hook
        for hook in hooks.get_hooks("load_demo_content")
        if hook.__module__ == "editorial.wagtail_hooks"
    ]
    assert loader.order > 20  # news.wagtail_hooks creates the sections at 20

    loader(StringIO())

    editors = roles.base_groups()[roles.EDITOR]

    assert GroupPagePermission.objects.filter(group=editors, page=news_index).exists()
    assert news_index.get_workflow().name == roles.WORKFLOW_NAME
