import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_existing_figures_to_default_site")]

    operations = [
        migrations.AlterModelOptions(
            name="dailysitestat",
            options={
                "ordering": ["-date", "site"],
                "permissions": [
                    ("view_all_portals", "Can view every portal's statistics")
                ],
                "verbose_name": "daily site figures",
                "verbose_name_plural": "daily site figures",
            },
        ),
        migrations.AlterField(
            model_name="dailysitestat",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="portal",
            ),
        ),
        migrations.AlterField(
            model_name="statssettings",
            name="site",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
        migrations.AddConstraint(
            model_name="dailysitestat",
            constraint=models.UniqueConstraint(
                fields=("site", "date"), name="stats_site_day"
            ),
        ),
        migrations.AddIndex(
            model_name="visitorseen",
            index=models.Index(
                fields=["site_id", "last_seen"], name="stats_seen_site"
            ),
        ),
    ]
