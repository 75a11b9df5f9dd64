from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from cms import demo, images, portal_setup, two_factor, two_factor_views
from cms.page_cache import PAGE_MARK
from cms.visibility import expired


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = demo.load.order


# After Wagtail's own registration (order 0): the bounded classes win.
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
