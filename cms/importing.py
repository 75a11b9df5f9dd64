"""What the JSON Lines import commands share (docs/import.md).

`import_articles` and `import_publications` are both an `ImportCommand`: the
same options, the file read one line at a time (`check_file`, `read_lines`),
the index page found by `resolve_index`, each line's failure reported with
its number (`import_lines`) and the same summary and exit status
(`finish_import`).

Saving a page the Wagtail way (`add_child`, `save_revision`, `publish`) saves
its row three times, and Wagtail's search index and reference index are each
rebuilt on every one of those saves. An import writes thousands of pages, so
it saves them inside `importing_pages()` (which also skips the renditions made
on publication) and brings both indexes up to date once per page with
`update_indexes()`, in the page's own transaction.
"""

import codecs
import datetime
import json
import traceback
from argparse import SUPPRESS
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from wagtail.models import ReferenceIndex, Site
from wagtail.search import index as search_index
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from cms import archives
from cms.renditions import make_renditions_on_publish

CREATED, UPDATED, SKIPPED, FAILED = "created", "updated", "skipped", "failed"
# Enough to tell a file that is not UTF-8 before anything is imported.
SNIFF_BYTES = 64 * 1024


class LineError(Exception):
    """A line that cannot be imported; the message tells the operator why."""


def json_object(text, known):
    """A line's JSON object whose fields are all in `known`, or LineError:
    an unknown field is most likely a typo that would quietly lose its text."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(_("not valid JSON: %(error)s") % {"error": error.msg}) from None
    except RecursionError:
        raise LineError(_("not valid JSON: nested too deeply")) from None
    if not isinstance(record, dict):
        raise LineError(_("a line must be a JSON object"))
    unknown = sorted(set(record) - known)
    if unknown:
        raise LineError(_("unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    return record


def text_field(record, name, max_length=None, required=False):
    """A line's text field, stripped (NUL bytes too), or LineError."""
    value = record.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LineError(_("%(field)s must be text") % {"field": name})
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise LineError(_("%(field)s is missing") % {"field": name})
    if max_length and len(value) > max_length:
        raise LineError(
            _("%(field)s is longer than %(max)s characters")
            % {"field": name, "max": max_length}
        )
    return value


def date_field(record, name, required=False):
    """A line's date (YYYY-MM-DD), None when absent, or LineError."""
    value = record.get(name)
    if value in (None, ""):
        if required:
            raise LineError(_("%(field)s is missing") % {"field": name})
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise LineError(
            _("%(field)s must be a date as YYYY-MM-DD, not %(value)r")
            % {"field": name, "value": value}
        ) from None


@dataclass
class Line:
    number: int
    text: str | None
    error: str | None
    # Bytes read so far, for a progress bar.
    position: int


def check_file(path):
    """The file's size in bytes; one clear error when it cannot be imported."""
    path = Path(path)
    if not path.exists():
        raise CommandError(_("file %(path)s not found") % {"path": path})
    if not path.is_file():
        raise CommandError(_("%(path)s is not a file") % {"path": path})
    size = path.stat().st_size
    if size == 0:
        raise CommandError(_("file %(path)s is empty") % {"path": path})
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    try:
        # Not final: the sample may end in the middle of a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise CommandError(
            _("file %(path)s is not UTF-8 text; save it as UTF-8 and try again")
            % {"path": path}
        ) from None
    return size


def read_lines(path, max_bytes):
    """Yield each non-blank line; one too long or not UTF-8 comes as an error.

    A line is never read whole beyond `max_bytes`, so memory stays flat
    whatever the file holds.
    """
    with Path(path).open("rb") as handle:
        number = 0
        while raw := handle.readline(max_bytes + 1):
            number += 1
            if len(raw) > max_bytes:
                while not raw.endswith(b"\n") and raw:
                    raw = handle.readline(max_bytes)
                error = _("the line is longer than %(max)s MB") % {
                    "max": max_bytes // (1024 * 1024)
                }
                yield Line(number, None, error, handle.tell())
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield Line(number, None, _("the line is not UTF-8 text"), handle.tell())
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            if text.strip():
                yield Line(number, text, None, handle.tell())


def media_folder(path, option):
    """The folder a file's paths are relative to: --media-root, or its own."""
    folder = Path(option or Path(path).resolve().parent)
    if not folder.is_dir():
        raise CommandError(_("media folder %(path)s not found") % {"path": folder})
    return folder


