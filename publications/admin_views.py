"""What editors see in the admin: which citations of a page were linked."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText, expand_db_html

from .citations import AMBIGUOUS, LINKED, CitationLinker, citing_date

STATUS_LABELS = {
    LINKED: _("Linked"),
    AMBIGUOUS: _("Not linked: several documents match"),
}


def rich_texts(value):
    """The rich text values inside a stream field value, in reading order."""
    if isinstance(value, RichText):
        yield value
    elif hasattr(value, "raw_data") and hasattr(value, "__iter__"):
        for child in value:
            yield from rich_texts(child.value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from rich_texts(item)
    elif isinstance(value, list | tuple) or type(value).__name__ == "ListValue":
        for item in value:
            yield from rich_texts(item)


def page_citations(page, request=None):
    """[(text, status, document)] for the citations of a page's stream fields."""
    linker = CitationLinker(before=citing_date(page), request=request)
    for field in type(page)._meta.concrete_fields:
        if isinstance(field, StreamField):
            for text in rich_texts(getattr(page, field.attname)):
                linker.link(expand_db_html(text.source))
    return linker.results


def citations_view(request, page_id):
    """The latest revision's citations, linked or not, and to which document."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        return permission_denied(request)
    latest = page.get_latest_revision_as_object()
    rows = [
        {
            "text": text,
            "status": status,
            "label": STATUS_LABELS.get(
                status, _("Not linked: no registered document matches")
            ),
            "document": document,
        }
        for text, status, document in page_citations(latest, request)
    ]
    return TemplateResponse(
        request,
        "publications/admin/citations.html",
        {
            "page": page,
            "rows": rows,
            "page_title": _("Citations of documents"),
            "page_subtitle": page.get_admin_display_title(),
            "header_icon": "link",
        },
    )
