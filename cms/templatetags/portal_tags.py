from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import richtext

from cms import (
    archives,
    caching,
    extensions,
    fragments,
    portals,
    reader,
    seo,
    visibility,
)
from cms.models import SiteSettings
from cms.visibility import visible

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    # The site comes with its root page, so this costs no query of its own.
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        # One query: the root's live, public children marked for menus.
        items = list(
            visible(Page.objects.child_of(site.root_page))
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
    return {"crumbs": _ancestors(page), "page": page, "request": context.get("request")}


def _ancestors(page):
    """The page's ancestors below the tree root, from the site root down.

    Routing leaves each page's parent cached on it (`_cached_parent_obj`), so
    walking up costs nothing for a routed page; otherwise one query.
    """
    crumbs = []
    current = page
    while current.depth > 2:
        parent = getattr(current, "_cached_parent_obj", None)
        if parent is None:
            return list(
                page.get_ancestors()
                .filter(depth__gt=1)
                .only("title", "url_path", "path", "depth")
            )
        crumbs.append(parent)
        current = parent
    return crumbs[::-1]


@register.simple_tag(takes_context=True)
def rich_text(context, value):
    """`{{ value|richtext }}` passed through the apps' `filter_rich_text` hooks
    (publications/ links citations of registered documents)."""
    return extensions.filter_rich_text(richtext(value), context)


@register.simple_tag(takes_context=True)
def header_panels(context):
    """What apps put in the site header (`insert_header_panel` hooks)."""
    return extensions.panels("insert_header_panel", context)


@register.simple_tag(takes_context=True)
def aside_panels(context):
    """What apps put beside a listing (`insert_aside_panel` hooks)."""
    return extensions.panels("insert_aside_panel", context)


@register.simple_tag(takes_context=True)
def footer_panels(context):
    """What apps put in the site footer (`insert_footer_panel` hooks)."""
    return extensions.panels("insert_footer_panel", context)


@register.simple_tag(takes_context=True)
def sidebar_panels(context):
    """What apps put in the sidebar beside every page's content
    (`insert_sidebar_panel` hooks, by their `order`)."""
    return extensions.panels("insert_sidebar_panel", context)


@register.simple_tag
def reader_script():
    """The inline script that applies the reader's remembered text size and
    contrast before the first paint (cms/reader.py; the CSP names its hash)."""
    return format_html("<script>{}</script>", mark_safe(reader.HEAD_SCRIPT))


@register.filter
def item(sequence, index):
    """sequence[index], or None past its end (a table row shorter than its
    header)."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None


# Zalo's share page; it takes the address as its only parameter.
ZALO_SHARE = "https://sp.zalo.me/share_to_zalo?url="


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, page):
    """Share links as plain links: no third-party script, no tracking; each
    network gets the page's full address, encoded."""
    request = context.get("request")
    url = page.get_full_url(request)
    if not url:
        return {}
    encoded = quote(url, safe="")
    return {
        "url": url,
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
        "zalo": ZALO_SHARE + encoded,
    }


@register.inclusion_tag("components/archive_notice.html", takes_context=True)
def archive_notice(context):
    """The notice every page of an archive portal carries (cms/archives.py)."""
    request = context.get("request")
    portal = portals.for_request(request) if request is not None else None
    return {"notice": archives.notice(portal)}


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """Canonical URL, OpenGraph, Twitter card and JSON-LD of a Wagtail page."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return {}
    image = seo.share_image(request, getattr(page, "share_image", None))
    describe = getattr(page, "get_meta_description", None)
    schema = getattr(page, "schema_org", None)
    return {
        "canonical": page.get_full_url(request),
        "title": page.seo_title or page.title,
        "description": (describe() if describe else "") or page.search_description,
        "site_name": SiteSettings.for_request(request).agency_name,
        "og_type": getattr(page, "og_type", "website"),
        "image": image or seo.site_logo(request),
        "json_ld": seo.json_ld(schema(request)) if schema else "",
        "page": page,
    }


class FragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if not fragments.usable(request):
            return self.nodelist.render(context)
        vary_on = [value.resolve(context) for value in self.vary_on]
        key = fragments.key(request, self.name, vary_on)
        # Each worker remembers the fragments it read last (cms/caching.py):
        # the header and footer of a portal cost no shared-cache read.
        html = caching.get_entry(key)
        if html is None:
            html = str(self.nodelist.render(context))
            # Never kept past a page's expiry: listings drop it then.
            seconds = visibility.seconds_visible(
                request, settings.FRAGMENT_CACHE_SECONDS
            )
            caching.keep_entry(key, html, seconds)
        return mark_safe(html)


@register.tag
def fragment(parser, token):
    """{% fragment "name" value... %}...{% endfragment %}: the enclosed output,
    kept per site, language, value and content version (cms/fragments.py).
    The values must name everything else the output depends on."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
