"""Image renditions shared by templates, the API and the publish-time task.

One set of filter specs serves all three, so a rendition made when a page is
published is the one its `<picture>` and its API response read (docs/images.md).
"""

import logging
import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import ngettext

from wagtail.blocks import ListBlock, StreamBlock, StructBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model, image_operations
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import AbstractImage, SourceImageIOError
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

from willow.plugins.pillow import PillowImage
from willow.registry import registry

from cms import caching

logger = logging.getLogger(__name__)

# Widths offered to browsers and apps; never wider than the original.
RESPONSIVE_WIDTHS = (400, 800, 1200, 1600)
# An original narrower than the widest step is offered at its own width too
# when that is this much wider than the step below: a 700-px photo at 700 px,
# sharp on a 2x phone, where 400 would be blurry; a 1300-px one stays at 1200,
# too close to tell apart.
OWN_WIDTH_GAIN = 1.15
# Screens denser than this get the same candidates as a 2x phone: a cheap
# phone's screen, and a bound on what a slot's `srcset` offers.
MAX_DENSITY = 2
# Formats of the `<picture>` sources, best first; the original's format (or
# JPEG) follows as the `<img>` fallback. AVIF encodes ~10x slower than WebP,
# so `PORTAL_PICTURE_FORMATS` can drop it (tests do).
PICTURE_FORMATS = ("avif", "webp")
# The API gives apps one format every phone decodes.
API_FORMAT = "webp"
# Pixel metadata a rendition keeps; everything else (EXIF with GPS, XMP,
# comments, maker notes) is dropped. Transparency and animation keep working.
KEPT_METADATA = frozenset(
    {"icc_profile", "transparency", "duration", "loop", "background", "disposal"}
)


# No rendition side is larger (our widest is 1600); a spec asking 0 or 99999
# pixels is refused as invalid, as Wagtail refuses an unknown operation: the
# admin's preview answers 400 instead of failing on a division by zero.
MAX_RENDITION_SIDE = 4000
# A scale never enlarges: an upscaled copy of a 40-megapixel original would
# take gigabytes.
MAX_SCALE_PERCENT = 100
# Operations in one spec ("fill-800x600|format-webp|webpquality-78" is 3):
# each resizes or re-encodes the whole image, so a long chain is refused.
MAX_OPERATIONS = 4
# Shown instead of an image whose original cannot be read (docs/images.md).
PLACEHOLDER = "img/image-unavailable.svg"
# An unreadable original is logged once a day, not on every page that shows it.
REPORT_SECONDS = 24 * 60 * 60
# The image's history records it under this action, and the officers'
# dashboard lists such images until their original is uploaded again.
UNREADABLE_ACTION = "cms.image_unreadable"
# How far back the dashboard looks for reports.
UNREADABLE_LISTED_DAYS = 7
SIZE_RE = re.compile(
    r"^(?:width-(?P<width>\d+)|(?:fill|max|min)-(?P<w>\d+)x(?P<h>\d+))"
)


def _within_bounds(*sizes):
    for size in sizes:
        if not 1 <= size <= MAX_RENDITION_SIDE:
            raise ValueError(
                f"rendition sizes run from 1 to {MAX_RENDITION_SIDE} pixels"
            )


class BoundedFillOperation(image_operations.FillOperation):
    def construct(self, size, *extra):
        super().construct(size, *extra)
        _within_bounds(self.width, self.height)


class BoundedMinMaxOperation(image_operations.MinMaxOperation):
    def construct(self, size):
        super().construct(size)
        _within_bounds(self.width, self.height)


class BoundedWidthHeightOperation(image_operations.WidthHeightOperation):
    def construct(self, size):
        super().construct(size)
        _within_bounds(self.size)


class BoundedScaleOperation(image_operations.ScaleOperation):
    def construct(self, percent):
        super().construct(percent)
        if not 0 < self.percent <= MAX_SCALE_PERCENT:
            raise ValueError(f"scale runs above 0 to {MAX_SCALE_PERCENT} percent")


def bounded_operations():
    """Wagtail's resizing operations with their sizes bounded; registered
    after Wagtail's own (cms/wagtail_hooks.py), so they replace them."""
    return [
        ("fill", BoundedFillOperation),
        ("min", BoundedMinMaxOperation),
        ("max", BoundedMinMaxOperation),
        ("width", BoundedWidthHeightOperation),
        ("height", BoundedWidthHeightOperation),
        ("scale", BoundedScaleOperation),
    ]


