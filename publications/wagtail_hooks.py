from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import DocumentType, Sector


class DocumentTypeAdmin(ModelAdmin):
    model = DocumentType
    menu_label = _("Document types")
    menu_icon = "doc-full"
    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug")
    ordering = ("sort_order", "name")


class SectorAdmin(ModelAdmin):
    model = Sector
    menu_label = _("Sectors")
    menu_icon = "folder-open-inverse"
    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug")
    ordering = ("sort_order", "name")


@modeladmin_register
class PublicationCataloguesGroup(ModelAdminGroup):
    """The register's own catalogues, in a menu of their own ("Văn bản")."""

    menu_label = _("Documents register")
    menu_icon = "doc-full-inverse"
    menu_order = 310
    items = (DocumentTypeAdmin, SectorAdmin)


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    from . import demo

    demo.load(stdout)


load_demo_content.order = 25
