"""Screenshots of every public page type on a phone and a desktop, for
docs/design.md, "Screenshots" (`make screenshots`; not part of `make test`).

Usage: .venv/bin/python bench/screenshots.py [--out docs/design] [--port 8139]

Loads the demo into a temporary SQLite database and media folder, serves it
with `runserver` on 127.0.0.1, and has Debian's Chromium (Playwright) take
the first screen of each page (the viewport, not the whole page, so the
files stay small) at 360x800 and 1366x768, saved as 64-colour PNGs, the
desktop ones 1024 px wide.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREENS = {
    "phone": {"viewport": {"width": 360, "height": 800}, "is_mobile": True},
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
# Palette PNGs without dithering: text and flat colour keep their look in 64
# colours, at a fraction of a true-colour PNG (photos get posterised, which a
# picture of the layout can afford).
COLOURS = 64
# Desktop screens are saved this wide (three quarters), phones as they are.
SAVED_WIDTH = 1024


def load_demo(environment):
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def page_paths(environment):
    """{page type: path}, as the browser tests name them (tests/e2e)."""
    script = (
        "import json; from tests.e2e.conftest import public_paths; "
        "print(json.dumps(public_paths()))"
    )
    found = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def serve(environment, port):
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the demo server did not answer on /healthz/")


def save_small(png, path):
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > SAVED_WIDTH:
        height = round(image.height * SAVED_WIDTH / image.width)
        image = image.resize((SAVED_WIDTH, height), Image.Resampling.LANCZOS)
    image.quantize(
        COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    ).save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "design"))
    parser.add_argument("--port", type=int, default=8139)
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        base = f"http://127.0.0.1:{options.port}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{work}/demo.sqlite3",
            "MEDIA_ROOT": f"{work}/media",
            "SHARED_CACHE_DIR": f"{work}/cache",
            "BASE_URL": base,
            # What a screen shows is the same in any format; AVIF is slow.
            "PORTAL_PICTURE_FORMATS": "webp",
        }
        load_demo(environment)
        paths = page_paths(environment)
        server = serve(environment, options.port)
        made = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    args=["--headless", "--no-sandbox", "--disable-gpu"],
                )
                for screen, options_ in SCREENS.items():
                    context = browser.new_context(locale="vi-VN", **options_)
                    tab = context.new_page()
                    for name, path in paths.items():
                        tab.goto(base + path)
                        tab.wait_for_load_state("networkidle")
                        target = out / f"{name.replace(' ', '-')}-{screen}.png"
                        save_small(tab.screenshot(), target)
                        made.append(target)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()
    total = sum(path.stat().st_size for path in made)
    for path in made:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
    print(f"{len(made)} screenshots, {total // 1024} KB in all")


if __name__ == "__main__":
    main()
