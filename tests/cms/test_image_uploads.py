"""An officer cannot break the site with a bad upload: each bad file is a
form error in both admin upload views, never a 500 (docs/images.md)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest
from PIL import Image as PILImage

from cms.models import CustomImage
from editorial import roles
from tests.editorial.conftest import make_officer

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def encoded(fmt, size=(640, 480), **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 160)).save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_bytes():
    """A JPEG with detail, so that cutting it loses real image data."""
    image = PILImage.effect_mandelbrot((800, 600), (-2, -1.2, 1, 1.2), 60)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_claiming(width, height):
    """A few hundred bytes whose header promises width x height pixels."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def editor(news_index):
    roles.apply_sections()
    user = make_officer("bientap", roles.EDITOR)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def upload_single(client, name, content):
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh", "file": SimpleUploadedFile(name, content)},
    )
    if response.status_code == 302:
        return True, ""
    assert response.status_code == 200
    # The errors are lazy: read them in the editor's language, as the page was.
    with translation.override("en"):
        return False, " ".join(response.context["form"].errors["file"])


def upload_multiple(client, name, content):
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    data = response.json()
    return data["success"], data.get("error_message", "")


@pytest.fixture(params=[upload_single, upload_multiple], ids=["add", "multiple"])
def upload(request, client, editor):
    client.force_login(editor)
    return lambda name, content: request.param(client, name, content)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("anh.jpg", "JPEG"),
        ("anh.png", "PNG"),
        ("anh.webp", "WEBP"),
        ("anh.gif", "GIF"),
        ("anh.avif", "AVIF"),
    ],
)
def test_jpeg_png_webp_gif_and_avif_are_accepted(upload, name, fmt):
    accepted, error = upload(name, encoded(fmt))

    assert accepted, error
    assert CustomImage.objects.get().width == 640


def test_a_file_over_the_size_limit_is_refused(upload, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000

    accepted, error = upload("lon.jpg", photo_bytes())

    assert not accepted
    assert "This file is too big" in error
    assert not CustomImage.objects.exists()


@pytest.mark.parametrize(
    ("width", "height"), [(30_000, 30_000), (8_000, 6_000)], ids=["bomb", "48MP"]
)
def test_a_decompression_bomb_is_refused_from_its_header(upload, width, height):
    # 900 million pixels trips Pillow's own guard; 48 million only ours. The
    # files hold almost no pixel data: decoding them would fail, so a refusal
    # for the pixel count shows the header alone was read.
    accepted, error = upload("bom.png", png_claiming(width, height))

    assert not accepted
    assert "too many pixels" in error
    assert not CustomImage.objects.exists()


def test_svg_is_refused(upload):
    accepted, error = upload("logo.svg", SVG)

    assert not accepted
    assert "Not a supported image format" in error


def test_svg_named_png_is_refused_by_its_content(upload):
    accepted, error = upload("logo.png", SVG)

    assert not accepted
    assert "does not match the file format (svg)" in error


def test_a_png_named_jpg_is_judged_by_its_content(upload):
    accepted, error = upload("anh.jpg", encoded("PNG"))

    assert not accepted
    assert "does not match the file format (png)" in error


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cat.jpg", photo_bytes()[:20_000]),
        ("cat.png", encoded("PNG", (800, 600), compress_level=0)[:40_000]),
    ],
    ids=["jpeg", "png"],
)
def test_a_truncated_file_is_refused(upload, name, content):
    accepted, error = upload(name, content)

    assert not accepted
    assert "damaged or incomplete" in error
    assert not CustomImage.objects.exists()


def test_a_corrupt_file_is_refused(upload):
    data = bytearray(encoded("PNG", (400, 300)))
    # Scramble the compressed pixels, keep the header readable.
    data[60:200] = bytes(range(140))

    accepted, error = upload("hong.png", bytes(data))

    assert not accepted
    assert "damaged or incomplete" in error


def test_the_gps_position_leaves_an_uploaded_jpeg_untouched_otherwise(upload):
    exif = PILImage.Exif()
    exif[0x0112] = 6
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.0)
    buffer = io.BytesIO()
    PILImage.effect_mandelbrot((320, 240), (-2, -1.2, 1, 1.2), 40).convert("RGB").save(
        buffer, "JPEG", exif=exif
    )
    sent = buffer.getvalue()

    accepted, error = upload("gps.jpg", sent)

    assert accepted, error
    with CustomImage.objects.get().file.open() as file:
        kept = file.read()
    stored = PILImage.open(io.BytesIO(kept)).getexif()
    assert not stored.get_ifd(0x8825)
    assert stored[0x0112] == 6
    # The compressed pixels are the same bytes: nothing was re-encoded.
    scan = sent.index(b"\xff\xda")
    assert kept.endswith(sent[scan:])
