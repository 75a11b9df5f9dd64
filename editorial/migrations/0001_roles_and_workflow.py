"""Create the editorial groups and the "Duyệt tin" workflow.

On a fresh database the sections do not exist yet: `load_demo` and
`create_officer` apply the same section grants once they do.
"""

from django.db import migrations

from editorial import roles


def forwards(apps, schema_editor):
    roles.apply_sections(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("cms", "0001_initial"),
        ("news", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
