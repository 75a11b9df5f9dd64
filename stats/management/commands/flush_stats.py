from django.core.management.base import BaseCommand

from stats.counting import flush


class Command(BaseCommand):
    help = (
        "Write buffered visit statistics to the database now. With Redis this "
        "flushes every process's counts; without it, only this command's own "
        "process (servers flush themselves on a timer and when they stop)."
    )

    def handle(self, *args, **options):
        written = flush()
        self.stdout.write(f"{written} page views written.")
