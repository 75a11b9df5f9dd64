"""Guards on the ways a page goes live that lack a usable Wagtail hook.

docs/workflow.md lists every path and its guard; the hooks themselves are in
wagtail_hooks.py. A refused publication always keeps the officer's work.
"""

from django.contrib import messages as django_messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.api.actions.copy import CopyPageAPIAction
from wagtail.admin.api.actions.publish import PublishPageAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.models import Page, TaskState, WorkflowState

from rest_framework.exceptions import ValidationError

from editorial import checks

WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"


def refuse(request, page, message, problems):
    """Tell the officer why `page` stayed as it was; back to its editor."""
    messages.error(request, message % {"title": page.get_admin_display_title()})
    for problem in problems:
        messages.error(request, problem)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def withdraw_success(request):
    """Take back the success messages queued so far: a view that reports
    success before its hooks run (Wagtail's page creation) must not show it
    beside our refusal."""
    storage = django_messages.get_messages(request)
    # Reading the storage marks every message as shown; the others go back.
    kept = [message for message in storage if message.level != django_messages.SUCCESS]
    for message in kept:
        storage.add(message.level, message.message, message.extra_tags)


def may_act(page, user, action):
    task = page.current_workflow_task
    return task is not None and any(
        name == action for name, _label, _modal in task.get_actions(page, user)
    )


def may_approve(page, user):
    return may_act(page, user, "approve")


def report_workflow_action(request, task_state):
    """Say what the approver's action did: Wagtail's workflow action view
    (the dashboard, the listings) redirects without a word."""
    task_state.refresh_from_db()
    page = Page.objects.get(pk=task_state.workflow_state.object_id)
    if task_state.status == TaskState.STATUS_REJECTED:
        message = _(
            "Changes were requested on “%(title)s”: it goes back to its "
            "editor with your comment."
        )
    elif task_state.status != TaskState.STATUS_APPROVED:
        return
    elif task_state.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        message = _("“%(title)s” was approved at this step and goes on to the next.")
    elif page.live and not page.has_unpublished_changes:
        message = _("“%(title)s” was approved and published.")
    else:
        message = _(
            "“%(title)s” was approved; it will be published at its scheduled time."
        )
    messages.success(request, message % {"title": page.get_admin_display_title()})


def live_copy_problems(page, recursive):
    """Problems of the live pages a copy that keeps them live would publish."""
    pages = [page.specific]
    if recursive:
        pages += page.get_descendants().live().specific()
    return [
        f"{copied.get_admin_display_title()}: {problem}"
        for copied in pages
        if copied.live
        for problem in checks.problems(copied)
    ]


class ContentCheckMiddleware:
    """Approval and requests for changes outside the editor (the dashboard,
    the listings): Wagtail's workflow action view has no hook, checks
    nothing and reports nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        task_state = getattr(request, "editorial_task_state", None)
        if task_state is not None:
            report_workflow_action(request, task_state)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        action = view_kwargs.get("action_name")
        if (
            request.method != "POST"
            or request.resolver_match.view_name != WORKFLOW_ACTION_VIEW
            or action not in ("approve", "reject")
        ):
            return None
        page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
        # Whoever may not act gets Wagtail's own answer, and learns nothing
        # about the draft from ours.
        if page is None or not may_act(page, request.user, action):
            return None
        request.editorial_task_state = page.current_workflow_task_state
        if action != "approve":
            return None
        latest = page.get_latest_revision_as_object()
        problems = checks.problems(latest)
        if not problems:
            return None
        response = refuse(
            request,
            latest,
            _("“%(title)s” was not approved: it is not ready to be published."),
            problems,
        )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The modal follows this redirect to the editor, where the
            # messages wait.
            return render_modal_workflow(
                request,
                "",
                None,
                {},
                json_data={"step": "success", "redirect": response.url},
            )
        return response


class CheckedPublishAPIAction(PublishPageAPIAction):
    def execute(self, instance, data):
        problems = checks.latest_problems(instance)
        if problems:
            raise ValidationError({"content": problems})
        return super().execute(instance, data)


class CheckedCopyAPIAction(CopyPageAPIAction):
    def execute(self, instance, data):
        if data["keep_live"]:
            problems = live_copy_problems(instance, data["recursive"])
            if problems:
                raise ValidationError({"content": problems})
        return super().execute(instance, data)


class CheckedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    actions = {
        **PagesAdminAPIViewSet.actions,
        "publish": CheckedPublishAPIAction,
        "copy": CheckedCopyAPIAction,
    }