def resolve_index(queryset, value, *, none_yet, several, not_found):
    """The index page named by --index (a page ID or URL path), or the only one.

    The messages name the kind of index: `several` may use %(list)s (the
    indexes there are), `not_found` %(index)s (the value given).
    """
    indexes = queryset.order_by("path")
    if value is None:
        found = list(indexes[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CommandError(none_yet)
        listed = ", ".join(f"{page.pk} ({page.url_path})" for page in indexes[:20])
        raise CommandError(several % {"list": listed})
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
        raise CommandError(not_found % {"index": value})
    return index


def import_lines(command, path, size, max_bytes, save, verbosity):
    """Call save(line) for each line; the count of each action it returns.

    A line that fails is reported with its number and the reason, and the
    rest goes on: each line is saved in its own transaction.
    """
    counts = Counter()
    progress = Progress(command.stderr, size)
    for line in read_lines(path, max_bytes):
        progress.update(line.number, line.position)
        if line.error:
            action, reason = None, line.error
        else:
            action, reason = _attempt(command, verbosity, save, line)
        if reason:
            counts[FAILED] += 1
            progress.clear()
            command.stderr.write(
                _("line %(number)s: %(reason)s")
                % {"number": line.number, "reason": reason}
            )
        else:
            counts[action] += 1
    progress.finish()
    return counts


def _attempt(command, verbosity, save, line):
    """(save(line), "") or, when the line fails, (None, the reason why)."""
    try:
        return save(line), ""
    except LineError as error:
        return None, str(error)
    except ValidationError as error:
        return None, "; ".join(error.messages)
    except Exception as error:
        # One broken line must not stop the others: each has its own
        # transaction, so what went before is saved and this one rolled back.
        if verbosity > 1:
            command.stderr.write(traceback.format_exc())
        return None, _("unexpected error: %(error)s") % {
            "error": f"{type(error).__name__}: {error}"
        }


def finish_import(command, counts, *, dry_run, nothing_read):
    """The summary line; exit status 1 when any line failed."""
    if not counts:
        raise CommandError(nothing_read)
    if dry_run:
        command.stdout.write(_("Dry run: nothing was written."))
    command.stdout.write(
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


class ImportCommand(BaseCommand):
    """`manage.py import_… FILE.jsonl`: one page a line, into one index page.

    A subclass names its index model, its texts and its line limit, builds its
    store in `make_store()` and saves one line in `save_line()`, which returns
    the action (CREATED, UPDATED or SKIPPED) or raises LineError.
    """

    index_model = None
    max_line_bytes = 1024 * 1024
    index_help = draft_help = media_help = ""
    # Messages naming the kind of index and of line (see resolve_index).
    no_index = several_indexes = unknown_index = no_lines = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The .jsonl file to import."))
        parser.add_argument("--index", help=self.index_help)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check every line and report what would happen; write nothing."),
        )
        parser.add_argument("--draft", action="store_true", help=self.draft_help)
        parser.add_argument("--media-root", help=self.media_help)
        # Only `import_archive` writes into an archive portal (cms/archives.py).
        parser.add_argument("--into-archive", action="store_true", help=SUPPRESS)

    def handle(self, *args, **options):
        path = options["file"]
        size = check_file(path)
        self.verbosity = options["verbosity"]
        index = self.find_index(options["index"])
        if archives.is_archived(index) and not options["into_archive"]:
            raise CommandError(
                _(
                    "%(index)s belongs to an archive portal, which is read-only; "
                    "use import_archive (docs/archives.md)"
                )
                % {"index": index.url_path}
            )
        self.store = self.make_store(
            index,
            media_root=media_folder(path, options["media_root"]),
            draft=options["draft"],
            dry_run=options["dry_run"],
        )
        counts = import_lines(
            self, path, size, self.max_line_bytes, self.save_line, self.verbosity
        )
        finish_import(
            self,
            counts,
            dry_run=options["dry_run"],
            nothing_read=self.no_lines % {"path": path},
        )

    @classmethod
    def find_index(cls, value):
        return resolve_index(
            cls.index_model.objects.all(),
            value,
            none_yet=cls.no_index,
            several=cls.several_indexes,
            not_found=cls.unknown_index,
        )

    def make_store(self, index, *, media_root, draft, dry_run):
        raise NotImplementedError

    def save_line(self, line):
        raise NotImplementedError


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


@contextmanager
def importing_pages(model):
    """Saves of `model` pages inside skip work that one import does once.

    Wagtail's search index and reference index are not updated on each save
    (call `update_indexes()` once the page is saved): only `model` is muted
    for the search index, and only this block for the reference index, so
    images or categories saved around it are indexed as usual. Publishing
    makes no renditions (cms/renditions.py): an archive of thousands of
    articles would wait for them, and Wagtail makes a missing rendition when a
    page first shows the image.
    """
    search_muted = post_save.disconnect(post_save_signal_handler, sender=model)
    renditions_muted = page_published.disconnect(make_renditions_on_publish)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        if renditions_muted:
            page_published.connect(make_renditions_on_publish)
        if search_muted:
            post_save.connect(post_save_signal_handler, sender=model)


def update_indexes(page):
    """Index `page` as stored, as the per-save updates would have left it.

    Read again from the database, as Wagtail's own index tasks do: after a
    draft revision of a live page, the live content is what gets indexed.
    """
    stored = type(page).objects.get(pk=page.pk)
    ReferenceIndex.create_or_update_for_object(stored)
    search_index.insert_or_update_object(stored)
