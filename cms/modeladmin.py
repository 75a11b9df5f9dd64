from django.utils.translation import gettext_lazy as _

from wagtail_modeladmin.options import ModelAdmin

from cms.models import Organization


class CatalogueAdmin(ModelAdmin):
    """The admin of a `Catalogue`: a subclass names its model, label and icon."""

    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug")
    ordering = ("sort_order", "name")


class OrganizationAdmin(CatalogueAdmin):
    model = Organization
    menu_label = _("Organizations")
    menu_icon = "group"
    list_display = ("name", "kind", "valid_from", "valid_until", "merged_into")
    list_filter = ("kind",)
