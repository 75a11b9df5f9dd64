from django.db import migrations


def default_site(apps):
    Site = apps.get_model("wagtailcore", "Site")
    return (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.order_by("pk").first()
    )


def to_default_site(apps, schema_editor):
    """Everything counted before portals was the default site's: its daily
    rows and the one generic starting-totals row go to it."""
    DailySiteStat = apps.get_model("stats", "DailySiteStat")
    StatsSettings = apps.get_model("stats", "StatsSettings")
    figures = DailySiteStat.objects.filter(site__isnull=True)
    starting = StatsSettings.objects.filter(site__isnull=True).order_by("pk")
    if not figures.exists() and not starting.exists():
        return
    site = default_site(apps)
    if site is None:
        raise RuntimeError(
            "stats: visit figures exist but there is no Wagtail site to give "
            "them to; create the site first, then migrate again."
        )
    figures.update(site=site)
    first = starting.first()
    if first is not None:
        starting.exclude(pk=first.pk).delete()
        if not StatsSettings.objects.filter(site=site).exists():
            StatsSettings.objects.filter(pk=first.pk).update(site=site)
        else:
            starting.delete()


def to_generic(apps, schema_editor):
    """Back to one install-wide row: the default site's figures survive,
    other portals' rows cannot (one row per day) and are dropped."""
    DailySiteStat = apps.get_model("stats", "DailySiteStat")
    StatsSettings = apps.get_model("stats", "StatsSettings")
    site = default_site(apps)
    DailySiteStat.objects.exclude(site=site).delete()
    StatsSettings.objects.exclude(site=site).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_site_columns")]

    operations = [migrations.RunPython(to_default_site, to_generic)]
