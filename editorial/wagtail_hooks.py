from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from editorial import checks, guide, officers, panels, preview, publishing, roles

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


@hooks.register("before_publish_page")
def check_before_publish(request, page):
    # The revision is already saved here, so refusing loses no work.
    page = page.specific
    problems = checks.problems(page)
    if problems:
        if request.resolver_match.view_name == "wagtailadmin_pages:add":
            # The creation form adds the page live, expecting to publish it.
            page.live = False
            page.has_unpublished_changes = True
            page.save(update_fields=["live", "has_unpublished_changes"])
        return publishing.refuse(
            request,
            page,
            _("“%(title)s” was saved as a draft but not published."),
            problems,
        )
    return None


def _refusal_in_editor(request, page):
    """The message for a refused post of the editor, if the checks guard it.

    Follows the order in which Wagtail's edit view picks the action.
    """
    post = request.POST
    permissions = page.permissions_for_user(request.user)
    if post.get("action-publish") and permissions.can_publish():
        # before_publish_page checks it, once the revision is saved.
        return None
    if (
        any(post.get(action) for action in SUBMIT_ACTIONS)
        and permissions.can_submit_for_moderation()
    ):
        # Approvers only ever receive pages that pass the checks.
        return _("“%(title)s” was saved as a draft but not submitted for approval.")
    if (
        post.get("action-workflow-action")
        and post.get("workflow-action-name") == "approve"
        and publishing.may_approve(page, request.user)
    ):
        return _("“%(title)s” was saved as a draft but not approved.")
    return None


@hooks.register("before_edit_page")
def check_before_submission_or_approval(request, page):
    """Submitting or approving in the editor acts on the page as posted."""
    if request.method != "POST":
        return None
    message = _refusal_in_editor(request, page)
    lock = page.get_lock()
    if message is None or (lock is not None and lock.for_user(request.user)):
        return None
    # A form of its own: the view's form must start from the untouched page.
    base = page.get_latest_revision_as_object()
    form_class = type(base).get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=base,
        for_user=request.user,
        parent_page=base.get_parent(),
    )
    if not form.is_valid():
        # The view shows the form's own errors and acts on nothing.
        return None
    edited = form.save(commit=False)
    problems = checks.problems(edited)
    if not problems:
        return None
    if not edited.live:
        edited.save()
    edited.save_revision(user=request.user, log_action=True)
    return publishing.refuse(request, edited, message, problems)


@hooks.register("after_create_page")
def check_after_submit_on_create(request, page):
    # The creation form has no earlier hook that sees the page.
    if not any(request.POST.get(action) for action in SUBMIT_ACTIONS):
        return None
    page = page.specific
    state = page.current_workflow_state
    problems = checks.problems(page)
    if state is None or not problems:
        return None
    state.cancel(user=request.user)
    publishing.withdraw_success(request)
    return publishing.refuse(
        request,
        page,
        _("“%(title)s” was saved as a draft but not submitted for approval."),
        problems,
    )


@hooks.register("before_bulk_action")
def check_before_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    to_publish = [page.get_latest_revision_as_object() for page in objects]
    if action_class_instance.cleaned_form.cleaned_data.get("include_descendants"):
        # The bulk action also publishes the drafts below the chosen pages.
        to_publish += [
            draft.get_latest_revision_as_object()
            for page in objects
            for draft in page.get_descendants().not_live().specific()
            if draft.permissions_for_user(request.user).can_publish()
        ]
    refused = [(page, checks.problems(page)) for page in to_publish]
    refused = [(page, problems) for page, problems in refused if problems]
    if not refused:
        return None
    messages.error(request, _("Nothing was published: some pages are not ready."))
    for page, problems in refused:
        for problem in problems:
            messages.error(request, f"{page.get_admin_display_title()}: {problem}")
    return redirect(action_class_instance.next_url)


@hooks.register("before_copy_page")
def check_before_publishing_copies(request, page):
    if request.method != "POST" or not request.POST.get("publish_copies"):
        return None
    problems = publishing.live_copy_problems(
        page, recursive=bool(request.POST.get("copy_subpages"))
    )
    if not problems:
        return None
    return publishing.refuse(
        request,
        page,
        _("“%(title)s” was not copied: its copies could not be published."),
        problems,
    )


@hooks.register("construct_admin_api")
def check_admin_api_publication(router):
    router.register_endpoint("pages", publishing.CheckedPagesAdminAPIViewSet)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panel_list):
    # Wagtail's release notes panel points to its English guide on the web.
    panel_list[:] = [
        panel
        for panel in panel_list
        if getattr(panel, "name", None) != "whats_new_in_wagtail_version"
    ]
    panel_list.extend(
        [
            guide.GuidePanel(),
            panels.MyDraftsPanel(),
            panels.ScheduledPanel(),
            panels.AttentionPanel(),
        ]
    )


@hooks.register("register_admin_urls")
def register_guide_url():
    return [path("huong-dan/", guide.editors_guide, name="editorial_guide")]


@hooks.register("register_help_menu_item")
def guide_menu_item():
    return MenuItem(
        guide.TITLE,
        reverse("editorial_guide"),
        icon_name="help",
        order=900,
        name="editors-guide",
    )


# Wagtail's own help items are English pages on the internet (its guide and
# release notes); ours is the guide officers need.
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def keep_our_help(request, menu_items):
    menu_items[:] = [
        item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)
    ]


@hooks.register("register_admin_urls")
def register_preview_link_url():
    return [
        path(
            "editorial/preview/<int:page_id>/",
            preview.preview_link,
            name="editorial_preview_link",
        )
    ]


# Signed draft JSON for the mobile app; cms/urls.py puts it before the API's
# catch-all /api/.
@hooks.register("register_site_urls")
def register_site_urls():
    return [path("api/preview/", include("editorial.urls"))]


@hooks.register("register_page_header_buttons")
def mobile_preview_button(page, user, view_name, next_url=None):
    if page.permissions_for_user(user).can_edit():
        yield PageMenuItem(
            _("Preview in the mobile app"),
            reverse("editorial_preview_link", args=[page.pk]),
            icon_name="mobile-alt",
            priority=66,
            page=page,
        )


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    # On a fresh database the sections appear only with the demo content.
    roles.apply_sections()
    stdout.write("Editorial groups and the approval workflow cover the sections.")


load_demo_content.order = 30


@hooks.register("construct_portal")
def construct_portal_officers(portal):
    officers.build_portal(portal)


construct_portal_officers.order = 30


@hooks.register("construct_page_chooser_queryset")
def choose_pages_of_own_portal(pages, request):
    """The page chooser lists an officer's own portal (and the province's live
    pages); browsing into a page outside them is a 404, since the chooser
    shows the page it browses."""
    parent_id = (request.resolver_match.kwargs or {}).get("parent_page_id")
    if (
        parent_id is not None
        and not officers.choosable_pages(
            Page.objects.filter(pk=parent_id), request.user
        ).exists()
    ):
        raise Http404
    return officers.choosable_pages(pages, request.user)


@hooks.register("insert_global_admin_js")
def keep_typed_dates():
    return format_html(
        '<script src="{}"></script>', static("editorial/js/date_fields.js")
    )
