import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Figures and starting totals gain their portal; nullable until 0003 has
    given the existing rows the default site."""


    dependencies = [
        ("stats", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        # One row per portal and day from now on (0004 adds the constraint).
        migrations.AlterField(
            model_name="dailysitestat",
            name="date",
            field=models.DateField(verbose_name="date"),
        ),
        migrations.AddField(
            model_name="dailysitestat",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="portal",
            ),
        ),
        migrations.AddField(
            model_name="statssettings",
            name="site",
            field=models.OneToOneField(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
        migrations.AddField(
            model_name="visitorseen",
            name="site_id",
            field=models.IntegerField(default=0),
        ),
    ]
