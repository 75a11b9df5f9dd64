"""Dashboard panels for officers: drafts, the schedule, content to fix.

Pages awaiting the officer's approval are Wagtail's own "awaiting your
review" panel, which already knows the workflow's groups.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy

LIMIT = 10


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["add", "change", "publish"]
    )


class PageListPanel(Component):
    template_name = "editorial/panels/page_list.html"
    heading = ""
    empty = ""

    def rows(self, user):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "empty": self.empty,
            "rows": list(self.rows(user)),
        }


class MyDraftsPanel(PageListPanel):
    name = "editorial-my-drafts"
    order = 205
    heading = _("My drafts")
    empty = _("You have no unpublished changes.")

    def rows(self, user):
        pages = (
            editable_pages(user)
            .filter(has_unpublished_changes=True, latest_revision__user=user)
            # A scheduled revision is done work: "Trang đã lên lịch" lists it.
            .filter(latest_revision__approved_go_live_at__isnull=True)
            .order_by("-latest_revision_created_at")[:LIMIT]
        )
        for page in pages:
            yield page, page.latest_revision_created_at, ""


class ScheduledPanel(PageListPanel):
    name = "editorial-scheduled"
    order = 230
    heading = _("Scheduled pages")
    empty = _("Nothing is scheduled.")

    def rows(self, user):
        pages = editable_pages(user)
        publishing = Revision.page_revisions.filter(
            approved_go_live_at__isnull=False,
            object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
        ).order_by("approved_go_live_at")[:LIMIT]
        by_pk = Page.objects.in_bulk([int(r.object_id) for r in publishing])
        for revision in publishing:
            page = by_pk.get(int(revision.object_id))
            if page is not None:
                yield page, revision.approved_go_live_at, _("goes live")
        expiring = pages.filter(live=True, expire_at__gt=timezone.now()).order_by(
            "expire_at"
        )[:LIMIT]
        for page in expiring:
            yield page, page.expire_at, _("expires")


class AttentionPanel(PageListPanel):
    name = "editorial-attention"
    order = 240
    heading = _("Content needing attention")
    empty = _("All content is complete.")

    def rows(self, user):
        ids = editable_pages(user).values("pk")
        # Page types declare what needs attention (`attention_needed`: a
        # condition and the reason shown); one query per such type. Declared
        # on the type itself: a subtype's pages are among its parent's already.
        for model in get_page_models():
            condition, reason = vars(model).get("attention_needed", (None, None))
            if condition is None:
                continue
            pages = model.objects.filter(condition, pk__in=ids)
            for page in pages.order_by("-latest_revision_created_at")[:LIMIT]:
                yield page, None, reason
