from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.fields import StreamField

from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from cms import extensions
from cms.modeladmin import CatalogueAdmin
from cms.visibility import in_portals_q, visible

from . import demo
from .admin_views import citations_view
from .citations import linker_for
from .models import DocumentType, PublicationIndexPage, PublicationPage, Sector

SIDEBAR_DOCUMENTS = 5


class DocumentTypeAdmin(CatalogueAdmin):
    model = DocumentType
    menu_label = _("Document types")
    menu_icon = "doc-full"


class SectorAdmin(CatalogueAdmin):
    model = Sector
    menu_label = _("Sectors")
    menu_icon = "folder-open-inverse"


@modeladmin_register
class PublicationCataloguesGroup(ModelAdminGroup):
    """The register's own catalogues, in a menu of their own ("Văn bản")."""

    menu_label = _("Documents register")
    menu_icon = "doc-full-inverse"
    menu_order = 310
    items = (DocumentTypeAdmin, SectorAdmin)


# `import_archive --publications FILE` (cms, docs/archives.md).
@hooks.register("register_archive_import")
def register_archive_import():
    return {"publications": "import_publications"}


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "publications/citations/<int:page_id>/",
            citations_view,
            name="publications_citations",
        )
    ]


class CitationsButton(PageMenuItem):
    """ "Citations" in a page's header menu: which were linked, and to what."""

    label = _("Citations")
    icon_name = "link"

    def is_shown(self, user):
        has_stream = any(
            isinstance(field, StreamField)
            for field in self.page.specific_class._meta.concrete_fields
        )
        return has_stream and self.page.permissions_for_user(user).can_edit()

    @property
    def url(self):
        return reverse("publications_citations", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def citations_button(page, user, view_name=None, next_url=None):
    if page.specific_class is not None:
        yield CitationsButton(page=page, priority=66)


# Every paragraph of one page shares the same three queries (citations.py).
@hooks.register("filter_rich_text")
def link_citations(html, context):
    return linker_for(context).link(html)


# The newest documents head the sidebar beside every page (cms/templates/
# base.html); one query, run only when the portal's sidebar fragment is not kept.
@hooks.register("insert_sidebar_panel")
@extensions.portal_panel("publications/sidebar_documents.html", order=10)
def sidebar_documents(portal, context):
    if portal is None:
        return {"documents": []}
    documents = (
        visible(PublicationPage.objects.filter(in_portals_q([portal])))
        .select_related("document_type")
        .order_by("-issue_date", "-pk")[:SIDEBAR_DOCUMENTS]
    )
    return {"documents": list(documents)}


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = 25


@hooks.register("construct_portal")
def construct_portal_register(portal):
    portal.section(PublicationIndexPage, demo.INDEX_SLUG, "Văn bản")


construct_portal_register.order = 25
