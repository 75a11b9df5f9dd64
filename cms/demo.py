"""Demo content shared by every app: painted photos, site settings, organizations.

Photos are painted with Pillow so nothing is downloaded; each is found again
by its title, which keeps `load_demo` idempotent.
"""

import datetime
import io
import os
import random
from urllib.parse import urlsplit

from django.core.files.images import ImageFile
from django.core.management.base import CommandError

from wagtail.models import Site

from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFilter, ImageOps

from cms.models import CustomImage, Organization, SiteSettings

ORGANIZATIONS = [
    # slug, name, kind, order, valid_from, valid_until, merged_into
    (
        "dang-uy-xa",
        "Đảng ủy xã Hòa Bình",
        Organization.Kind.PARTY,
        10,
        "2025-07-01",
        None,
        None,
    ),
    (
        "hdnd-xa",
        "Hội đồng nhân dân xã Hòa Bình",
        Organization.Kind.COUNCIL,
        20,
        "2025-07-01",
        None,
        None,
    ),
    (
        "ubnd-xa",
        "Ủy ban nhân dân xã Hòa Bình",
        Organization.Kind.COMMITTEE,
        30,
        "2025-07-01",
        None,
        None,
    ),
    (
        "mttq-xa",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Hòa Bình",
        Organization.Kind.FRONT,
        40,
        "2025-07-01",
        None,
        None,
    ),
    (
        "ubnd-huyen-an-phu",
        "Ủy ban nhân dân huyện An Phú",
        Organization.Kind.COMMITTEE,
        90,
        "1997-01-01",
        "2025-06-30",
        "ubnd-xa",
    ),
]


# Photos the size of a camera's (2000 px wide, 300 KB or more at JPEG 85):
# flat drawings compress ten times better than photographs, and every page
# weight measured on the demo would flatter the portal (docs/images.md).
PHOTO_SIZE = (2000, 1333)
# Old portals' photos are often 400 to 800 px wide; the demo keeps a few such
# originals, so its pages show what the picture component does with them.
OLD_PORTAL_PHOTO_SIZE = (700, 467)
PORTRAIT_SIZE = (600, 800)
PHOTO_QUALITY = 85


def paint(title, seed, caption="", credit="", alt="", size=PHOTO_SIZE, flat=False):
    """A photo-like picture, the same for the same seed (a scene, or a
    portrait when taller than wide, with uneven light, texture and grain),
    created once per title; `flat` paints a drawing (a logo) instead."""
    existing = CustomImage.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(seed)
    if flat:
        image = _drawing(rng, size)
    elif size[0] < size[1]:
        image = _texture(rng, _portrait(rng, size))
    else:
        image = _texture(rng, _scene(rng, size))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=PHOTO_QUALITY)
    return CustomImage.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"demo-{seed}.jpg"),
        caption=caption,
        credit=credit,
        description=alt,
    )


def _colour(rng, low, high):
    return tuple(rng.randint(a, b) for a, b in zip(low, high, strict=True))


