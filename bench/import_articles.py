"""Import speed and peak memory of `import_articles` on generated articles.

Usage: .venv/bin/python bench/import_articles.py [--articles 10000] [--images 1000]
       [--sizes 2000,10000] [--database-url postgres://...]

For each size it builds a fresh database (a temporary SQLite file unless
--database-url names an empty PostgreSQL database, which is reused), writes
that many articles (every tenth with its own photo) and imports them in a
child process, then imports the same file again (everything unchanged). It
prints articles per second and the child's peak resident memory; memory
should not grow with the size of the file, since the file is streamed. While
an import runs, every 1,000 lines it prints the time so far and the peak
memory so far (on stderr), so one long run shows both as it goes.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CATEGORIES = [
    "Tin tức - Sự kiện",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Quốc phòng - An ninh",
]
TAGS = ["hội nghị", "nông thôn mới", "chuyển đổi số", "giao thông", "y tế", "giáo dục"]


def write_images(folder, count):
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        image = Image.new("RGB", (640, 427), (number % 256, (number * 7) % 256, 90))
        # A mark at a different place on each photo keeps every file unique.
        draw = ImageDraw.Draw(image)
        x, y = (number * 13) % 600, (number * 29) % 390
        draw.rectangle((x, y, x + 40, y + 37), fill=(250, 250, 250))
        image.save(folder / f"anh-{number}.jpg", format="JPEG", quality=80)


def article(number, images):
    paragraphs = [
        f"<p>Sáng {number % 28 + 1}/6, Ủy ban nhân dân xã tổ chức hội nghị số {number} "
        "<b>sơ kết</b> công tác 6 tháng đầu năm, triển khai nhiệm vụ trọng tâm.</p>",
        "<p>Đồng chí Chủ tịch UBND xã nhấn mạnh <i>cải cách hành chính</i> và "
        '<a href="https://example.gov.vn/van-ban">văn bản hướng dẫn</a>.</p>',
        "Các đại biểu thảo luận về thu ngân sách, giải phóng mặt bằng và an sinh xã hội.",
        "<ul><li>Thu ngân sách đạt 105%</li><li>Giải ngân đầu tư công đạt 62%</li></ul>",
    ]
    body = [
        paragraphs[0],
        {"type": "heading", "value": "Kết quả nổi bật"},
        *paragraphs[1:],
        {
            "type": "quote",
            "value": {"text": "Dân biết, dân bàn, dân làm, dân kiểm tra."},
        },
    ]
    if number % 10 == 0 and number // 10 < images:
        body.insert(
            2,
            {
                "type": "image",
                "value": {
                    "file": f"images/anh-{number // 10}.jpg",
                    "caption": "Quang cảnh hội nghị.",
                    "alt": "Đại biểu dự hội nghị",
                },
            },
        )
    return {
        "title": f"Hội nghị sơ kết số {number}",
        "date": f"{2015 + number % 10}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        "summary": "Ủy ban nhân dân xã tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.",
        "author": "Thị Thoang",
        "category": CATEGORIES[number % len(CATEGORIES)],
        "tags": [TAGS[number % len(TAGS)], TAGS[(number + 1) % len(TAGS)]],
        "source_url": f"https://old.example.gov.vn/tin/{number}",
        "body": body,
    }


def write_file(path, count, images):
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps(article(number, images), ensure_ascii=False) + "\n")


def child(mode, path):
    """Runs in a fresh process: set up the site, or import and report."""
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    if mode == "setup":
        from wagtail.models import Page, Site

        from home.models import HomePage
        from news.models import NewsIndexPage

        call_command("migrate", verbosity=0)
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Trang chủ", slug="trang-chu-bench")
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": home, "site_name": "Bench"},
        )
        home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
        return
    import io

    out = io.StringIO()
    start = time.perf_counter()
    call_command("import_articles", path, stdout=out, stderr=ProgressLog(start))
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"seconds": seconds, "peak_mb": peak_kb / 1024, "out": out.getvalue()}
        )
    )


class ProgressLog:
    """The command's stderr: its "N lines read" lines, with time and peak memory.

    They go out at once, so a long run shows its rate and its memory as it
    goes (memory flat from the first thousand lines to the last).
    """

    def __init__(self, start):
        self.start = start

    def write(self, text, *args, **kwargs):
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        seconds = time.perf_counter() - self.start
        for line in text.strip().splitlines():
            print(
                f"  {seconds:7.0f} s  peak RSS {peak_mb:4.0f} MB  {line}",
                file=sys.stderr,
                flush=True,
            )

    def isatty(self):
        return False


def run_child(mode, path, env):
    result = subprocess.run(
        [PYTHON, __file__, "--child", mode, str(path)],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(result.returncode)
    return json.loads(result.stdout.splitlines()[-1]) if mode == "import" else None


def reset_postgres(url):
    # Only for a database named on the command line: drop our tables by
    # recreating the public schema.
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--images", type=int, default=1_000)
    parser.add_argument("--sizes", help="comma-separated article counts")
    parser.add_argument("--database-url", help="an empty database to use (wiped)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [int(size) for size in (args.sizes or str(args.articles)).split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        write_images(folder / "images", args.images)
        for size in sizes:
            path = folder / f"articles-{size}.jsonl"
            write_file(path, size, args.images)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "cms.settings.base",
                "SECRET_KEY": "bench-only",
                "MEDIA_ROOT": str(folder / f"media-{size}"),
                "DATABASE_URL": args.database_url
                or f"sqlite:///{folder / f'bench-{size}.sqlite3'}",
            }
            if args.database_url:
                reset_postgres(args.database_url)
            run_child("setup", path, env)
            mb = path.stat().st_size / 1e6
            images = min(args.images, (size + 9) // 10)
            for label in ("first import", "same file again"):
                print(f"{size} articles, {label}:", flush=True)
                report = run_child("import", path, env)
                print(
                    f"{size} articles ({mb:.1f} MB, {images} images), {label}: "
                    f"{report['seconds']:.1f} s, {size / report['seconds']:.1f} "
                    f"articles/s, peak RSS {report['peak_mb']:.0f} MB; "
                    f"{report['out'].strip().splitlines()[-1]}"
                )


if __name__ == "__main__":
    main()
