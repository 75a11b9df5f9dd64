"""Time one `import_archive` run: a closed district portal's articles, each
with its old address, imported into its archive (docs/archives.md).

Usage: .venv/bin/python bench/archive_import.py [--articles 10000]
       [--database-url postgres://.../EMPTY_DB]

It builds a fresh database (a temporary SQLite file unless --database-url
names an empty PostgreSQL database, which is wiped), makes the archive and
its successor with `create_portal`, writes N articles as JSON Lines (text
only, like most old portals' news; half of the old addresses carry a query
string, `default.aspx?ItemID=N`), then times in a child process, as an
operator runs it:

    import_archive HOST --articles FILE --closed-on 2025-07-01 --successor HOST

and then the same run again (every article unchanged, no redirect added).
Every 1,000 lines the child prints the time so far on stderr.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ARCHIVE, SUCCESSOR = "huyen-bench.localhost", "xa-bench.localhost"


def article(number):
    if number % 2:
        old = f"/portal/default.aspx?ItemID={number}"
    else:
        old = f"/portal/Pages/2022-6-{number % 28 + 1}/Tin-so-{number}.aspx"
    return {
        "title": f"Hội nghị sơ kết công tác số {number}",
        "date": f"{2015 + number % 10}-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
        "summary": "Ủy ban nhân dân huyện tổ chức hội nghị sơ kết 6 tháng đầu năm.",
        "author": "Thị Thoang",
        "category": "Tin tức - Sự kiện",
        "source_url": "https://huyen-cu.gov.vn" + old,
        "body": [
            f"<p>Sáng {number % 28 + 1}/6, Ủy ban nhân dân huyện tổ chức hội nghị "
            "<b>sơ kết</b> công tác 6 tháng đầu năm.</p>",
            {"type": "heading", "value": "Kết quả nổi bật"},
            "Các đại biểu thảo luận về thu ngân sách và an sinh xã hội.",
        ],
    }


def child(mode, path):
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    if mode == "setup":
        call_command("migrate", verbosity=0)
        for host, name, level in (
            (SUCCESSOR, "Ủy ban nhân dân xã Bench", "commune"),
            (ARCHIVE, "Ủy ban nhân dân huyện Bench", "district"),
        ):
            call_command(
                "create_portal", host, name, "--level", level, stdout=StringIO()
            )
        return
    out = StringIO()
    start = time.perf_counter()
    call_command(
        "import_archive",
        ARCHIVE,
        "--articles",
        path,
        "--closed-on",
        "2025-07-01",
        "--successor",
        SUCCESSOR,
        stdout=out,
        stderr=Progress(start),
    )
    seconds = time.perf_counter() - start
    from wagtail.contrib.redirects.models import Redirect

    print(
        json.dumps(
            {
                "seconds": seconds,
                "redirects": Redirect.objects.count(),
                "out": out.getvalue(),
            }
        )
    )


class Progress:
    def __init__(self, start):
        self.start = start

    def write(self, text, *args, **kwargs):
        for line in text.strip().splitlines():
            seconds = time.perf_counter() - self.start
            print(f"  {seconds:7.0f} s  {line}", file=sys.stderr, flush=True)

    def flush(self):
        pass

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty database to use (wiped)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        folder = Path(tmp)
        path = folder / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for number in range(args.articles):
                out.write(json.dumps(article(number), ensure_ascii=False) + "\n")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.base",
            "SECRET_KEY": "bench-only",
            "MEDIA_ROOT": str(folder / "media"),
            "DATABASE_URL": args.database_url
            or f"sqlite:///{folder / 'bench.sqlite3'}",
        }
        if args.database_url:
            import psycopg

            with psycopg.connect(args.database_url, autocommit=True) as connection:
                connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        run_child("setup", path, env)
        for label in ("first run", "same file again"):
            print(f"{args.articles} articles, {label}:", flush=True)
            report = run_child("import", path, env)
            print(
                f"{args.articles} articles, {label}: {report['seconds']:.0f} s "
                f"({args.articles / report['seconds']:.1f} articles/s), "
                f"{report['redirects']} redirects",
                flush=True,
            )
            print(report["out"].strip().splitlines()[-2:], flush=True)


if __name__ == "__main__":
    main()