def _noise(rng, size, scales):
    """Grey value noise summed over (cells across, weight) scales: coarse for
    light and clouds, fine for foliage and wall texture."""
    width, height = size
    out = PILImage.new("L", size, 128)
    for cells, weight in scales:
        rows = max(2, cells * height // width)
        layer = PILImage.frombytes("L", (cells, rows), rng.randbytes(cells * rows))
        out = PILImage.blend(
            out, layer.resize(size, PILImage.Resampling.BICUBIC), weight
        )
    return ImageOps.autocontrast(out)


def _texture(rng, image):
    """Uneven light, fine detail that survives downscaling, and sensor grain:
    what makes a photograph weigh what it does."""
    size = image.size
    light = _noise(rng, size, ((3, 0.6), (12, 0.4))).filter(
        ImageFilter.GaussianBlur(20)
    )
    image = ImageChops.multiply(image, ImageOps.colorize(light, "#969696", "#fff"))
    detail = _noise(rng, size, ((150, 0.4), (450, 0.35), (1000, 0.25)))
    detailed = ImageChops.multiply(image, PILImage.merge("RGB", [detail] * 3))
    image = PILImage.blend(image, detailed, 0.3)
    # Seeded (Pillow's own noise is not), about +-10 levels per channel.
    spread = [118 + value * 20 // 255 for value in range(256)]
    grain = [
        PILImage.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(spread)
        for _band in "RGB"
    ]
    return ImageChops.add(image, PILImage.merge("RGB", grain), offset=-128)


def _scene(rng, size):
    """Sky with clouds over a field, and a row of houses on the horizon."""
    width, height = size
    horizon = int(height * rng.uniform(0.42, 0.6))
    sky = ImageOps.colorize(
        PILImage.linear_gradient("L").resize((width, horizon)),
        _colour(rng, (60, 120, 190), (120, 170, 240)),
        _colour(rng, (200, 210, 220), (235, 235, 245)),
    )
    clouds = _noise(rng, sky.size, ((4, 0.5), (16, 0.3), (64, 0.15), (256, 0.05)))
    clouds = clouds.point([max(0, value - 140) * 2 for value in range(256)])
    sky = PILImage.composite(PILImage.new("RGB", sky.size, "#f5f5f8"), sky, clouds)
    field = ImageOps.colorize(
        _noise(rng, (width, height - horizon), ((6, 0.35), (40, 0.3), (250, 0.2))),
        _colour(rng, (20, 60, 15), (50, 90, 40)),
        _colour(rng, (110, 150, 60), (160, 190, 100)),
        mid=_colour(rng, (60, 110, 40), (90, 140, 60)),
    )
    image = PILImage.new("RGB", size)
    image.paste(sky)
    image.paste(field, (0, horizon))
    draw = ImageDraw.Draw(image)
    for _house in range(rng.randint(5, 9)):
        x = rng.randint(0, width)
        w, h = (
            rng.randint(width // 20, width // 7),
            rng.randint(height // 10, height // 3),
        )
        wall = _colour(rng, (170, 150, 110), (240, 220, 180))
        draw.rectangle([x, horizon - h, x + w, horizon + h // 8], fill=wall)
        for y in range(horizon - h + h // 6, horizon, max(8, h // 5)):
            for left in range(x + w // 10, x + w - w // 10, max(8, w // 6)):
                draw.rectangle([left, y, left + w // 14, y + h // 12], fill="#3c4650")
        draw.polygon(
            [
                (x - w // 10, horizon - h),
                (x + w // 2, horizon - h - h // 3),
                (x + w + w // 10, horizon - h),
            ],
            fill=_colour(rng, (140, 40, 30), (180, 60, 50)),
        )
    return image


def _portrait(rng, size):
    """Head and shoulders before a plain office wall."""
    width, height = size
    image = ImageOps.colorize(
        PILImage.linear_gradient("L").resize(size),
        _colour(rng, (150, 150, 160), (190, 190, 200)),
        _colour(rng, (90, 90, 110), (130, 130, 150)),
    )
    draw = ImageDraw.Draw(image)
    centre = width // 2
    suit = _colour(rng, (20, 25, 40), (60, 60, 80))
    draw.ellipse(
        [centre - width // 2, height * 0.62, centre + width // 2, height * 1.4],
        fill=suit,
    )
    draw.polygon(
        [
            (centre - width // 10, height * 0.64),
            (centre + width // 10, height * 0.64),
            (centre, height * 0.9),
        ],
        fill="#f0f0f0",
    )
    skin = _colour(rng, (190, 140, 110), (230, 185, 150))
    draw.rectangle(
        [centre - width // 12, height * 0.5, centre + width // 12, height * 0.66],
        fill=skin,
    )
    draw.ellipse(
        [centre - width // 6, height * 0.22, centre + width // 6, height * 0.58],
        fill=skin,
    )
    draw.chord(
        [centre - width // 6, height * 0.2, centre + width // 6, height * 0.45],
        180,
        360,
        fill=_colour(rng, (15, 15, 15), (50, 40, 35)),
    )
    return image


def _drawing(rng, size):
    """A flat drawing: a coloured field, a sun and roofs (the logo)."""
    image = PILImage.new("RGB", size, _colour(rng, (120, 170, 200), (200, 220, 250)))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle(
        [0, height // 2, width, height], fill=_colour(rng, (40, 120, 40), (90, 170, 80))
    )
    draw.polygon(
        [
            (width // 4, height // 2),
            (width // 2, height // 4),
            (width * 3 // 4, height // 2),
        ],
        fill=(160, 40, 40),
    )
    draw.ellipse(
        [width * 0.6, height * 0.1, width * 0.8, height * 0.3], fill=(250, 220, 90)
    )
    return image


def served_at():
    """BASE_URL when the environment names one (scheme, host and port), else
    None. The demo's default portal then takes that address, so the pages'
    canonical and OpenGraph links name the address they are read on (a
    benchmark's server, the browser tests' live server), not another one."""
    value = os.environ.get("BASE_URL", "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError:
        raise CommandError(f"BASE_URL {value!r}: the port is not a number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CommandError(
            f"BASE_URL {value!r} is not an address like http://127.0.0.1:8000"
        )
    return parts


def port():
    """The port the demo's portals answer on: BASE_URL's, else `make run`'s
    PORT (8000 by default), so every link the demo's pages, feeds and API
    print works."""
    parts = served_at()
    if parts:
        return parts.port or (443 if parts.scheme == "https" else 80)
    value = os.environ.get("PORT", "")
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else 8000


# Set over each commune's and ward's name in its banner (docs/design.md).
PROVINCE_NAME = "Tỉnh An Giang"


def default_hostname(hostname):
    """The default portal's host name: BASE_URL's, else the demo's own."""
    parts = served_at()
    return parts.hostname if parts else hostname


def load(stdout):
    site = Site.objects.get(is_default_site=True)
    logo = paint(
        "Biểu trưng xã Hòa Bình",
        1,
        alt="Biểu trưng Ủy ban nhân dân xã Hòa Bình",
        size=(256, 256),
        flat=True,
    )
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "agency_name": "Ủy ban nhân dân xã Hòa Bình",
            "agency_short_name": "UBND xã Hòa Bình",
            "parent_name": PROVINCE_NAME,
            "logo": logo,
            "address": "Số 1 đường Trung tâm, xã Hòa Bình, tỉnh An Giang",
            "phone": "0296 3812 345",
            "email": "ubnd.hoabinh@example.gov.vn",
            "responsible_person": "Ông Nguyễn Văn An, Chủ tịch Ủy ban nhân dân xã",
            "licence": "Cổng thông tin điện tử minh họa, dữ liệu không có thật.",
        },
    )
    by_slug = {}
    for slug, name, kind, order, start, end, _merged in ORGANIZATIONS:
        by_slug[slug], _ = Organization.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "sort_order": order,
                "valid_from": datetime.date.fromisoformat(start) if start else None,
                "valid_until": datetime.date.fromisoformat(end) if end else None,
            },
        )
    for slug, *_rest, merged in ORGANIZATIONS:
        if merged and by_slug[slug].merged_into_id != by_slug[merged].pk:
            by_slug[slug].merged_into = by_slug[merged]
            by_slug[slug].save(update_fields=["merged_into"])
    stdout.write(f"Site settings and {len(by_slug)} organizations.")


load.order = 10


def load_banners(stdout):
    """The level above each demo commune and ward, for its banner: the
    province (the portals are built by news/demo.py, order 40)."""
    updated = SiteSettings.objects.filter(
        level__in=["commune", "ward"], parent_name=""
    ).update(parent_name=PROVINCE_NAME)
    stdout.write(f"Banners of {updated} portals name their province.")


load_banners.order = 45
