"""`python manage.py import_publications FILE.jsonl`: see docs/publications.md."""

from django.utils.translation import gettext_lazy

from cms.importing import ImportCommand
from publications.importing import PublicationStore, parse
from publications.models import PublicationIndexPage


class Command(ImportCommand):
    help = gettext_lazy(
        "Import official documents from a JSON Lines file, one document a line. "
        "A document is found again by type, number and issuing body, so running "
        "it again updates documents instead of adding copies."
    )
    index_model = PublicationIndexPage
    max_line_bytes = 1024 * 1024
    index_help = gettext_lazy(
        "The documents register to import into: its page ID or URL path "
        "(/van-ban/). Needed when the site has more than one."
    )
    draft_help = gettext_lazy(
        "Save the documents as drafts instead of publishing them."
    )
    media_help = gettext_lazy(
        "The folder file paths are relative to (default: the file's folder)."
    )
    no_index = gettext_lazy("there is no documents register yet; create one first")
    several_indexes = gettext_lazy(
        "the site has several documents registers; choose one with --index: %(list)s"
    )
    unknown_index = gettext_lazy("no documents register %(index)s")
    no_lines = gettext_lazy("file %(path)s has no documents in it")

    def make_store(self, index, **options):
        return PublicationStore(index, **options)

    def save_line(self, line):
        return self.store.save(parse(line.text))
