"""`python manage.py import_publications FILE.jsonl`: see docs/publications.md."""

import traceback
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail.models import Site

from publications.importing import (
    CREATED,
    SKIPPED,
    UPDATED,
    LineError,
    PublicationStore,
    parse,
)
from publications.models import PublicationIndexPage

FAILED = "failed"
MAX_LINE_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = _(
        "Import official documents from a JSON Lines file, one document a line. "
        "A document is found again by type, number and issuing body, so running "
        "it again updates documents instead of adding copies."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .jsonl file to import."))
        parser.add_argument(
            "--index",
            help=_(
                "The documents register to import into: its page ID or URL path "
                "(/van-ban/). Needed when the site has more than one."
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
            help=_("Save the documents as drafts instead of publishing them."),
        )
        parser.add_argument(
            "--media-root",
            help=_(
                "The folder file paths are relative to (default: the file's folder)."
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("file %(path)s not found") % {"path": path})
        media_root = Path(options["media_root"] or path.resolve().parent)
        if not media_root.is_dir():
            raise CommandError(
                _("media folder %(path)s not found") % {"path": media_root}
            )
        store = PublicationStore(
            find_index(options["index"]),
            media_root=media_root,
            draft=options["draft"],
            dry_run=options["dry_run"],
        )
        counts = Counter()
        for number, text, error in read_lines(path):
            reason = error or self._import_line(store, text, counts, options)
            if reason:
                counts[FAILED] += 1
                self.stderr.write(
                    _("line %(number)s: %(reason)s")
                    % {"number": number, "reason": reason}
                )
        if not counts:
            raise CommandError(
                _("file %(path)s has no documents in it") % {"path": path}
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

    def _import_line(self, store, text, counts, options):
        """Import one line; its failure reason, or "" when it went through."""
        try:
            counts[store.save(parse(text))] += 1
        except LineError as error:
            return str(error)
        except ValidationError as error:
            return "; ".join(error.messages)
        except Exception as error:
            # One broken line must not stop the others: each has its own
            # transaction, so what went before is saved and this one rolled back.
            if options["verbosity"] > 1:
                self.stderr.write(traceback.format_exc())
            return _("unexpected error: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
        return ""


def read_lines(path):
    """(number, text, error) for each non-blank line."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if len(raw) > MAX_LINE_BYTES:
                yield number, None, _("the line is longer than 1 MB")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None, _("the line is not UTF-8 text")
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            if text.strip():
                yield number, text, None


def find_index(value):
    """The register named by --index, or the only one there is."""
    indexes = PublicationIndexPage.objects.order_by("path")
    if value is None:
        found = list(indexes[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CommandError(
                _("there is no documents register yet; create one first")
            )
        raise CommandError(
            _("the site has several documents registers; choose one with --index")
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
        raise CommandError(_("no documents register %(index)s") % {"index": value})
    return index
