"""What search engines and social networks read about a page (docs/seo.md).

Page types describe themselves: `share_image` (the picture a shared link
shows) and `schema_org(request)` (their schema.org object). This module turns
those into absolute URLs, OpenGraph and Twitter meta, and JSON-LD that cannot
break out of its `<script>` element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms import caching, portals
from cms.images import (
    absolute_url,
    fallback_format,
    is_placeholder,
    rendition,
    responsive_widths,
    spec,
)
from cms.models import SiteSettings

# Social networks show 1200 px wide cards; smaller originals are not enlarged.
SHARE_WIDTH = 1200
# Same lifetime as the header's logo fragment: a new logo shows within minutes.
LOGO_CACHE_SECONDS = 600
# Characters that could end the script element or start markup, as json_script.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def share_spec(image):
    """The widest `<img>` rendition up to SHARE_WIDTH: one the page already
    has (made at publication), in a format every network reads."""
    width = max(w for w in responsive_widths(image) if w <= SHARE_WIDTH)
    return spec(width, fallback_format(image))


def share_image(request, image):
    """An image as a shared link shows it: absolute URL, size and alt text;
    None when its original cannot be read (the agency's logo is shown)."""
    if image is None:
        return None
    shared = rendition(image, share_spec(image))
    if is_placeholder(shared):
        return None
    return {
        "url": absolute_url(portals.request_base_url(request), shared.url),
        "width": shared.width,
        "height": shared.height,
        "alt": image.alt_text,
    }


def site_logo(request):
    """The agency's logo as a share image, cached like the header's logo."""
    site_settings = SiteSettings.for_request(request)
    if not site_settings.logo_id:
        return None
    # Under the content version: a new logo file shows at once, in every worker.
    version = caching.version(request)
    key = f"share-logo:{version}:{site_settings.logo_id}:{portals.request_base_url(request)}"
    return caching.cache().get_or_set(
        key,
        lambda: share_image(request, site_settings.logo),
        LOGO_CACHE_SECONDS,
    )


def organization(request):
    """The agency as a schema.org GovernmentOrganization."""
    site_settings = SiteSettings.for_request(request)
    data = {
        "@type": "GovernmentOrganization",
        "name": site_settings.agency_name,
        "url": portals.request_base_url(request) + "/",
    }
    logo = site_logo(request)
    if logo:
        data["logo"] = logo["url"]
    contacts = {
        "address": site_settings.address,
        "telephone": site_settings.phone,
        "email": site_settings.email,
    }
    data.update({key: value for key, value in contacts.items() if value})
    return data


def compact(data):
    """Leave out empty values: schema.org readers treat "" as a real value."""
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def json_ld(data):
    """A `<script type="application/ld+json">` element for `data`.

    Escaped like Django's json_script, so a title containing `</script>` stays
    text. Data blocks are not executed, so the CSP needs no exception.
    """
    text = json.dumps(
        {"@context": "https://schema.org", **data},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    ).translate(JSON_SCRIPT_ESCAPES)
    # Safe: no "<", ">" or "&" is left to end the element or start markup.
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )
