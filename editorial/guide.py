"""The editors' guide inside the admin: docs/huong-dan-bien-tap.md, the same
file the repository shows, rendered as a page of the admin (help menu and
dashboard link to it), so officers never need the English Wagtail guide."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from markdown_it import MarkdownIt

GUIDE = Path(settings.BASE_DIR) / "docs" / "huong-dan-bien-tap.md"
TITLE = _("Editors' guide")


@lru_cache(maxsize=1)
def _rendered(modified):
    # HTML written in the Markdown is shown as text, not run.
    html = MarkdownIt("commonmark", {"html": False}).render(GUIDE.read_text())
    return mark_safe(html)


def guide_html():
    """The guide as HTML, rendered again only when the file changes; None
    when the installation has no docs/ (the app installed elsewhere)."""
    try:
        modified = GUIDE.stat().st_mtime_ns
    except OSError:
        return None
    return _rendered(modified)


def editors_guide(request):
    html = guide_html()
    if html is None:
        raise Http404(TITLE)
    return TemplateResponse(
        request,
        "editorial/guide.html",
        {
            "page_title": TITLE,
            "header_title": TITLE,
            "header_icon": "help",
            "guide": html,
        },
    )


class GuidePanel(Component):
    """The dashboard's pointer to the guide."""

    name = "editors_guide"
    order = 50
    template_name = "editorial/panels/guide.html"
