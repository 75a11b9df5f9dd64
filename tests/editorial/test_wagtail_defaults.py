"""Wagtail's generic workflow and groups are gone; ours carry the work."""

import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from editorial import roles

removal = importlib.import_module(
    "editorial.migrations.0004_remove_wagtail_default_workflow_and_groups"
)


def test_only_the_editorial_groups_and_workflow_remain(sections):
    assert set(Group.objects.values_list("name", flat=True)) == set(
        roles.GROUP_NAMES.values()
    )
    assert list(Workflow.objects.values_list("name", flat=True)) == [
        roles.WORKFLOW_NAME
    ]
    # Leaders' pages are published by approvers directly (docs/workflow.md).
    assert sections["officials"].get_workflow() is None
    assert sections["news"].get_workflow().name == roles.WORKFLOW_NAME


def test_an_english_group_someone_is_in_is_kept(db):
    root = Page.get_first_root_node()
    workflow = Workflow.objects.create(name="Moderators approval")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=root, workflow=workflow)
    editors = Group.objects.create(name="Editors")
    Group.objects.create(name="Moderators")
    get_user_model().objects.create_user("old").groups.add(editors)

    removal.forwards(apps, None)

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not GroupApprovalTask.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.filter(page=root).exists()
    assert set(Group.objects.filter(name__in=removal.WAGTAIL_GROUPS)) == {editors}
