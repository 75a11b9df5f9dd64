"""`python manage.py export_articles FILE.jsonl`: the import format, written out."""

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from news.importing.export import IMAGES_FOLDER, ImageWriter, article_line
from news.management.commands.import_articles import Command as ImportArticles
from news.models import NewsArticlePage


class Command(BaseCommand):
    help = _(
        "Write the published news articles to a JSON Lines file that "
        "import_articles reads, with their images in an images/ folder beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .jsonl file to write."))
        parser.add_argument(
            "--index",
            help=_("Only the articles under this news index (page ID or URL path)."),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        # Never overwrite: an earlier export may be the only copy of a site.
        if path.exists():
            raise CommandError(
                _("%(path)s already exists; choose a new file name") % {"path": path}
            )
        if not path.parent.is_dir():
            raise CommandError(_("folder %(path)s not found") % {"path": path.parent})
        articles = NewsArticlePage.objects.all()
        if options["index"]:
            articles = articles.child_of(ImportArticles.find_index(options["index"]))
        # Drafts and private articles stay out: an import publishes what it
        # reads, so exporting them would make them public elsewhere.
        published = (
            articles.live()
            .public()
            .select_related("hero_image", "category")
            .prefetch_related("tags")
            .order_by("date", "pk")
        )
        images = ImageWriter(path.parent)
        written, left_out = 0, Counter()
        with path.open("x", encoding="utf-8") as out:
            for page in published.iterator(chunk_size=200):
                line, missing = article_line(page, images)
                left_out.update(missing)
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                written += 1
        self.stdout.write(
            _("%(count)s articles written to %(path)s, %(images)s images in %(folder)s")
            % {
                "count": written,
                "path": path,
                "images": len(images.written),
                "folder": path.parent / IMAGES_FOLDER,
            }
        )
        not_public = articles.count() - written
        if not_public:
            self.stdout.write(
                _("%(count)s draft or private articles were not exported")
                % {"count": not_public}
            )
        for kind, count in sorted(left_out.items()):
            self.stdout.write(
                _(
                    '%(count)s "%(type)s" blocks were left out: the format has '
                    "no place for them"
                )
                % {"count": count, "type": kind}
            )
