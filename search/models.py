"""The site search index: one row per live page or document.

The folded and exact token columns feed a full-text index that the
migrations create per database: an FTS5 table kept in sync by triggers on
SQLite, a generated tsvector column with a GIN index on PostgreSQL.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model_string
from wagtail.models import Page


class SearchEntry(models.Model):
    # Written when the page it indexes is saved, which already tells the
    # caches (cms/caching.py).
    shows_on_pages = False

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    page = models.OneToOneField(
        Page,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    document = models.OneToOneField(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    date = models.DateTimeField(null=True, blank=True, db_index=True)
    title = models.TextField()
    title_folded = models.TextField(blank=True)
    title_exact = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    body_exact = models.TextField(blank=True)
    # Plain text of the other searchable fields, for snippets.
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=False)
                ^ models.Q(document__isnull=False),
                name="search_entry_page_xor_document",
            )
        ]

    def __str__(self):
        return self.title
