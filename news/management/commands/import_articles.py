"""`python manage.py import_articles FILE.jsonl`: see docs/import.md."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.importing import ImportCommand
from news.importing.records import parse_line
from news.importing.store import ArticleStore
from news.models import NewsIndexPage


class Command(ImportCommand):
    help = gettext_lazy(
        "Import news articles from a JSON Lines file, one article a line. "
        "Running it again updates the same articles instead of adding copies."
    )
    index_model = NewsIndexPage
    # A long article with many paragraphs is a few hundred kilobytes; a line
    # far beyond that is a broken export (or an attack), not an article.
    max_line_bytes = 2 * 1024 * 1024
    index_help = gettext_lazy(
        "The news index to import into: its page ID or URL path "
        "(/tin-tuc/). Needed when the site has more than one."
    )
    draft_help = gettext_lazy("Save the articles as drafts instead of publishing them.")
    media_help = gettext_lazy(
        "The folder image paths are relative to (default: the file's folder)."
    )
    no_index = gettext_lazy("there is no news index yet; create one first")
    several_indexes = gettext_lazy(
        "the site has several news indexes; choose one with --index: %(list)s"
    )
    unknown_index = gettext_lazy("no news index %(index)s")
    no_lines = gettext_lazy("file %(path)s has no articles in it")

    def make_store(self, index, **options):
        return ArticleStore(index, **options)

    def save_line(self, line):
        outcome = self.store.save(parse_line(line.text))
        if outcome.reason and (not outcome.unchanged or self.verbosity > 1):
            self.stdout.write(
                _("line %(number)s: skipped, %(reason)s")
                % {"number": line.number, "reason": outcome.reason}
            )
        return outcome.action
