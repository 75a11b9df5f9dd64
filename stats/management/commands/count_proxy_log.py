import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from stats.proxy_log import ProxyLogCounter, ProxyLogError, follow


class Command(BaseCommand):
    help = (
        "Count the page views nginx served from its cache, from the lines of "
        "its portal_views access log (deploy/nginx/portal.conf) written since "
        "the last run. Run it every minute, one at a time (flock), or once "
        "with --follow under the process supervisor. docs/stats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="nginx's portal_views log file")
        parser.add_argument(
            "--follow",
            action="store_true",
            help="keep reading new lines until stopped (SIGTERM, Ctrl-C)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="with --follow, seconds between reads (default 5)",
        )

    def handle(self, *args, path, **options):
        if not getattr(settings, "STATS_ENABLED", True):
            self.stdout.write("Visit statistics are off (STATS_ENABLED): nothing read.")
            return
        if options["follow"]:
            stopping = []
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stopping.append(True))
            follow(path, options["interval"], self.stdout.write, lambda: stopping)
            return
        try:
            report = ProxyLogCounter(path).run()
        except ProxyLogError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"the database did not take the counts ({error}); nothing of "
                "these lines was counted, the next run reads them again"
            ) from None
        for line in report.summary():
            self.stdout.write(line)
