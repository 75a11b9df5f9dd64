from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cms.modeladmin import OrganizationAdmin
from news import demo
from news.models import Category


class CategoryAdmin(ModelAdmin):
    model = Category
    menu_label = _("Categories")
    menu_icon = "tag"
    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug")
    ordering = ("sort_order", "name")


@modeladmin_register
class CataloguesGroup(ModelAdminGroup):
    """One admin menu, "Danh mục", for the catalogues pages point at."""

    menu_label = _("Catalogues")
    menu_icon = "list-ul"
    menu_order = 300
    items = (CategoryAdmin, OrganizationAdmin)


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = 20
