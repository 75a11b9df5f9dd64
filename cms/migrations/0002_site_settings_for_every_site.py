from django.db import migrations


def create_settings(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("cms", "SiteSettings")
    existing = set(SiteSettings.objects.values_list("site_id", flat=True))
    SiteSettings.objects.bulk_create(
        SiteSettings(site_id=pk)
        for pk in Site.objects.values_list("pk", flat=True)
        if pk not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
