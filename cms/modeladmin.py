from django.utils.translation import gettext_lazy as _

from wagtail_modeladmin.options import ModelAdmin

from cms.models import Organization


class OrganizationAdmin(ModelAdmin):
    model = Organization
    menu_label = _("Organizations")
    menu_icon = "group"
    list_display = ("name", "kind", "valid_from", "valid_until", "merged_into")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    ordering = ("sort_order", "name")
