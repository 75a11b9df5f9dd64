from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        # One query: the root's live, public children marked for menus.
        items = list(
            Page.objects.child_of(site.root_page)
            .live()
            .public()
            .in_menu()
            .only("title", "url_path", "path", "depth")
        )
    current = context.get("page")
    return {
        "items": items,
        "current": current,
        "site_root": site.root_page if site else None,
        "request": request,
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"crumbs": []}
    crumbs = list(
        page.get_ancestors()
        .filter(depth__gt=1)
        .only("title", "url_path", "path", "depth")
    )
    return {"crumbs": crumbs, "page": page, "request": context.get("request")}
