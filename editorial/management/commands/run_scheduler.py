import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections


class Command(BaseCommand):
    help = (
        "Run publish_scheduled every minute, for hosts without cron "
        "(see docs/workflow.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds.")
        parser.add_argument(
            "--runs",
            type=int,
            default=0,
            help="Stop after this many runs (0: run until stopped).",
        )

    def handle(self, *args, interval, runs, **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        done = 0
        while True:
            # A failed run (database away) must not stop the loop: the next
            # run publishes whatever is still due.
            try:
                call_command("publish_scheduled", stdout=self.stdout)
            except Exception as error:
                self.stderr.write(f"publish_scheduled failed: {error}")
            done += 1
            if runs and done >= runs:
                return
            # Never sleep on a connection the database may drop meanwhile.
            close_old_connections()
            time.sleep(interval)
