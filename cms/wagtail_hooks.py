from django.http import Http404

from wagtail import hooks

from cms import demo, demo_archive, images, portal_setup
from cms.page_cache import PAGE_MARK
from cms.visibility import expired


@hooks.register("load_demo_content")
def load_demo_content(stdout):
    demo.load(stdout)


load_demo_content.order = demo.load.order


@hooks.register("load_demo_content")
def load_demo_archive(stdout):
    demo_archive.load(stdout)


load_demo_archive.order = demo_archive.load.order


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
