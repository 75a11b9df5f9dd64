from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms import extensions
from cms.modeladmin import CatalogueAdmin, OrganizationAdmin
from news import demo, demo_data, sidebar
from news.models import (
    Category,
    EventIndexPage,
    NewsArticlePage,
    NewsIndexPage,
    OfficialIndexPage,
)


class CategoryAdmin(CatalogueAdmin):
    model = Category
    menu_label = _("Categories")
    menu_icon = "tag"


@modeladmin_register
class CataloguesGroup(ModelAdminGroup):
    """One admin menu, "Danh mục", for the catalogues pages point at."""

    menu_label = _("Catalogues")
    menu_icon = "list-ul"
    menu_order = 300
    items = (CategoryAdmin, OrganizationAdmin)


# `import_archive --articles FILE` (cms, docs/archives.md).
@hooks.register("register_archive_import")
def register_archive_import():
    return {"articles": "import_articles", "officials": "import_officials"}


# /api/v2/site/ points mobile apps at the first of each kind of index.
@hooks.register("register_api_site_sections")
def register_api_site_sections():
    return {
        "news": "news.NewsIndexPage",
        "officials": "news.OfficialIndexPage",
        "events": "news.EventIndexPage",
    }


# The sidebar beside every page: the week's calendar under the newest
# documents (publications, 10), then the leaders.
@hooks.register("insert_sidebar_panel")
@extensions.portal_panel("news/includes/sidebar_calendar.html", order=20)
def sidebar_calendar(portal, context):
    return {"events": sidebar.week_events(portal)}


@hooks.register("insert_sidebar_panel")
@extensions.portal_panel("news/includes/sidebar_leaders.html", order=30)
def sidebar_leaders(portal, context):
    # A page that lists the leaders itself (the home page) says so.
    if getattr(context.get("page"), "lists_leaders", False):
        return None
    return {"officials": sidebar.leaders(portal)}


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = 20


@hooks.register("load_demo_content")
def load_demo_portals(stdout):
    demo.load_portals(stdout)


# After the officers (editorial, 30): the portals bring their own groups.
load_demo_portals.order = 40


class ArticleIndexView(PageListingViewSet.index_view_class):
    def get_base_queryset(self):
        # The category column would otherwise cost a query per row.
        return super().get_base_queryset().select_related("category")


class PublishDateColumn(Column):
    """The article's own date as readers see it (23/06/2022): Wagtail's
    DateColumn says how long ago, which is not what this column is for."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if not value:
            return ""
        value = localtime(value)
        return format_html(
            '<time datetime="{}">{}</time>',
            value.isoformat(),
            date_format(value, "SHORT_DATE_FORMAT"),
        )


class ArticleFilterSet(PageFilterSet):
    class Meta:
        model = NewsArticlePage
        fields = ["category", "featured"]


class ArticleListingViewSet(PageListingViewSet):
    """ "Tin bài": every article of every section in one flat, filterable list."""

    model = NewsArticlePage
    index_view_class = ArticleIndexView
    filterset_class = ArticleFilterSet
    icon = "doc-full"
    menu_label = _("News articles")
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        *PageListingViewSet.columns,
        PublishDateColumn(
            "date", label=_("Publish date"), sort_key="date", width="12%"
        ),
        Column("category", label=_("Category"), sort_key="category__name"),
    ]


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("news_articles")


# A new portal's news, leaders and work calendar (`create_portal`); the
# categories are shared by every portal, made once.
PORTAL_SECTIONS = (
    (NewsIndexPage, "tin-tuc", "Tin tức"),
    (OfficialIndexPage, "lanh-dao", "Lãnh đạo"),
    (EventIndexPage, "lich-cong-tac", "Lịch công tác"),
)


@hooks.register("construct_portal")
def construct_portal_sections(portal):
    for slug, name, order in demo_data.CATEGORIES:
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    for model, slug, title in PORTAL_SECTIONS:
        portal.section(model, slug, title)


construct_portal_sections.order = 20
