from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail import hooks


class Command(BaseCommand):
    help = "Load the demo content (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        # Each app registers its own loader; they run in the order they ask for.
        loaders = sorted(
            hooks.get_hooks("load_demo_content"),
            key=lambda fn: getattr(fn, "order", 50),
        )
        with transaction.atomic():
            for loader in loaders:
                loader(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
