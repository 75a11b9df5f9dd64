"""Give "Quản trị" promoted search results: Wagtail checks SearchPromotion."""

from django.db import migrations

from editorial import roles


def forwards(apps, schema_editor):
    roles.grant_model_permissions(
        apps, roles.base_groups(apps)[roles.ADMIN], roles.ADMIN
    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles_and_workflow"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
