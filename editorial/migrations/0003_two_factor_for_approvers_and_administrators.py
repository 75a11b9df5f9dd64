"""Approvers and administrators must use two-factor sign-in: flag their
groups, site-wide, per portal and per section (editorial/roles.py)."""

from django.db import migrations

from editorial import roles


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.order_by("pk"):
        role = roles.role_of(group.name)
        if role is not None:
            roles.require_two_factor(apps, {role: group})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_admin_promoted_results"),
        ("cms", "0005_group_two_factor"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