def picture_formats():
    return tuple(getattr(settings, "PORTAL_PICTURE_FORMATS", PICTURE_FORMATS))


def fallback_format(image):
    """The `<img>` format: the original's, unless browsers may not decode it."""
    extension = os.path.splitext(image.file.name)[1].lower().lstrip(".")
    # A still GIF becomes PNG (Wagtail's own default); WebP and AVIF
    # originals fall back to JPEG, which every browser reads.
    return {"png": "png", "gif": "png"}.get(extension, "jpeg")


def responsive_widths(image):
    """The widths worth making: the steps up to the original's width, and the
    original's own width when it lies well past the last of them (a 700-px
    photo is offered at 700, not only at 400); never wider than the original,
    at least one."""
    original = image.width or 0
    widths = [width for width in RESPONSIVE_WIDTHS if width <= original]
    if not widths:
        return [RESPONSIVE_WIDTHS[0]]
    if original < RESPONSIVE_WIDTHS[-1] and original >= widths[-1] * OWN_WIDTH_GAIN:
        widths.append(original)
    return widths


@dataclass(frozen=True)
class Slot:
    """Where a picture is drawn: the `sizes` its layout gives it, and the
    widest it is ever drawn, in CSS pixels (which bounds the candidates)."""

    sizes: str
    widest: int

    def widths(self, image):
        """The image's widths this slot can use: up to the first one that
        covers the slot at MAX_DENSITY (a 128-px thumbnail needs no 1600)."""
        widths = responsive_widths(image)
        enough = [w for w in widths if w >= self.widest * MAX_DENSITY]
        return widths[: widths.index(enough[0]) + 1] if enough else widths


# The slots of the public templates, named in their `{% include
# "components/picture.html" with slot=... %}`. Each `sizes` follows
# cms/static/css/site.css: a layout change there changes it here.
SLOTS = {
    # A page's own photos: the article, event and official columns (at most
    # --measure, 46rem, inside .wrap's 1rem padding), body images, galleries.
    "column": Slot("(min-width: 48rem) 46rem, calc(100vw - 2rem)", 736),
    # The home page's lead story: the whole column up to 64em; from there
    # 3fr of the 3fr 2fr grid in main's 51rem (75rem, less the 20rem sidebar,
    # the 2rem gap and the padding).
    "lead": Slot("(min-width: 64em) 30rem, calc(100vw - 2rem)", 992),
    # Listing cards: one column on phones, two from 40em, three from 64em
    # beside the sidebar.
    "card": Slot(
        "(min-width: 64em) 17rem, (min-width: 40em) calc(50vw - 1.5rem), "
        "calc(100vw - 2rem)",
        608,
    ),
    # An official's own page: the portrait, min(15rem, 60vw) in site.css.
    "portrait": Slot("(min-width: 25rem) 15rem, 60vw", 240),
    # Officials in a list or the home page's strip: at most 6rem wide.
    "thumbnail": Slot("6rem", 96),
}
DEFAULT_SLOT = "column"


def spec(width, fmt):
    return f"width-{width}|format-{fmt}"


def picture_specs(image, slot=None):
    """{format: [filter spec per width]}, sources first, the fallback last:
    the slot's widths, or (no slot) every width any slot may ask for."""
    widths = SLOTS[slot].widths(image) if slot else responsive_widths(image)
    formats = [*picture_formats(), fallback_format(image)]
    return {fmt: [spec(width, fmt) for width in widths] for fmt in formats}


def api_rendition_specs(image):
    return [spec(width, API_FORMAT) for width in responsive_widths(image)]


def rendition_specs(image):
    """Every rendition an image shown on a page needs, for the site and the
    API: what the publish task makes, so no slot's picture is made in a
    visitor's request."""
    specs = [s for specs in picture_specs(image).values() for s in specs]
    return list(dict.fromkeys([*specs, *api_rendition_specs(image)]))


def specs_pattern():
    """A regular expression matching every spec any image may need (the
    widths follow each original's, so they cannot all be listed): filters a
    prefetch to the renditions used."""
    formats = sorted({*picture_formats(), API_FORMAT, "jpeg", "png"})
    return rf"^width-[0-9]+\|format-({'|'.join(formats)})$"


