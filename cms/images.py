"""Image renditions shared by templates and the API."""

from django.conf import settings

# Widths offered to browsers and apps; never wider than the original.
RESPONSIVE_WIDTHS = (400, 800, 1200, 1600)
API_WIDTHS = (400, 800, 1600)


def api_rendition_specs(image):
    return {
        width: f"width-{width}|format-webp"
        for width in API_WIDTHS
        if not image.width or width <= image.width or width == API_WIDTHS[0]
    }


def image_api_representation(image):
    """An image as apps need it: no second request for rendition URLs."""
    specs = api_rendition_specs(image)
    renditions = image.get_renditions(*specs.values())
    base = settings.WAGTAILADMIN_BASE_URL
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {
                "width": renditions[spec].width,
                "height": renditions[spec].height,
                "url": _absolute(base, renditions[spec].url),
            }
            for spec in specs.values()
        ],
    }


def _absolute(base, url):
    return url if url.startswith(("http://", "https://")) else base + url
