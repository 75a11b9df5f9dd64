"""The lines of a JSON Lines file, read one at a time so memory stays flat."""

import codecs
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

# A long article with many paragraphs is a few hundred kilobytes; a line far
# beyond that is a broken export (or an attack), not an article.
MAX_LINE_BYTES = 2 * 1024 * 1024
SNIFF_BYTES = 64 * 1024


class FileError(Exception):
    """The file as a whole cannot be read: one clear message, nothing imported."""


@dataclass
class Line:
    number: int
    text: str | None
    error: str | None
    # Bytes read so far, for the progress bar.
    position: int


def check_file(path):
    """The file's size in bytes; raise FileError when it cannot be imported."""
    path = Path(path)
    if not path.exists():
        raise FileError(_("file %(path)s not found") % {"path": path})
    if not path.is_file():
        raise FileError(_("%(path)s is not a file") % {"path": path})
    size = path.stat().st_size
    if size == 0:
        raise FileError(_("file %(path)s is empty") % {"path": path})
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    try:
        # Not final: the sample may end in the middle of a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise FileError(
            _("file %(path)s is not UTF-8 text; save it as UTF-8 and try again")
            % {"path": path}
        ) from None
    return size


def read_lines(path):
    """Yield each non-blank line; one that is too long or not UTF-8 as an error."""
    with Path(path).open("rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                _skip_rest_of_line(handle, raw)
                yield Line(
                    number,
                    None,
                    _("the line is longer than %(max)s MB")
                    % {"max": MAX_LINE_BYTES // (1024 * 1024)},
                    handle.tell(),
                )
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


def _skip_rest_of_line(handle, raw):
    while not raw.endswith(b"\n"):
        raw = handle.readline(MAX_LINE_BYTES)
        if not raw:
            return
