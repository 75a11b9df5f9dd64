"""`python manage.py import_officials FILE.jsonl`: see docs/archives.md."""

from django.utils.translation import gettext_lazy

from cms.importing import ImportCommand
from news.importing.officials import OfficialStore, parse
from news.models import OfficialIndexPage


class Command(ImportCommand):
    help = gettext_lazy(
        "Import leaders' pages from a JSON Lines file, one official a line with "
        "their dated positions. Running it again updates the same pages."
    )
    index_model = OfficialIndexPage
    index_help = gettext_lazy(
        "The leadership directory to import into: its page ID or URL path "
        "(/lanh-dao/). Needed when the site has more than one."
    )
    draft_help = gettext_lazy("Save the pages as drafts instead of publishing them.")
    media_help = gettext_lazy("Not used: the format has no files.")
    no_index = gettext_lazy("there is no leadership directory yet; create one first")
    several_indexes = gettext_lazy(
        "the site has several leadership directories; choose one with --index: %(list)s"
    )
    unknown_index = gettext_lazy("no leadership directory %(index)s")
    no_lines = gettext_lazy("file %(path)s has no officials in it")

    def make_store(self, index, **options):
        return OfficialStore(index, **options)

    def save_line(self, line):
        return self.store.save(*parse(line.text))
