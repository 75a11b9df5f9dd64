"""Rebuild the site search index from live pages and documents."""

import time

from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the site search index (search.SearchEntry) from every live page "
        "and every document. Publishing keeps it current; run this after bulk "
        "imports or raw SQL changes."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = rebuild()
        self.stdout.write(
            f"Indexed {count} pages and documents in "
            f"{time.perf_counter() - started:.1f} s."
        )
