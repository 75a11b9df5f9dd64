"""Labels Wagtail builds from a field's name without gettext, so no
catalogue reaches them (docs/admin-terminology.md): the sites listing's
columns, a promoted result's link text, and the page field of a workflow's
pages and of a group's page permissions.
Each is given a translatable label once, when the app is ready."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def label_wagtail_fields():
    from wagtail.admin.forms.workflows import WorkflowPagesFormSet
    from wagtail.contrib.search_promotions.forms import SearchPromotionsFormSet
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Site
    from wagtail.sites.views import IndexView as SitesIndexView
    from wagtail.users.forms import PagePermissionsForm

    # The columns are built as Column("port"), whose label is the name
    # capitalised; the model's verbose names are already in the catalogue.
    for column in SitesIndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)

    # The model field has no verbose name, and the formsets' forms copied the
    # label when they were declared: both are set.
    text = _("External link text")
    SearchPromotion._meta.get_field("external_link_text").verbose_name = text
    SearchPromotionsFormSet.form.base_fields["external_link_text"].label = text

    # The page fields of a workflow's pages and of a group's page permissions.
    for form in (WorkflowPagesFormSet.form, PagePermissionsForm):
        form.base_fields["page"].label = _("Page")
