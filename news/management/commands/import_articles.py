"""`python manage.py import_articles FILE.jsonl`: see docs/import.md."""

import traceback
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail.models import Site

from news.importing.errors import LineError
from news.importing.reader import FileError, check_file, read_lines
from news.importing.records import parse_line
from news.importing.store import CREATED, SKIPPED, UPDATED, ArticleStore
from news.models import NewsIndexPage

FAILED = "failed"


class Command(BaseCommand):
    help = _(
        "Import news articles from a JSON Lines file, one article a line. "
        "Running it again updates the same articles instead of adding copies."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .jsonl file to import."))
        parser.add_argument(
            "--index",
            help=_(
                "The news index to import into: its page ID or URL path "
                "(/tin-tuc/). Needed when the site has more than one."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check every line and report what would happen; write nothing."),
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help=_("Save the articles as drafts instead of publishing them."),
        )
        parser.add_argument(
            "--media-root",
            help=_(
                "The folder image paths are relative to (default: the file's folder)."
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            size = check_file(path)
        except FileError as error:
            raise CommandError(str(error)) from None
        media_root = Path(options["media_root"] or path.resolve().parent)
        if not media_root.is_dir():
            raise CommandError(
                _("media folder %(path)s not found") % {"path": media_root}
            )
        store = ArticleStore(
            find_index(options["index"]),
            media_root=media_root,
            draft=options["draft"],
            dry_run=options["dry_run"],
        )
        verbosity = options["verbosity"]
        counts = Counter()
        progress = Progress(self.stderr, size)
        for line in read_lines(path):
            progress.update(line.number, line.position)
            reason = line.error or self._import_line(store, line, counts, verbosity)
            if reason:
                counts[FAILED] += 1
                progress.clear()
                self.stderr.write(
                    _("line %(number)s: %(reason)s")
                    % {"number": line.number, "reason": reason}
                )
        progress.finish()
        if not counts:
            raise CommandError(
                _("file %(path)s has no articles in it") % {"path": path}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        self.stdout.write(
            _(
                "created: %(created)s, updated: %(updated)s, skipped: %(skipped)s, "
                "failed: %(failed)s"
            )
            % {key: counts[key] for key in (CREATED, UPDATED, SKIPPED, FAILED)}
        )
        if counts[FAILED]:
            raise CommandError(
                _("%(count)s line(s) could not be imported; see the reasons above")
                % {"count": counts[FAILED]},
                returncode=1,
            )

    def _import_line(self, store, line, counts, verbosity):
        """Import one line; its failure reason, or "" when it went through."""
        try:
            outcome = store.save(parse_line(line.text))
        except LineError as error:
            return str(error)
        except ValidationError as error:
            return "; ".join(error.messages)
        except Exception as error:
            # One broken line must not stop the others: each has its own
            # transaction, so what went before is saved and this one rolled back.
            if verbosity > 1:
                self.stderr.write(traceback.format_exc())
            return _("unexpected error: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
        counts[outcome.action] += 1
        if outcome.reason and (not outcome.unchanged or verbosity > 1):
            self.stdout.write(
                _("line %(number)s: skipped, %(reason)s")
                % {"number": line.number, "reason": outcome.reason}
            )
        return ""


def find_index(value):
    """The news index named by --index, or the only one there is."""
    indexes = NewsIndexPage.objects.order_by("path")
    if value is None:
        found = list(indexes[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CommandError(_("there is no news index yet; create one first"))
        raise CommandError(
            _("the site has several news indexes; choose one with --index: %(list)s")
            % {
                "list": ", ".join(
                    f"{page.pk} ({page.url_path})" for page in indexes[:20]
                )
            }
        )
    if value.isdigit():
        index = indexes.filter(pk=int(value)).first()
    else:
        path = "/" + value.strip("/") + "/"
        candidates = [path] + [
            site.root_page.url_path.rstrip("/") + path
            for site in Site.objects.select_related("root_page")
        ]
        index = indexes.filter(url_path__in=candidates).first()
    if index is None:
        raise CommandError(_("no news index %(index)s") % {"index": value})
    return index


class Progress:
    """A bar on a terminal; elsewhere (logs, cron) a plain line now and then."""

    EVERY = 1000
    WIDTH = 30

    def __init__(self, stream, total):
        self.stream = stream
        self.total = max(total, 1)
        self.tty = stream.isatty()
        self.drawn = None

    def update(self, number, position):
        if not self.tty:
            if number % self.EVERY == 0:
                self.stream.write(
                    _("%(number)s lines read (%(percent)s%%)")
                    % {"number": number, "percent": 100 * position // self.total}
                )
            return
        # Redraw when the bar moves by a thousandth, not on every line.
        step = 1000 * position // self.total
        if step != self.drawn:
            self.drawn = step
            filled = self.WIDTH * step // 1000
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(
                f"\r[{bar}] {step / 10:5.1f}% "
                + _("line %(number)s") % {"number": number},
                style_func=str,
                ending="",
            )

    def clear(self):
        # A message goes on a line of its own, not after the bar.
        if self.tty and self.drawn is not None:
            self.stream.write("\r\033[K", style_func=str, ending="")
            self.drawn = None

    def finish(self):
        if self.tty and self.drawn is not None:
            self.stream.write("", style_func=str, ending="\n")
