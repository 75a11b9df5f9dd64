"""Demo content shared by every app: painted photos, site settings, organizations.

Photos are painted with Pillow so nothing is downloaded; each is found again
by its title, which keeps `load_demo` idempotent.
"""

import datetime
import io
import os
import random

from django.core.files.images import ImageFile

from wagtail.models import Site

from PIL import Image as PILImage
from PIL import ImageDraw

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


def paint(title, seed, caption="", credit="", alt="", size=(1600, 1000)):
    """A painted landscape-like photo, created once per title."""
    existing = CustomImage.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(seed)
    image = PILImage.new(
        "RGB",
        size,
        (rng.randint(120, 200), rng.randint(170, 220), rng.randint(200, 250)),
    )
    draw = ImageDraw.Draw(image)
    width, height = size
    horizon = int(height * rng.uniform(0.45, 0.65))
    draw.rectangle(
        [0, horizon, width, height],
        fill=(rng.randint(40, 90), rng.randint(120, 170), rng.randint(40, 80)),
    )
    for _ in range(6):
        x = rng.randint(0, width)
        w = rng.randint(80, 260)
        h = rng.randint(120, 360)
        colour = (rng.randint(150, 240), rng.randint(60, 200), rng.randint(40, 120))
        draw.rectangle([x, horizon - h, x + w, horizon], fill=colour)
        draw.polygon(
            [
                (x - 20, horizon - h),
                (x + w // 2, horizon - h - 60),
                (x + w + 20, horizon - h),
            ],
            fill=(160, 40, 40),
        )
    sun = rng.randint(60, width - 60)
    draw.ellipse([sun - 50, 60, sun + 50, 160], fill=(250, 220, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    slug = f"demo-{seed}.jpg"
    return CustomImage.objects.create(
        title=title,
        file=ImageFile(buffer, name=slug),
        caption=caption,
        credit=credit,
        description=alt,
    )


def port():
    """The port the demo's portals answer on: `make run`'s PORT (8000 by
    default), so every link the demo's pages, feeds and API print works."""
    value = os.environ.get("PORT", "")
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else 8000


# Set over each commune's and ward's name in its banner (docs/design.md).
PROVINCE_NAME = "Tỉnh An Giang"


def load(stdout):
    site = Site.objects.get(is_default_site=True)
    logo = paint(
        "Biểu trưng xã Hòa Bình",
        1,
        alt="Biểu trưng Ủy ban nhân dân xã Hòa Bình",
        size=(256, 256),
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
