"""`python manage.py merge_portals OLD [OLD ...] --into NEW --on DATE`: see
docs/archives.md."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import archives, units
from cms.management.commands.archive_portal import closing_day, find_portal
from cms.models import SiteSettings


class Command(BaseCommand):
    help = gettext_lazy(
        "Archive the old portals of merged units with the new portal as their "
        "successor, and record the merge of their administrative units."
    )

    def add_arguments(self, parser):
        parser.add_argument("old", nargs="+", help=gettext_lazy("the old portals"))
        parser.add_argument("--into", required=True, help=gettext_lazy("NEW HOST"))
        parser.add_argument("--on", required=True, help=gettext_lazy("YYYY-MM-DD"))

    def handle(self, *args, old, into, on, **options):
        day = closing_day(on)
        new_site = find_portal(into)
        old_sites = [find_portal(host) for host in old]
        if new_site in old_sites:
            raise CommandError(_("the new portal cannot be one of the old ones"))
        settings = {
            row.site_id: row
            for row in SiteSettings.objects.filter(
                site__in=[new_site, *old_sites]
            ).select_related("unit")
        }
        new_unit = getattr(settings.get(new_site.pk), "unit", None)
        old_units = [
            settings[site.pk].unit
            for site in old_sites
            if site.pk in settings and settings[site.pk].unit_id
        ]
        with transaction.atomic():
            for site in old_sites:
                archives.archive(site, day, new_site)
            if new_unit is not None and old_units:
                units.record_merge(old_units, new_unit, day)
        self.stdout.write(
            _("%(count)s portal(s) archived into %(host)s on %(date)s")
            % {"count": len(old_sites), "host": into, "date": day.strftime("%d/%m/%Y")}
        )
        if new_unit is None or len(old_units) < len(old_sites):
            self.stdout.write(
                _(
                    "the units' merge was not recorded for portals without an "
                    "administrative unit (create_portal --unit-code)"
                )
            )
