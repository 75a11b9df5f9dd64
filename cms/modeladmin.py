from django.utils.translation import gettext_lazy as _

from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from cms.models import Organization
from cms.text import without_control_characters


class ExportIndexView(IndexView):
    """The listing whose CSV and XLSX exports carry no control characters:
    openpyxl refuses to write one into a cell (a 500), and a row saved before
    they were removed on save (cms/signal_handlers.py) may still hold one.
    Set as `index_view_class` on a ModelAdmin with `list_export`."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return without_control_characters(value)


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
