"""Demo: the archive of a district portal closed on 1 July 2025
(docs/archives.md), loaded the way an operator would: administrative units,
`create_portal`'s steps, then `import_archive` with the old portal's
addresses. Idempotent: a second run finds every unit, page and redirect."""

import datetime
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from wagtail.models import Site

from PIL import Image as PILImage
from PIL import ImageDraw

from cms import archives, portal_setup
from cms.demo import port
from cms.models import AdministrativeUnit, SiteSettings, UnitSuccession

HOST = "huyen-an-phu.localhost"
SUCCESSOR = "an-phu.localhost"
CLOSED_ON = "2025-07-01"
OLD = "https://anphu.angiang.gov.vn"

# code, name, level, valid_from, valid_to
UNITS = [
    ("89", "Tỉnh An Giang", "province", None, None),
    ("886", "Huyện An Phú", "district", None, "2025-06-30"),
    ("30301", "Xã An Phú", "commune", "2025-07-01", None),
    ("30304", "Xã Hòa Bình", "commune", "2025-07-01", None),
    ("30307", "Phường Mỹ Thới", "ward", "2025-07-01", None),
]
SUCCESSIONS = [("886", "30301", CLOSED_ON)]

DOCUMENT = {
    "type": "quyet-dinh",
    "number": "15/QĐ-UBND",
    "issuer": "Ủy ban nhân dân huyện An Phú",
    "issue_date": "2022-05-10",
    "signer_name": "Nguyễn Văn Bình",
    "signer_title": "Chủ tịch UBND huyện",
    "abstract": "Ban hành Kế hoạch phát triển kinh tế - xã hội huyện An Phú năm 2022.",
    "source_url": f"{OLD}/portal/VanBan/default.aspx?ItemID=77",
}
OFFICIALS = [
    {
        "name": "Nguyễn Văn Bình",
        "honorific": "ong",
        "source_url": f"{OLD}/portal/LanhDao/default.aspx?ItemID=5",
        "positions": [
            {
                "title": "Chủ tịch Ủy ban nhân dân huyện",
                "organization": "Ủy ban nhân dân huyện An Phú",
                "start_date": "2021-06-15",
                "end_date": "2025-06-30",
            }
        ],
        "duties": "Phụ trách chung, trực tiếp chỉ đạo công tác kinh tế.",
    },
]
ARTICLES = [
    {
        "title": "An Phú sau 05 năm đẩy mạnh phát triển kinh tế nông thôn",
        "date": "2022-06-23T08:30:00+07:00",
        "summary": "Huyện An Phú tổng kết 05 năm thực hiện Nghị quyết của "
        "Huyện ủy về phát triển kinh tế nông thôn.",
        "author": "Thị Thoang",
        "category": "Tin tức - Sự kiện",
        "source_url": f"{OLD}/portal/Pages/2022-6-23/An-Phu-sau-05-nam-day-manh.aspx",
        "body": [
            "Sáng 23/6, Ủy ban nhân dân huyện An Phú tổ chức hội nghị tổng kết "
            "05 năm phát triển kinh tế nông thôn.",
            "Hội nghị đánh giá kết quả thực hiện Quyết định số 15/QĐ-UBND ngày "
            "10/5/2022 của Ủy ban nhân dân huyện.",
        ],
    },
    {
        "title": "Lịch tiếp công dân tháng 7 năm 2022",
        "date": "2022-07-01",
        "summary": "Chủ tịch Ủy ban nhân dân huyện tiếp công dân vào thứ Năm hằng tuần.",
        "author": "Văn phòng HĐND và UBND huyện",
        "category": "Tin tức - Sự kiện",
        "source_url": f"{OLD}/portal/default.aspx?ItemID=123",
        "body": ["Chủ tịch UBND huyện tiếp công dân vào thứ Năm hằng tuần."],
    },
    {
        "title": "Huyện An Phú ra quân chiến dịch thanh niên tình nguyện hè",
        "date": "2023-06-05",
        "summary": "Hơn 300 đoàn viên, thanh niên ra quân chiến dịch tình nguyện hè.",
        "author": "Huyện đoàn An Phú",
        "category": "Tin tức - Sự kiện",
        "source_url": f"{OLD}/portal/default.aspx?ItemID=245",
        "body": ["Hơn 300 đoàn viên ra quân làm đường giao thông nông thôn."],
    },
]


def _with_photos(folder):
    """The articles, each with its photo, painted (nothing is downloaded) into the
    import's media folder; the same pixels each run, so the import finds
    them again by their hash instead of adding copies."""
    records = []
    for number, record in enumerate(ARTICLES):
        name = f"anh-luu-tru-{number}.jpg"
        image = PILImage.new("RGB", (1200, 800), (60 + 40 * number, 120, 170))
        ImageDraw.Draw(image).rectangle(
            (100 + 200 * number, 300, 400 + 200 * number, 700), fill=(200, 90, 40)
        )
        image.save(Path(folder) / name, format="JPEG", quality=80)
        photo = {
            "file": name,
            "caption": f"Ảnh lưu trữ: {record['title']}.",
            "alt": f"Quang cảnh: {record['title']}",
            "credit": "Cổng thông tin huyện An Phú (lưu trữ)",
        }
        records.append({**record, "hero_image": photo})
    return records


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def load_units():
    units = {}
    for code, name, level, start, end in UNITS:
        units[code], _ = AdministrativeUnit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "valid_from": _day(start),
                "valid_to": _day(end),
            },
        )
    for before, after, day in SUCCESSIONS:
        UnitSuccession.objects.get_or_create(
            predecessor=units[before],
            successor=units[after],
            defaults={"date": _day(day)},
        )
    # The demo's portals belong to their units (saved, so the portals'
    # directory hears of it).
    for settings in SiteSettings.objects.filter(
        unit_code__in=list(units), unit__isnull=True
    ):
        settings.unit = units[settings.unit_code]
        settings.save(update_fields=["unit"])


def load(stdout):
    load_units()
    portal_setup.build(
        portal_setup.PortalSpec(
            hostname=HOST,
            agency_name="Ủy ban nhân dân huyện An Phú",
            short_name="UBND huyện An Phú (lưu trữ)",
            level="district",
            unit_code="886",
            port=port(),
        )
    )
    available = archives.import_commands()
    if not Site.objects.filter(hostname=SUCCESSOR).exists():
        return
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "articles": _with_photos(folder),
            "publications": [DOCUMENT],
            "officials": OFFICIALS,
        }
        options = []
        for option in files:
            if option in available:
                path = Path(folder) / f"{option}.jsonl"
                path.write_text(
                    "\n".join(json.dumps(r, ensure_ascii=False) for r in files[option])
                )
                options += [f"--{option}", str(path)]
        out = StringIO()
        call_command(
            "import_archive",
            f"{HOST}:{port()}",
            *options,
            "--closed-on",
            CLOSED_ON,
            "--successor",
            f"{SUCCESSOR}:{port()}",
            stdout=out,
            stderr=out,
        )
    stdout.write(
        f"Archive of a closed district portal: http://{HOST}:{port()}/ "
        f"(old address: http://{HOST}:{port()}/portal/default.aspx?ItemID=123)."
    )


# After every app's own demo content: the successor portal, the document
# types and the organizations are there.
load.order = 40
