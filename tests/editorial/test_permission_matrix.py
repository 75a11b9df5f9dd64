"""Every admin URL the project exposes × every role × GET and POST.

Most Wagtail advisories of 2026 were missing object-level checks on secondary
views (history, compare, copy, preview, choosers), so each is walked here for
an editor of another section ("outsider"), the administrator of another
portal made by `create_portal` ("commune": the objects here are another
portal's), a site-wide editor, an approver and a site administrator
(tests/editorial/test_portal_officers.py walks the same URLs between two
communes). A denial is a 403/404 or a redirect to the admin
home or the login page; anything else counts as access.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

import pytest

from editorial import roles
from tests import factories
from tests.editorial.conftest import edit_form_data, make_officer

ROLES = ("anonymous", "outsider", "commune", "editor", "approver", "admin")
# The choosers and form submissions open for every officer, with nothing in
# them that is not theirs.
EVERYONE = {"editor", "approver", "admin", "outsider", "commune"}
EDITORS = {"editor", "approver", "admin"}
PUBLISHERS = {"approver", "admin"}
ADMINS = {"admin"}


def revisions(ctx):
    return list(ctx["page"].revisions.order_by("pk").values_list("pk", flat=True))


def page_url(name, *extra):
    return lambda ctx: reverse(
        f"wagtailadmin_pages:{name}", args=[ctx["page"].pk, *extra]
    )


def workflow_url(name, action):
    def url(ctx):
        page = ctx["submitted"]
        return reverse(
            f"wagtailadmin_pages:{name}",
            args=[page.pk, action, page.current_workflow_task_state.pk],
        )

    return url


def page_form(ctx, user):
    return edit_form_data(ctx["page"], user)


def new_page_form(ctx, user):
    return {**page_form(ctx, user), "slug": "bai-moi", "title": "Bài mới"}


def copy_form(ctx, user):
    return {
        "new_title": "Bản sao",
        "new_slug": "ban-sao",
        "new_parent_page": ctx["section"].pk,
    }


def publication_url(name):
    return lambda ctx: reverse(
        f"wagtailadmin_pages:{name}", args=[ctx["publication"].pk]
    )


def publication_form(ctx, user):
    return edit_form_data(ctx["publication"], user)


def publish_publication_form(ctx, user):
    return {**publication_form(ctx, user), "action-publish": "1"}


def new_publication_form(ctx, user):
    return {**publication_form(ctx, user), "slug": "cv-moi", "number": "9-CV/UBND"}


# name: (url builder, roles allowed to GET, roles allowed to POST[, POST data])
MATRIX = {
    "explorer": (
        lambda ctx: reverse("wagtailadmin_explore", args=[ctx["section"].pk]),
        EDITORS,
        set(),
    ),
    "add": (
        lambda ctx: reverse(
            "wagtailadmin_pages:add",
            args=["news", "newsarticlepage", ctx["section"].pk],
        ),
        EDITORS,
        EDITORS,
        new_page_form,
    ),
    "edit": (page_url("edit"), EDITORS, EDITORS, page_form),
    "preview_on_edit": (page_url("preview_on_edit"), EDITORS, EDITORS),
    "view_draft": (page_url("view_draft"), EDITORS, set()),
    "history": (page_url("history"), EDITORS, set()),
    "revisions_view": (
        lambda ctx: reverse(
            "wagtailadmin_pages:revisions_view",
            args=[ctx["page"].pk, revisions(ctx)[0]],
        ),
        EDITORS,
        set(),
    ),
    "revisions_compare": (
        lambda ctx: reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[ctx["page"].pk, *revisions(ctx)[:2]],
        ),
        EDITORS,
        set(),
    ),
    "revisions_revert": (
        lambda ctx: reverse(
            "wagtailadmin_pages:revisions_revert",
            args=[ctx["page"].pk, revisions(ctx)[0]],
        ),
        EDITORS,
        EDITORS,
        page_form,
    ),
    "copy": (page_url("copy"), EDITORS, EDITORS, copy_form),
    "move": (page_url("move"), PUBLISHERS, PUBLISHERS),
    "delete": (page_url("delete"), PUBLISHERS, PUBLISHERS),
    "unpublish": (page_url("unpublish"), PUBLISHERS, PUBLISHERS),
    "set_privacy": (page_url("set_privacy"), PUBLISHERS, PUBLISHERS),
    "lock": (page_url("lock"), set(), EDITORS),
    "workflow_history": (page_url("workflow_history"), EDITORS, set()),
    "workflow_approve": (
        workflow_url("workflow_action", "approve"),
        PUBLISHERS,
        PUBLISHERS,
    ),
    "workflow_reject": (
        workflow_url("workflow_action", "reject"),
        PUBLISHERS,
        PUBLISHERS,
    ),
    "image_chooser": (
        lambda ctx: reverse("wagtailimages_chooser:choose"),
        EVERYONE,
        set(),
    ),
    "image_chosen": (
        lambda ctx: reverse("wagtailimages_chooser:chosen", args=[ctx["image"].pk]),
        EDITORS,
        set(),
    ),
    "document_chooser": (
        lambda ctx: reverse("wagtaildocs_chooser:choose"),
        EVERYONE,
        set(),
    ),
    "document_chosen": (
        lambda ctx: reverse("wagtaildocs_chooser:chosen", args=[ctx["document"].pk]),
        EDITORS,
        set(),
    ),
    "image_edit": (
        lambda ctx: reverse("wagtailimages:edit", args=[ctx["image"].pk]),
        PUBLISHERS,
        PUBLISHERS,
    ),
    "document_edit": (
        lambda ctx: reverse("wagtaildocs:edit", args=[ctx["document"].pk]),
        PUBLISHERS,
        PUBLISHERS,
    ),
    # Wagtail treats deleting a file as changing it.
    "image_delete": (
        lambda ctx: reverse("wagtailimages:delete", args=[ctx["image"].pk]),
        PUBLISHERS,
        PUBLISHERS,
    ),
    # No page type is a form yet: everyone sees an empty list.
    "form_submissions": (
        lambda ctx: reverse("wagtailforms:index"),
        EVERYONE,
        set(),
    ),
    # The documents register: editors draft and submit, approvers publish,
    # administrators keep its catalogues (docs/workflow.md, "Roles").
    "register_explorer": (
        lambda ctx: reverse("wagtailadmin_explore", args=[ctx["register"].pk]),
        EDITORS,
        set(),
    ),
    "register_add": (
        lambda ctx: reverse(
            "wagtailadmin_pages:add",
            args=["publications", "publicationpage", ctx["register"].pk],
        ),
        EDITORS,
        EDITORS,
        new_publication_form,
    ),
    "register_edit": (
        publication_url("edit"),
        EDITORS,
        EDITORS,
        publication_form,
    ),
    "register_unpublish": (publication_url("unpublish"), PUBLISHERS, PUBLISHERS),
    "document_types": (
        lambda ctx: "/admin/publications/documenttype/",
        ADMINS,
        set(),
    ),
    "sector_create": (
        lambda ctx: "/admin/publications/sector/create/",
        ADMINS,
        ADMINS,
    ),
    "categories": (lambda ctx: "/admin/news/category/", ADMINS, set()),
    "category_create": (lambda ctx: "/admin/news/category/create/", ADMINS, ADMINS),
    "category_edit": (
        lambda ctx: f"/admin/news/category/edit/{ctx['category'].pk}/",
        ADMINS,
        ADMINS,
    ),
    "category_delete": (
        lambda ctx: f"/admin/news/category/delete/{ctx['category'].pk}/",
        ADMINS,
        ADMINS,
    ),
    "organizations": (lambda ctx: "/admin/cms/organization/", ADMINS, set()),
    "organization_edit": (
        lambda ctx: f"/admin/cms/organization/edit/{ctx['organization'].pk}/",
        ADMINS,
        ADMINS,
    ),
    "site_settings": (
        lambda ctx: reverse(
            "wagtailsettings:edit", args=["cms", "sitesettings", ctx["site"].pk]
        ),
        ADMINS,
        ADMINS,
    ),
    "users": (lambda ctx: reverse("wagtailusers_users:index"), set(), set()),
    "groups": (lambda ctx: reverse("wagtailusers_groups:index"), set(), set()),
    "workflows": (lambda ctx: reverse("wagtailadmin_workflows:index"), ADMINS, set()),
    "promoted_results": (
        lambda ctx: reverse("wagtailsearchpromotions:index"),
        ADMINS,
        set(),
    ),
}


@pytest.fixture
def ctx(home_page, sections):
    other = factories.NewsIndexPageFactory(parent=home_page, slug="tin-phuong")
    register = factories.PublicationIndexPageFactory(parent=home_page)
    roles.apply_sections()
    call_command("create_portal", "xa-b.localhost", "Xã B", stdout=StringIO())
    call_command(
        "create_officer",
        "xa-b",
        "--role",
        "admin",
        "--portal",
        "xa-b.localhost",
        stdout=StringIO(),
    )
    users = {
        "commune": get_user_model().objects.get(username="xa-b"),
        "outsider": make_officer("outsider", roles.EDITOR, section=other),
        "editor": make_officer("editor", roles.EDITOR),
        "approver": make_officer("approver", roles.APPROVER),
        "admin": make_officer("quantri", roles.ADMIN),
    }
    page = factories.NewsArticlePageFactory(parent=sections["news"], title="Bản gốc")
    page.save_revision(user=users["editor"]).publish()
    page.title = "Bản nháp"
    page.save_revision(user=users["editor"])
    submitted = factories.NewsArticlePageFactory(parent=sections["news"], live=False)
    sections["news"].get_workflow().start(
        submitted.save_revision(user=users["editor"]).content_object,
        users["editor"],
    )
    root = Collection.get_first_root_node()
    return {
        "users": users,
        "register": register,
        "publication": factories.PublicationPageFactory(parent=register),
        "section": sections["news"],
        "page": page,
        "submitted": Page.objects.get(pk=submitted.pk),
        "image": factories.ImageFactory(collection=root),
        "document": get_document_model().objects.create(
            title="Quyết định", file=factories.image_file(name="qd.txt")
        ),
        "category": factories.CategoryFactory(),
        "organization": factories.OrganizationFactory(),
        "site": Site.objects.get(is_default_site=True),
    }


def is_denied(response):
    if response.status_code in (403, 404):
        return True
    if response.status_code in (301, 302):
        location = response["Location"]
        return location == reverse("wagtailadmin_home") or location.startswith(
            reverse("wagtailadmin_login")
        )
    return False


def outcome(client, ctx, name, role, method):
    """What `role` gets from one request; None when it matches the matrix."""
    build, get_roles, post_roles, *form = MATRIX[name]
    url = build(ctx)
    client.logout()
    user = ctx["users"].get(role, ctx["users"]["admin"])
    if role != "anonymous":
        client.force_login(user)
    page_before = Page.objects.get(pk=ctx["page"].pk)
    if method == "get":
        response = client.get(url)
        status = (response.status_code, response.get("Location", ""))
        # Only a 200 shows anything; any other answer shows nothing.
        return None if (response.status_code == 200) == (role in get_roles) else status
    response = client.post(url, form[0](ctx, user) if form else {})
    status = (response.status_code, response.get("Location", ""))
    if response.status_code >= 500:
        return status
    if role in post_roles:
        return status if is_denied(response) else None
    # POST to a read-only view: 405, or the same page as GET for who may read.
    harmless = response.status_code == 405 or (
        role in get_roles and response.status_code == 200
    )
    if not (is_denied(response) or harmless):
        return status
    page_after = Page.objects.filter(pk=ctx["page"].pk).first()
    # A refused POST changes nothing.
    if page_after is None or (
        page_after.live,
        page_after.locked,
        page_after.path,
    ) != (page_before.live, page_before.locked, page_before.path):
        return ("changed", *status)
    return None


@pytest.mark.parametrize("name", MATRIX)
def test_admin_url_allows_exactly_the_roles_in_the_matrix(client, ctx, name):
    mismatches = {}
    for role in ROLES:
        for method in ("get", "post"):
            # Each request starts from the same data: allowed POSTs delete,
            # move or unpublish the page.
            with transaction.atomic():
                result = outcome(client, ctx, name, role, method)
                transaction.set_rollback(True)
            if result is not None:
                mismatches[role, method] = result
    assert mismatches == {}
