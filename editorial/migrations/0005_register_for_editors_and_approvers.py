"""The documents register is no longer the superuser's alone: editors draft
its entries, approvers publish them, administrators keep its catalogues
(docs/workflow.md, "Roles"). Site-wide groups and every portal's groups get
the register sections they have; the register joins the approval workflow.

No dependency on `publications`: it is an optional app, and on a fresh
database there is no register yet (`load_demo`, `create_portal` and
`create_officer` grant it once there is).
"""

from django.db import migrations

from editorial import roles


def forwards(apps, schema_editor):
    roles.apply_sections(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    prefix = roles.GROUP_NAMES[roles.ADMIN] + roles.PORTAL_SEPARATOR
    # One pass per portal: a province has a few dozen, once.
    for admin_group in Group.objects.filter(name__startswith=prefix).order_by("pk"):
        roots = Page.objects.filter(group_permissions__group=admin_group).distinct()
        collections = Collection.objects.filter(
            group_permissions__group=admin_group
        ).distinct()
        for collection in collections:
            groups = roles.portal_groups(apps, collection)
            if set(groups) != set(roles.ROLES):
                continue
            for root in roots:
                roles.grant_portal(apps, groups, root, collection)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_remove_wagtail_default_workflow_and_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
