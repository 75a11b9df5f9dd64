"""Keep the search index in step with what is published.

Publishing saves the page row and then its child rows (positions, tags), so
the entry is written again on `page_published`, when everything is in place.
Deleting a page or document deletes its entry through the foreign key.
"""

from django.db.models.signals import post_save

from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .indexing import index_document, index_page, remove_page


def page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if update_fields is None:
        index_page(instance)
    elif "live" in update_fields:
        # A partial save leaves draft values in memory: index the stored row.
        index_page(Page.objects.get(pk=instance.pk))


def page_published_handler(sender, instance, **kwargs):
    index_page(instance)


def page_unpublished_handler(sender, instance, **kwargs):
    remove_page(instance)


def document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_document(instance)


def connect():
    post_save.connect(page_saved, dispatch_uid="search.page_saved")
    page_published.connect(page_published_handler, dispatch_uid="search.published")
    page_unpublished.connect(
        page_unpublished_handler, dispatch_uid="search.unpublished"
    )
    post_save.connect(
        document_saved, sender=get_document_model(), dispatch_uid="search.document"
    )
