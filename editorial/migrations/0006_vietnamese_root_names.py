"""The page tree's and the collections' roots are named in Vietnamese.

Wagtail's migrations named them "Root", which officers saw in the page
chooser, the image and document choosers and every collection menu
("Root » Ảnh 8"). A root somebody already renamed keeps its name.
"""

from django.db import migrations

PAGE_ROOT = "Gốc"
COLLECTION_ROOT = "Thư mục chung"


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(
        title=PAGE_ROOT, draft_title=PAGE_ROOT
    )
    Collection.objects.filter(depth=1, name="Root").update(name=COLLECTION_ROOT)


def backwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=PAGE_ROOT).update(
        title="Root", draft_title="Root"
    )
    Collection.objects.filter(depth=1, name=COLLECTION_ROOT).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_register_for_editors_and_approvers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
