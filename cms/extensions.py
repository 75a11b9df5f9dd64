"""The core's extension points: where other apps plug into `cms/`.

`cms/` names no app of ours; an app adds to the site by registering Wagtail
hooks in its `wagtail_hooks.py`, read here (docs/architecture.md, "Hooks").
Left out of INSTALLED_APPS, an app's hooks are simply not there.
"""

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wagtail import hooks

from cms import portals


def site_urls():
    """URL patterns of the public site, from every `register_site_urls` hook."""
    return [
        pattern for hook in hooks.get_hooks("register_site_urls") for pattern in hook()
    ]


def api_urls():
    """Routes other apps add under /api/v2/ (`register_api_urls`); a view
    with an `openapi` attribute ({"operationId", "summary", "response"}: the
    200 body's schema) is described in the OpenAPI schema too."""
    return [
        pattern for hook in hooks.get_hooks("register_api_urls") for pattern in hook()
    ]


def filter_rich_text(html, context):
    """Rendered rich text passed through every `filter_rich_text` hook."""
    for hook in hooks.get_hooks("filter_rich_text"):
        html = hook(html, context)
    return mark_safe(html)


def panels(hook_name, context):
    """The HTML every hook of `hook_name` inserts, lowest `order` attribute
    first (50 without one), then in the hooks' registration order."""
    ordered = sorted(
        hooks.get_hooks(hook_name), key=lambda hook: getattr(hook, "order", 50)
    )
    return mark_safe("".join(conditional_escape(hook(context)) for hook in ordered))


def portal_panel(template, order=50):
    """Make `build(portal, context)` a panel hook (`insert_sidebar_panel`,
    `insert_aside_panel`): `template` rendered with what it returns for the
    request's portal, or nothing when it returns None."""

    def wrap(build):
        def hook(context):
            request = context.get("request")
            data = build(portals.for_request(request), context)
            return "" if data is None else render_to_string(template, data, request)

        hook.order = order
        hook.__name__ = build.__name__
        return hook

    return wrap


def api_site_sections():
    """{name: "app_label.ModelName"} of the sections /api/v2/site/ points to."""
    return {
        name: type_name
        for hook in hooks.get_hooks("register_api_site_sections")
        for name, type_name in hook().items()
    }


def construct_portal(portal):
    """Let every `construct_portal` hook add its part to a portal being built
    (`cms.portal_setup.PortalBuild`), lowest `order` first: home 0 makes the
    home page, the core 10 the site, settings and collection, the sections
    follow, editorial 30 the officer groups and workflow."""
    for hook in sorted(
        hooks.get_hooks("construct_portal"), key=lambda hook: getattr(hook, "order", 50)
    ):
        hook(portal)
