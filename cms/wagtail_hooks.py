from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.images.views.images import preview as wagtail_image_preview

from cms import (
    demo,
    demo_archive,
    images,
    portal_setup,
    portals,
    two_factor,
    two_factor_views,
)
from cms.page_cache import PAGE_MARK
from cms.visibility import expired


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = demo.load.order


@hooks.register("load_demo_content")
def load_demo_banners(stdout):
    demo.load_banners(stdout)


load_demo_banners.order = demo.load_banners.order


@hooks.register("load_demo_content")
def load_demo_archive(stdout):
    demo_archive.load(stdout)


load_demo_archive.order = demo_archive.load.order


# After Wagtail's own registration (order 0): the bounded classes win.
# Beside every page, after what the apps list (documents, calendar, leaders).
@hooks.register("insert_sidebar_panel")
def sidebar_state_portals(context):
    request = context.get("request")
    return render_to_string(
        "components/state_portals.html",
        {"links": portals.state_portal_links(request)},
        request,
    )


sidebar_state_portals.order = 80


@hooks.register("register_image_operations", order=100)
def register_bounded_image_operations():
    return images.bounded_operations()


@hooks.register("before_serve_page")
def hide_expired_page(page, request, serve_args, serve_kwargs):
    """A page past its expiry is gone from every route at once, itself
    included, though the scheduler unpublishes it only on its next run."""
    if expired(page):
        raise Http404


# Innermost in the serve chain, like the statistics' mark: reached only once
# Wagtail's view-restriction check has let the request through to the page.
@hooks.register("on_serve_page", order=1000)
def mark_page_for_cache(serve):
    def inner(page, request, serve_args, serve_kwargs):
        parts = page.get_url_parts(request)
        setattr(request, PAGE_MARK, parts[2] if parts else None)
        return serve(page, request, serve_args, serve_kwargs)

    return inner


@hooks.register("construct_portal")
def construct_portal_site(portal):
    portal_setup.make_site(portal)


construct_portal_site.order = 10


@hooks.register("register_log_actions")
def register_image_log_actions(actions):
    actions.register_action(
        images.UNREADABLE_ACTION,
        _("Image file unreadable"),
        _("The original file could not be read: the site shows a placeholder"),
    )


class UnreadableImagesPanel(Component):
    """Images whose original is cut short or missing, for the officers who can
    upload them again: the site shows a placeholder until then."""

    name = "cms-unreadable-images"
    order = 40
    template_name = "cms/panels/unreadable_images.html"

    def render_html(self, parent_context=None):
        self.rows = images.unreadable_images(parent_context["request"].user)
        if not self.rows:
            # Nothing to fix: no panel at all.
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        return {"rows": self.rows, "panel_id": self.name}


@hooks.register("construct_homepage_panels")
def add_unreadable_images_panel(request, panel_list):
    panel_list.append(UnreadableImagesPanel())


def bounded_image_preview(request, image_id, filter_spec):
    """Wagtail's image preview (the one route that takes a rendition spec
    from a request), refusing a chain of more operations than a rendition
    needs: each one resizes the whole image again."""
    if len(filter_spec.split("|")) > images.MAX_OPERATIONS:
        return HttpResponseBadRequest(
            _("Invalid filter spec: at most %(count)d operations.")
            % {"count": images.MAX_OPERATIONS},
            content_type="text/plain; charset=utf-8",
        )
    return wagtail_image_preview(request, image_id, filter_spec)


# Before Wagtail's own images URLs, which answer the same address.
@hooks.register("register_admin_urls", order=-1)
def register_bounded_image_preview():
    return [
        path(
            "images/<int:image_id>/preview/<str:filter_spec>/",
            bounded_image_preview,
        )
    ]


# Two-factor sign-in (cms/two_factor.py): its screens under /admin/, an
# account action for whoever has not enrolled yet, the group setting.
@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
        path("two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if two_factor.confirmed_device(request.user):
        return None
    return {
        "url": reverse("two_factor_enrol"),
        "label": _("Set up two-factor sign-in"),
        "help_text": _(
            "Ask for a code from an authenticator app on your phone after "
            "your password."
        ),
    }


@hooks.register("register_group_permission_panel")
def register_two_factor_group_panel():
    return two_factor_views.GroupTwoFactorPanel
