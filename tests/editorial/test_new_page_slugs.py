"""New pages get ASCII slugs, folded the way search folds (đ -> d)."""

import json
import re

from wagtail.models import Page, get_page_models

from cms.slugs import AsciiSlugPageMixin, slug_for
from cms.text import fold
from news.models import NewsArticlePage

TITLE = "Khánh thành nhà văn hóa thôn Đông"


def test_a_page_saved_without_a_slug_gets_the_folded_title(sections):
    # The admin's script fills the slug as the title is typed
    # (tests/e2e/test_admin.py); pages made in code get theirs on save.
    for _ in range(2):
        sections["news"].add_child(instance=NewsArticlePage(title=TITLE))

    slugs = Page.objects.filter(title=TITLE).order_by("pk")
    assert list(slugs.values_list("slug", flat=True)) == [
        "khanh-thanh-nha-van-hoa-thon-dong",
        "khanh-thanh-nha-van-hoa-thon-dong-2",
    ]


def test_the_slug_field_folds_what_is_typed_as_search_does(sections, editor):
    form_class = NewsArticlePage.get_edit_handler().get_form_class()
    widget = form_class(for_user=editor).fields["slug"].widget
    formatters = json.loads(widget.attrs["data-w-slug-formatters-value"])
    typed = TITLE.lower()
    for (pattern, _flags), replacement in formatters:
        typed = re.sub(pattern, replacement, typed)
    assert typed == fold(TITLE)


def test_slugs_fold_as_search_does():
    assert slug_for("Quyết định số 152/QĐ-UBND") == "quyet-dinh-so-152qd-ubnd"
    assert slug_for(TITLE) == fold(TITLE).replace(" ", "-")


def test_every_page_type_makes_ascii_slugs():
    assert [
        m for m in get_page_models()[1:] if not issubclass(m, AsciiSlugPageMixin)
    ] == []
