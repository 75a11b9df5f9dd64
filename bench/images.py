"""Image pipeline: rendition time and memory, bytes per format, bytes a phone
downloads, and the memory of one upload (docs/images.md).

Usage: .venv/bin/python bench/images.py [--skip-demo] [--uploads-only]

Everything runs on a temporary SQLite database and media folder, with the
production formats (AVIF and WebP sources). It reports:

1. time and peak memory of a fresh process making the standard renditions
   (cms/images.py `rendition_specs`) of a generated 4000x3000 photo;
2. bytes of the 800-px AVIF, WebP and JPEG renditions of that photo, with
   their PSNR against an uncompressed 800-px resize (quality settings from
   cms/settings/base.py);
3. bytes of the images a 400-px-wide phone (1x) downloads for the demo home
   page and a demo article: for each `<picture>` the 400w candidate of the
   first source it can decode (AVIF, or WebP for a phone without AVIF);
4. peak memory of a fresh process uploading, through the admin's multiple
   upload view, the largest photo the pixel limit accepts, and a
   decompression bomb.
"""

import argparse
import io
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def setup_django(folder, migrate=False):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = folder / "media"
    # Production formats: test settings leave AVIF out to keep tests fast.
    settings.PORTAL_PICTURE_FORMATS = ["avif", "webp"]
    settings.ALLOWED_HOSTS = ["*"]
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def peak_mb():
    """This process's peak resident memory since it started (its own exec).

    ru_maxrss would also count the parent's peak before the exec, so Linux's
    VmHWM is read where there is one.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def photo(width, height, seed=7):
    """A photo-like JPEG: a painted scene, detail, blur and sensor grain."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    scene = Image.new("RGB", (width, height), (150, 190, 230))
    draw = ImageDraw.Draw(scene)
    horizon = int(height * 0.55)
    draw.rectangle([0, horizon, width, height], fill=(70, 130, 60))
    for _ in range(60):
        x, y = rng.randrange(width), rng.randrange(horizon // 2, height)
        w, h = (
            rng.randrange(width // 40, width // 8),
            rng.randrange(height // 20, height // 4),
        )
        colour = tuple(rng.randrange(40, 240) for _ in range(3))
        draw.rectangle([x, y - h, x + w, y], fill=colour)
        draw.ellipse([x, y - h - w // 3, x + w, y - h + w // 3], fill=colour[::-1])
    detail = Image.effect_mandelbrot((width, height), (-2.2, -1.2, 1.0, 1.2), 80)
    scene = Image.blend(scene, detail.convert("RGB"), 0.15)
    scene = scene.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    scene = Image.blend(scene, grain, 0.08)
    buffer = io.BytesIO()
    scene.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def psnr(reference, candidate):
    from PIL import ImageChops, ImageStat

    diff = ImageChops.difference(reference.convert("RGB"), candidate.convert("RGB"))
    mse = sum(ImageStat.Stat(diff).sum2) / (3 * reference.width * reference.height)
    return float("inf") if mse == 0 else 10 * math.log10(255**2 / mse)


# Child processes: each measures its own peak memory from a fresh start.


def child_renditions(folder):
    setup_django(folder)
    from django.core.files.images import ImageFile

    from cms.images import rendition_specs
    from tests.factories import ImageFactory

    with open(folder / "photo.jpg", "rb") as file:
        image = ImageFactory(file=ImageFile(file, name="photo.jpg"))
    before = peak_mb()
    specs = rendition_specs(image)
    started = time.perf_counter()
    image.get_renditions(*specs)
    seconds = time.perf_counter() - started
    sizes = {
        r.filter_spec: r.file.size
        for r in image.renditions.filter(filter_spec__in=specs)
    }
    return {
        "renditions": len(specs),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb()),
        "peak_before_mb": round(before),
        "image_id": image.pk,
        "sizes": sizes,
    }


def child_upload(folder, name):
    setup_django(folder)
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.get(username="bench")
    client = Client()
    client.force_login(user)
    data = (folder / name).read_bytes()
    before = peak_mb()
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, data)},
    )
    del data
    body = response.json()
    return {
        "status": response.status_code,
        "accepted": body["success"],
        "error": body.get("error_message", ""),
        "peak_mb": round(peak_mb()),
        "peak_before_mb": round(before),
    }


def run_child(kind, folder, *args):
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(folder), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode:
        sys.exit(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


# Phone downloads


def phone_bytes(client, url, media_root, formats):
    """Bytes of the images a 400-px phone loads, and of the page's hero."""
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    soup = BeautifulSoup(response.content, "html.parser")
    total = hero = 0
    for img in soup.select("img"):
        picture = img.find_parent("picture")
        candidates = img.get("srcset") or f"{img['src']} 400w"
        if picture is not None:
            for source in picture.find_all("source"):
                if source["type"].removeprefix("image/") in formats:
                    candidates = source["srcset"]
                    break
        chosen = pick_400w(candidates)
        size = (media_root / chosen.removeprefix("/media/")).stat().st_size
        total += size
        if img.get("fetchpriority") == "high" and not hero:
            hero = size
    return total, hero


def pick_400w(srcset):
    """The smallest candidate at least 400 px wide (else the widest)."""
    items = sorted(
        (int(width.rstrip("w")), url)
        for url, width in (item.split() for item in srcset.split(", "))
    )
    return next((url for width, url in items if width >= 400), items[-1][1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--uploads-only", action="store_true")
    args = parser.parse_args()
    if args.child:
        kind, folder, *rest = args.child
        folder = Path(folder)
        result = (
            child_renditions(folder)
            if kind == "renditions"
            else child_upload(folder, *rest)
        )
        print(json.dumps(result))
        return

    folder = Path(tempfile.mkdtemp(prefix="bench-images-"))
    setup_django(folder, migrate=True)
    from django.conf import settings

    from PIL import Image

    print(f"load: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(
        f"quality: JPEG {settings.WAGTAILIMAGES_JPEG_QUALITY}, "
        f"WebP {settings.WAGTAILIMAGES_WEBP_QUALITY}, "
        f"AVIF {settings.WAGTAILIMAGES_AVIF_QUALITY}"
    )

    if args.uploads_only:
        measure_uploads(folder)
        return

    # 1. Standard renditions of a 4000x3000 photo
    original = photo(4000, 3000)
    (folder / "photo.jpg").write_bytes(original)
    made = run_child("renditions", folder)
    print(
        f"4000x3000 JPEG ({len(original) // 1024} KB): {made['renditions']} renditions "
        f"in {made['seconds']} s, peak memory {made['peak_mb']} MB "
        f"(process before: {made['peak_before_mb']} MB)"
    )

    # 2. Bytes at 800 px
    reference = Image.open(io.BytesIO(original))
    reference = reference.resize((800, 600), Image.Resampling.LANCZOS)
    jpeg = made["sizes"]["width-800|format-jpeg"]
    for fmt in ("jpeg", "webp", "avif"):
        spec = f"width-800|format-{fmt}"
        path = next(
            (settings.MEDIA_ROOT / "images").glob(f"*.width-800.format-{fmt}.*")
        )
        size = made["sizes"][spec]
        quality = psnr(reference, Image.open(path))
        print(
            f"800 px {fmt.upper():4}: {size / 1024:6.1f} KB "
            f"({size / jpeg:4.0%} of JPEG), PSNR {quality:.1f} dB"
        )

    for fmt in ("avif", "webp", "jpeg"):
        size = made["sizes"][f"width-400|format-{fmt}"]
        print(
            f"400 px {fmt.upper():4} of the same photo (a phone's hero): {size / 1024:.1f} KB"
        )

    # 3. What a 400-px phone downloads
    if not args.skip_demo:
        from django.core.management import call_command
        from django.test import Client

        from news.models import NewsArticlePage

        started = time.perf_counter()
        call_command("load_demo", verbosity=0)
        print(
            f"load_demo (renditions made as its pages are published): "
            f"{time.perf_counter() - started:.0f} s"
        )
        client = Client(HTTP_HOST="localhost")
        article = (
            NewsArticlePage.objects.live().filter(hero_image__isnull=False).first()
        )
        for label, formats in (
            ("AVIF phone", {"avif", "webp"}),
            ("WebP phone", {"webp"}),
        ):
            for page, url in (("home page", "/"), ("article", article.url)):
                total, hero = phone_bytes(client, url, settings.MEDIA_ROOT, formats)
                print(
                    f"{label}, {page}: {total / 1024:.1f} KB of images, "
                    f"hero {hero / 1024:.1f} KB"
                )

    measure_uploads(folder)


def measure_uploads(folder):
    """4. One upload of the largest accepted photo, and of a bomb."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from PIL import Image, ImageDraw

    get_user_model().objects.create_superuser("bench", "bench@example.gov.vn", "x")
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    width = int(math.sqrt(limit * 4 / 3)) // 8 * 8
    height = width * 3 // 4
    (folder / "huge.jpg").write_bytes(photo(width, height, seed=3))
    from tests.cms.test_image_uploads import png_claiming

    (folder / "bomb.png").write_bytes(png_claiming(30_000, 30_000))
    flat = Image.new("RGBA", (width, height), (20, 90, 160, 255))
    ImageDraw.Draw(flat).ellipse([0, 0, width // 2, height // 2], fill=(250, 0, 0, 90))
    flat.save(folder / "huge.png", optimize=False)
    del flat
    for name, label in (
        ("huge.jpg", f"{width}x{height} JPEG"),
        ("huge.png", f"{width}x{height} RGBA PNG"),
        ("bomb.png", "bomb"),
    ):
        result = run_child("upload", folder, name)
        verdict = "accepted" if result["accepted"] else f"refused: {result['error']}"
        print(
            f"upload of {label} ({(folder / name).stat().st_size // 1024} KB): "
            f"{verdict}; peak memory {result['peak_mb']} MB "
            f"(process before: {result['peak_before_mb']} MB)"
        )
    print(f"load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
