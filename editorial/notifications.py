"""The e-mail telling an editor their page was approved carries the
approver's comment, as the changes-requested one already does.

Wagtail's approval notifier leaves the comment out of its context; ours adds
it and takes the place of Wagtail's under the same dispatch_uid
(docs/workflow.md, "Workflow").
"""

from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved

# The uid wagtail.admin.signal_handlers connects its own notifier with.
APPROVAL_DISPATCH_UID = "workflow_state_approved_email_notification"


class ApprovalEmailNotifier(WorkflowStateApprovalEmailNotifier):
    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        # The workflow's last task is the one whose approval finished it.
        task_state = workflow_state.current_task_state
        context["comment"] = task_state.specific.get_comment() if task_state else ""
        return context


approval_email_notifier = ApprovalEmailNotifier()


def replace_approval_notifier():
    """Whichever app's ready() runs first, one notifier remains, ours: a
    signal ignores a second receiver with a uid it already has."""
    workflow_approved.disconnect(
        sender=WorkflowState, dispatch_uid=APPROVAL_DISPATCH_UID
    )
    workflow_approved.connect(
        approval_email_notifier,
        sender=WorkflowState,
        dispatch_uid=APPROVAL_DISPATCH_UID,
    )
