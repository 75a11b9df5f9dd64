from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem

from editorial import checks, panels, preview, roles

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def _refuse(request, page, message):
    messages.error(request, message % {"title": page.get_admin_display_title()})
    for problem in checks.problems(page):
        messages.error(request, problem)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_publish_page")
def check_before_publish(request, page):
    # The revision is already saved here, so refusing loses no work.
    if checks.problems(page.specific):
        return _refuse(
            request,
            page.specific,
            _("“%(title)s” was saved as a draft but not published."),
        )
    return None


def _undo_failed_submission(request, page):
    if not any(request.POST.get(action) for action in SUBMIT_ACTIONS):
        return None
    page = page.specific
    state = page.current_workflow_state
    if state is None or not checks.problems(page):
        return None
    # Approvers only ever receive pages that pass the checks.
    state.cancel(user=request.user)
    return _refuse(
        request,
        page,
        _("“%(title)s” was saved as a draft but not submitted for approval."),
    )


@hooks.register("after_edit_page")
def check_after_submit_on_edit(request, page):
    return _undo_failed_submission(request, page)


@hooks.register("after_create_page")
def check_after_submit_on_create(request, page):
    return _undo_failed_submission(request, page)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panel_list):
    panel_list.extend(
        [panels.MyDraftsPanel(), panels.ScheduledPanel(), panels.AttentionPanel()]
    )


@hooks.register("register_admin_urls")
def register_preview_link_url():
    return [
        path(
            "editorial/preview/<int:page_id>/",
            preview.preview_link,
            name="editorial_preview_link",
        )
    ]


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
