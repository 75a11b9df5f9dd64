"""Turning live pages and documents into SearchEntry rows.

What a page contributes is read from its model's `search_fields` (SearchField
and RelatedFields), so a new page type is searchable by declaring them; the
date comes from the first date FilterField the model declares itself.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models
from wagtail.search import index

from cms import caching

from .models import SearchEntry
from .text import index_forms

BATCH_SIZE = 500
_PAGE_FIELD_NAMES = {field.field_name for field in Page.search_fields}


def _strings(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = value.values()
    if hasattr(value, "__iter__"):
        return [text for item in value for text in _strings(item)]
    return [str(value)]


def _search_values(obj, fields, top_level=True):
    """(is_title, text) for each SearchField value, following RelatedFields."""
    for field in fields:
        if isinstance(field, index.SearchField):
            is_title = top_level and field.field_name == "title"
            for text in _strings(field.get_value(obj)):
                yield is_title, text
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                yield from _search_values(item, field.fields, top_level=False)


def _as_datetime(value):
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
    return None


def page_date(page):
    for field in page.get_search_fields():
        if (
            isinstance(field, index.FilterField)
            and field.field_name not in _PAGE_FIELD_NAMES
        ):
            value = _as_datetime(getattr(page, field.field_name, None))
            if value:
                return value
    return page.first_published_at or page.last_published_at


def _date_words(value):
    """23/06/2026 and 23/6/2026, so a typed date finds events on that day."""
    if value is None:
        return ""
    day = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day:%d/%m/%Y} {day.day}/{day.month}/{day.year}"


def build_entry(obj, title, body_texts, date, content_type):
    body = " ".join(text for text in body_texts if text)
    title_folded, title_exact = index_forms(title)
    body_folded, body_exact = index_forms(f"{body} {_date_words(date)}")
    return SearchEntry(
        content_type=content_type,
        title=title,
        text=body,
        date=date,
        title_folded=title_folded,
        body_folded=body_folded,
        title_exact=title_exact,
        body_exact=body_exact,
    )


def entry_for_page(page):
    titles, body = [], []
    for is_title, text in _search_values(page, page.get_search_fields()):
        (titles if is_title else body).append(text)
    entry = build_entry(
        page,
        " ".join(titles) or page.title,
        body,
        page_date(page),
        ContentType.objects.get_for_id(page.content_type_id),
    )
    entry.page_id = page.pk
    return entry


def entry_for_document(document):
    entry = build_entry(
        document,
        document.title,
        [],
        document.created_at,
        ContentType.objects.get_for_model(type(document)),
    )
    entry.document_id = document.pk
    return entry


def _save(entry, **lookup):
    fields = [
        "content_type",
        "title",
        "text",
        "date",
        "title_folded",
        "body_folded",
        "title_exact",
        "body_exact",
    ]
    SearchEntry.objects.update_or_create(
        **lookup, defaults={name: getattr(entry, name) for name in fields}
    )


def index_page(page):
    """Index a page's live content, or drop it from the index if not live."""
    if not page.live or page.is_root():
        remove_page(page)
        return
    _save(entry_for_page(page.specific), page_id=page.pk)


def remove_page(page):
    SearchEntry.objects.filter(page_id=page.pk).delete()


def index_document(document):
    _save(entry_for_document(document), document_id=document.pk)


def _live_pages(model):
    content_type = ContentType.objects.get_for_model(model)
    queryset = model.objects.live().filter(content_type=content_type)
    for field in model.get_search_fields():
        if isinstance(field, index.RelatedFields):
            queryset = field.select_on_queryset(queryset)
    return queryset.filter(depth__gt=1).order_by("pk")


def rebuild():
    """Recreate every entry from live pages and all documents; returns a count."""
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for model in get_page_models():
            if model is Page:
                continue
            batch = []
            for page in _live_pages(model).iterator(chunk_size=BATCH_SIZE):
                batch.append(entry_for_page(page))
                if len(batch) >= BATCH_SIZE:
                    SearchEntry.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            count += len(batch)
        documents = [
            entry_for_document(document)
            for document in get_document_model().objects.order_by("pk")
        ]
        SearchEntry.objects.bulk_create(documents, batch_size=BATCH_SIZE)
        count += len(documents)
    # Ranked results are kept under the content version (search/views.py),
    # which index rows alone do not renew.
    caching.bump()
    return count