def renditions_prefetch(lookup=""):
    """Prefetch the renditions of images, or of the images at `lookup`.

    Like Wagtail's `prefetch_renditions()`, but also through a foreign key
    ("hero_image"): one query brings the renditions a whole listing shows and
    no others (admin thumbnails and other sizes stay out).
    """
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions" if lookup else "renditions",
        queryset=rendition_model.objects.filter(filter_spec__regex=specs_pattern()),
    )


class Placeholder:
    """Stands in for a rendition that cannot be made: the placeholder picture,
    at the size the rendition would have had, so the layout does not move."""

    is_placeholder = True

    def __init__(self, image, filter_spec):
        width, height = image.width or 400, image.height or 300
        size = SIZE_RE.match(filter_spec)
        if size and size["width"]:
            wanted = min(int(size["width"]), width)
            width, height = wanted, max(1, round(height * wanted / width))
        elif size:
            width, height = int(size["w"]), int(size["h"])
        self.width, self.height = width, height
        self.url = static(PLACEHOLDER)


def renditions(image, *specs):
    """{spec: rendition} of an image, or {spec: Placeholder} when its original
    is missing or cannot be decoded (CustomImage reports both as Wagtail's
    `SourceImageIOError`). The one way our code asks for renditions: a broken
    file never takes down a page, a feed or the API."""
    try:
        return image.get_renditions(*specs)
    except SourceImageIOError as error:
        report_unreadable(image, error)
        return {spec: Placeholder(image, spec) for spec in specs}


def rendition(image, spec):
    return renditions(image, spec)[spec]


def is_placeholder(rendition):
    return getattr(rendition, "is_placeholder", False)


def report_unreadable(image, error):
    """Log an unreadable original once a day, whichever worker meets it first
    (the shared cache remembers; while Redis is away its `add` answers None,
    and every meeting is logged)."""
    key = f"image-unreadable:{image.pk}:{image.file.name}"
    if caching.cache().add(key, True, REPORT_SECONDS) is not False:
        logger.error(
            "image %s (%s) cannot be read, shown as a placeholder: %s. Upload "
            "the original again in the admin's Images.",
            image.pk,
            image.file.name,
            error,
        )
        try:
            # A savepoint: a failed write must not break the transaction of
            # the request that met the image.
            with transaction.atomic():
                log(image, UNREADABLE_ACTION, data={"file": image.file.name})
        except DatabaseError:
            logger.warning("image %s: the report could not be saved", image.pk)


def unreadable_images(user):
    """[(image, reported at)] of the images this user may change whose
    original was reported unreadable in the last days and not uploaded again
    since (the report names the file it could not read), newest first."""
    model = get_image_model()
    since = timezone.now() - timezone.timedelta(days=UNREADABLE_LISTED_DAYS)
    reports = {}
    for object_id, data, when in ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        action=UNREADABLE_ACTION,
        timestamp__gte=since,
    ).values_list("object_id", "data", "timestamp"):
        reports.setdefault(int(object_id), {})[data.get("file")] = when
    policy = policy_registry.get_by_type(model)
    images = policy.instances_user_has_permission_for(user, "change").filter(
        pk__in=reports
    )
    found = [
        (image, reports[image.pk][image.file.name])
        for image in images
        if image.file.name in reports[image.pk]
    ]
    return sorted(found, key=lambda row: row[1], reverse=True)


