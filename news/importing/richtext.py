"""Imported HTML, cleaned to what a rich text block allows.

The HTML goes through the same Draftail conversion an editor's save does, so
the stored value is exactly what the editor could have produced: elements and
attributes outside the block's features are dropped, and `javascript:` links
lose their href.
"""

import functools
import re

from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from bs4 import BeautifulSoup, Comment

from cms.importing import LineError

# Elements whose content is code or media, not text: removed with their
# content, where the converter would keep the text ("alert(1)").
DROPPED_ELEMENTS = [
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "head",
    "title",
    "canvas",
    "audio",
    "video",
    "textarea",
    "select",
]
# Draftail's block keys are random; without them the same input always gives
# the same value, so a re-import can tell that nothing changed.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
EMPTY_BLOCK = re.compile(r"<(p|li)>\s*</\1>")
BLANK_LINES = re.compile(r"\n\s*\n")


@functools.cache
def _converter(features):
    return ContentstateConverter(list(features))


def clean_html(value, features):
    """Cleaned database HTML for a rich text block, or "" when nothing is left."""
    soup = BeautifulSoup(value, "html.parser")
    for node in soup.find_all(string=lambda text: isinstance(text, Comment)):
        node.extract()
    for node in soup.find_all(DROPPED_ELEMENTS):
        node.decompose()
    if soup.find() is None:
        # Plain text: blank lines separate paragraphs, a newline is a line break.
        return "".join(
            "<p>{}</p>".format(escape(part.strip()).replace("\n", "<br/>"))
            for part in BLANK_LINES.split(soup.get_text())
            if part.strip()
        )
    converter = _converter(tuple(features))
    try:
        html = converter.to_database_format(
            converter.from_database_format(soup.decode(formatter="minimal"))
        )
    except Exception as error:
        raise LineError(
            _("the HTML could not be read: %(error)s") % {"error": error}
        ) from None
    return EMPTY_BLOCK.sub("", BLOCK_KEY.sub("", html))
