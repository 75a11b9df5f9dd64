"""Remove what Wagtail's own migrations set up for a generic site: the
"Moderators approval" workflow on the tree's root and the "Editors" and
"Moderators" groups.

Officers work in the groups of editorial/roles.py and the "Duyệt tin"
workflows (docs/workflow.md); Wagtail's English ones showed beside ours
("Thực hiện Moderators approval" on leaders' pages, an English group an
officer could be put in). A group somebody was put in is kept: removing it
would silently take that person's access away (docs/workflow.md says how
to move them).
"""

from django.db import migrations

WAGTAIL_WORKFLOW = "Moderators approval"
WAGTAIL_GROUPS = ("Editors", "Moderators")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflows = Workflow.objects.filter(name=WAGTAIL_WORKFLOW)
    task_ids = set(
        WorkflowTask.objects.filter(workflow__in=workflows).values_list(
            "task_id", flat=True
        )
    )
    # Its pages, steps and any review in progress go with it (cascade); the
    # pages' drafts stay.
    workflows.delete()
    still_used = WorkflowTask.objects.filter(task_id__in=task_ids).values("task_id")
    GroupApprovalTask.objects.filter(
        pk__in=task_ids, name=WAGTAIL_WORKFLOW
    ).exclude(pk__in=still_used).delete()
    Group.objects.filter(name__in=WAGTAIL_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_two_factor_for_approvers_and_administrators"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
