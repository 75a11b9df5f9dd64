from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models import Catalogue


class Category(index.Indexed, Catalogue):
    """A news category ("Tin tức - Sự kiện", "Văn hóa - Xã hội", ...)."""

    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(Catalogue.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