def picture(image, slot=None):
    """What the picture component renders in a slot (SLOTS; DEFAULT_SLOT when
    not named): sources, fallback, intrinsic size and `sizes`."""
    slot = slot or DEFAULT_SLOT
    if slot not in SLOTS:
        # A template's mistake: say which names exist.
        raise ValueError(f"no picture slot {slot!r}; slots: {', '.join(SLOTS)}")
    specs = picture_specs(image, slot)
    renditions_by_spec = renditions(
        image, *(s for group in specs.values() for s in group)
    )
    if any(is_placeholder(r) for r in renditions_by_spec.values()):
        # One placeholder `<img>`, no sources that would claim AVIF or WebP.
        specs = {fallback_format(image): specs[fallback_format(image)]}
    sources = []
    for fmt, group in specs.items():
        candidates = {}
        for item in group:
            rendition = renditions_by_spec[item]
            # A small original yields one rendition for several widths.
            candidates.setdefault(rendition.width, rendition)
        sources.append(
            {
                "mime_type": f"image/{fmt}",
                "srcset": ", ".join(
                    f"{r.url} {width}w" for width, r in sorted(candidates.items())
                ),
                "renditions": candidates,
            }
        )
    fallback = sources.pop()
    # The fallback `<img>` names the middle width; its size gives the aspect ratio.
    img = list(fallback["renditions"].values())[len(fallback["renditions"]) // 2]
    return {
        "sources": sources,
        "fallback": fallback,
        "img": img,
        "sizes": SLOTS[slot].sizes,
    }


def image_api_representation(image, base_url=None):
    """An image as apps need it: no second request for rendition URLs, on
    `base_url` (the API's portal; BASE_URL when not given)."""
    specs = api_rendition_specs(image)
    made = renditions(image, *specs)
    base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    seen = {}
    for item in specs:
        # An unreadable original has no renditions to offer (docs/api.md).
        if not is_placeholder(made[item]):
            seen.setdefault(made[item].width, made[item])
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
                "width": rendition.width,
                "height": rendition.height,
                "url": absolute_url(base, rendition.url),
            }
            for rendition in seen.values()
        ],
    }


def absolute_url(base, url):
    """A media URL on the portal's address, unless the storage gave a whole
    one (the object store's or its CDN's)."""
    return url if url.startswith(("http://", "https://")) else base + url


def auto_orient_without_metadata(image):
    """Wagtail's first step for every rendition, made to forget the metadata.

    Wagtail calls `auto_orient()` before any crop or resize, and Willow then
    saves JPEG and PNG renditions with the source's EXIF (GPS position,
    camera serial, time). Turning the pixels upright here and keeping only
    `KEPT_METADATA` means no rendition carries them, whatever its format.
    """
    from PIL import ImageOps

    # Willow opened this image for this rendition alone: changing it in place
    # spares a copy of a 40-megapixel photo.
    pixels = image.image
    ImageOps.exif_transpose(pixels, in_place=True)
    pixels.info = {k: v for k, v in pixels.info.items() if k in KEPT_METADATA}
    return PillowImage(pixels)


def install_metadata_stripping():
    registry.register_operation(
        PillowImage, "auto_orient", auto_orient_without_metadata
    )


def page_images(page):
    """The images a page shows: its image fields and those inside its streams."""
    image_model = get_image_model()
    found = {}
    for field in page._meta.get_fields():
        if getattr(field, "related_model", None) is image_model and field.many_to_one:
            image = getattr(page, field.name)
            if image is not None:
                found[image.pk] = image
        elif isinstance(field, StreamField):
            for _block, value in _walk_stream(getattr(page, field.name)):
                if isinstance(value, AbstractImage):
                    found[value.pk] = value
    return list(found.values())


def image_block_images(stream):
    """The images of Wagtail's image blocks in a stream (galleries too), each
    carrying its block's `contextual_alt_text` and `decorative`."""
    for block, value in _walk_stream(stream):
        if isinstance(block, ImageBlock) and value is not None:
            yield value


def missing_alt_text_problems(body):
    """Body images (galleries too) need alt text unless marked decorative: a
    publication problem (the `publication_problems()` of page types)."""
    missing = sum(
        1
        for image in image_block_images(body)
        if not image.decorative
        and not (image.contextual_alt_text or "").strip()
        and not image.description.strip()
    )
    if not missing:
        return []
    return [
        ngettext(
            "An image in the body has no alternative text: describe it in the "
            "block's “Alt text” or tick “Image is decorative” if it adds "
            "nothing.",
            "%(count)d images in the body have no alternative text: describe "
            "each in its block's “Alt text” or tick “Image is decorative” if "
            "it adds nothing.",
            missing,
        )
        % {"count": missing}
    ]


def _walk_stream(stream):
    for child in stream:
        yield from _walk(child.block, child.value)


def _walk(block, value):
    """Every (block, value) inside a block, the block itself first."""
    yield block, value
    # Wagtail's image block is a StructBlock whose value is the image itself.
    if value is None or isinstance(block, ImageBlock):
        return
    if isinstance(block, StructBlock):
        for name, child in block.child_blocks.items():
            yield from _walk(child, value.get(name))
    elif isinstance(block, ListBlock):
        for item in value:
            yield from _walk(block.child_block, item)
    elif isinstance(block, StreamBlock):
        yield from _walk_stream(value)
