"""`python manage.py archive_portal HOST --closed-on DATE --successor HOST`
(or `--reopen`): see docs/archives.md."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import archives, portal_setup


def find_portal(host):
    """The site of HOST or HOST:PORT; a command error when there is none."""
    hostname, _sep, port = host.strip().lower().partition(":")
    site = portal_setup.find_site(hostname, int(port) if port.isdigit() else None)
    if site is None:
        raise CommandError(_("no portal %(host)s") % {"host": host})
    return site


def closing_day(value):
    try:
        return archives.day(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = gettext_lazy(
        "Make a portal a read-only archive that names its closing date and its "
        "successor on every page; --reopen makes it writable again."
    )

    def add_arguments(self, parser):
        parser.add_argument("host", help=gettext_lazy("HOST or HOST:PORT"))
        parser.add_argument("--closed-on", help=gettext_lazy("YYYY-MM-DD"))
        parser.add_argument("--successor", help=gettext_lazy("the successor's HOST"))
        parser.add_argument("--reopen", action="store_true")

    def handle(self, *args, host, closed_on, successor, reopen, **options):
        site = find_portal(host)
        if reopen:
            if closed_on or successor:
                raise CommandError(_("--reopen takes no other option"))
            archives.reopen(site)
            self.stdout.write(_("%(host)s is open again") % {"host": host})
            return
        if not closed_on:
            raise CommandError(_("give --closed-on DATE (or --reopen)"))
        day = closing_day(closed_on)
        successor_site = find_portal(successor) if successor else None
        if successor_site == site:
            raise CommandError(_("a portal cannot succeed itself"))
        archives.archive(site, day, successor_site)
        self.stdout.write(
            _("%(host)s is an archive, closed on %(date)s")
            % {"host": host, "date": day.strftime("%d/%m/%Y")}
        )
