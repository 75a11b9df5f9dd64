"""ASCII slugs, folded the way search folds: "Khánh thành nhà văn hóa thôn
Đông" -> "khanh-thanh-nha-van-hoa-thon-dong".

A Unicode slug becomes 200 percent-encoded characters once a link is shared
by Zalo, Facebook or e-mail, so `WAGTAIL_ALLOW_UNICODE_SLUGS` is off. Off,
Wagtail would drop what it cannot transliterate ("Đông" -> "ong" on the
server; its editor's script maps "đ" to "dj" and drops "ệ"), so both sides
fold first, with `cms.text.fold`: the server when a page is saved without a
slug (`AsciiSlugPageMixin`), the editor's script through the slug field's
formatters (`SlugInput`), made from the same function (docs/content.md).
"""

import re
from collections import defaultdict

from django.utils.text import slugify

from wagtail.admin.widgets import SlugInput

from anyascii import anyascii

from cms.text import fold

# Latin letters with marks (Latin-1 to Latin Extended Additional, where every
# Vietnamese letter lives), grouped by what they fold to.
_LATIN_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))


def slug_for(text):
    """The ASCII slug of a title, a heading's anchor or a category: folded
    as search folds, what other scripts remain transliterated (anyascii,
    which Wagtail installs), then Django's slugify."""
    return slugify(anyascii(fold(text)))


def folding_formatters():
    """[(regex, replacement)]: what fold() does to letters, for the editor's
    script, which applies them before its own ASCII transliteration."""
    groups = defaultdict(list)
    for start, end in _LATIN_RANGES:
        for code in range(start, end + 1):
            letter = chr(code)
            folded = fold(letter)
            if folded != letter.lower() and folded.isascii() and folded.isalpha():
                groups[folded].append(letter)
    return [
        (f"[{re.escape(''.join(letters))}]", folded)
        for folded, letters in sorted(groups.items())
    ]


class FoldingSlugInput(SlugInput):
    """Wagtail's slug field, folding Vietnamese before it transliterates."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs, formatters or folding_formatters(), locale)


class AsciiSlugPageMixin:
    """A page saved without a slug gets the folded title's, made unique
    among its siblings as Wagtail makes its own ("-2", "-3"...)."""

    def full_clean(self, *args, **kwargs):
        # Only once the page has its place in the tree: Wagtail waits too.
        if not self.slug and self.title and self.path:
            self.slug = self.free_slug(slug_for(self.title))
        super().full_clean(*args, **kwargs)

    def free_slug(self, base):
        if not base:
            return ""
        taken = set(
            self.get_parent()
            .get_children()
            .filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug
