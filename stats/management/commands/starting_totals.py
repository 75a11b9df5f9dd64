"""`python manage.py starting_totals HOST --visits N --views N`: a portal's
counters start from the old system's totals (docs/stats.md, docs/archives.md)."""

from django.core.management.base import BaseCommand, CommandError

from cms import portal_setup
from stats.models import StatsSettings


class Command(BaseCommand):
    help = (
        "Set the visits and page views a portal's old system had counted; the "
        "footer, the API and the reports add them to what this portal counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("host", help="HOST or HOST:PORT")
        parser.add_argument("--visits", type=int)
        parser.add_argument("--views", type=int)

    def handle(self, *args, host, visits, views, **options):
        hostname, _sep, port = host.strip().lower().partition(":")
        site = portal_setup.find_site(hostname, int(port) if port.isdigit() else None)
        if site is None:
            raise CommandError(f"No portal {host}.")
        if visits is None and views is None:
            raise CommandError("Give --visits N, --views N or both.")
        if (visits or 0) < 0 or (views or 0) < 0:
            raise CommandError("Totals cannot be negative.")
        totals = StatsSettings.for_site(site)
        if visits is not None:
            totals.initial_visits = visits
        if views is not None:
            totals.initial_page_views = views
        totals.save()
        self.stdout.write(
            f"{host}: starting from {totals.initial_visits} visits and "
            f"{totals.initial_page_views} page views."
        )
