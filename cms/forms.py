"""Upload forms. Documents: the content must be what the extension says
(`DocumentForm`, docs/security.md "Uploads"). Images: sizes read from the
header, pixels proven readable.

Wagtail's field refuses files over the size limit, unknown formats and
extensions (SVG included, see `WAGTAILIMAGES_EXTENSIONS`) and extensions that
lie about the content. Two gaps remain, closed here (docs/images.md):

- it learns the pixel count through Willow, which decodes the whole image
  first: a 150-megapixel file would take ~450 MB before being refused, and a
  truncated file raised an OSError (a 500). The count comes from the header.
- a truncated or corrupt file that has a good header was accepted and failed
  later, when a page needed a rendition. It is decoded here, within bounds.

A JPEG's GPS position is also removed from the original on upload.

Also the admin's sign-in form (`LoginForm`), labelled in Vietnamese.
"""

import io
import os
import warnings
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

import filetype
from PIL import Image as PILImage

# JPEG decodes at 1/8 scale: every byte is still read (a cut file fails) in
# a sixty-fourth of the memory. Other formats decode one frame at a time,
# which the pixel limit bounds.
JPEG_DRAFT_SCALE = 8
GPS_IFD = 0x8825
EXIF_HEADER = b"Exif\x00\x00"
APP1 = 0xE1
START_OF_SCAN = 0xDA

# What a document's first bytes may be, by its extension (filetype's names;
# "cfb" is any Office 97-2003 compound file, which filetype names only when it
# finds the application's own marker). The allow-list is docs/security.md's.
DOCUMENT_CONTENT = {
    "pdf": {"pdf"},
    "doc": {"doc", "xls", "ppt", "cfb"},
    "xls": {"doc", "xls", "ppt", "cfb"},
    "ppt": {"doc", "xls", "ppt", "cfb"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "odt": {"odt"},
    "ods": {"ods"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "zip": {"zip", "docx", "xlsx", "pptx", "odt", "ods"},
}
# A zipped Office file that filetype did not recognise must hold its part.
OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# filetype reads no further than this.
HEAD_BYTES = 8192

CONTENT_MISMATCH = _(
    "The content of this file is not a .%(extension)s file: it may have been "
    "renamed or damaged. Upload the original document."
)
ZIP_MEMBER_REFUSED = _(
    "This zip file holds a file of a type that cannot be published "
    "(%(name)s). A zip may only hold documents and images."
)
NOT_TEXT = _("This .txt file is not plain text (UTF-8).")

DAMAGED = _(
    "This image file is damaged or incomplete and cannot be shown. "
    "Save it again from the original photo and upload it again."
)


class ImageFileField(WagtailImageField):
    def to_python(self, data):
        file = super().to_python(data)
        if file is None:
            return None
        check_decodes(file)
        if file.image.format_name == "jpeg":
            file.seek(0)
            stripped = jpeg_without_gps(file.read())
            file.seek(0)
            if stripped is not None:
                image = file.image
                file = SimpleUploadedFile(file.name, stripped, file.content_type)
                file.image = image
        return file

    def check_image_pixel_size(self, f):
        if self.max_image_pixels is None:
            return
        f.seek(0)
        try:
            with warnings.catch_warnings():
                # Pillow warns above its own limit; ours is lower and decides.
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(f) as image:
                    width, height = image.size
                    frames = getattr(image, "n_frames", 1)
        except PILImage.DecompressionBombError:
            width = height = frames = None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(DAMAGED, code="corrupt_image") from error
        finally:
            f.seek(0)
        if width is None or width * height * frames > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": width * height * frames
                    if width
                    else _("unknown number"),
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )


def jpeg_without_gps(data):
    """`data` with the GPS block of its EXIF removed, or None if it has none.

    The original is served as it was uploaded (the API's download URL), so
    where a photo was taken must go from it too. Only the EXIF segment is
    rewritten: the pixels are not re-encoded and the orientation stays.
    """
    with PILImage.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        if GPS_IFD not in exif:
            return None
        del exif[GPS_IFD]
        payload = EXIF_HEADER + exif.tobytes()
    position = 2  # after the start-of-image marker
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == START_OF_SCAN:
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + length
        if marker == APP1 and data[position + 4 : end].startswith(EXIF_HEADER):
            segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
            return data[:position] + segment + data[end:]
        position = end
    return None


def check_decodes(file):
    """Raise ValidationError unless every frame of `file` decodes."""
    file.seek(0)
    try:
        with PILImage.open(file) as image:
            if image.format == "JPEG":
                image.draft(
                    image.mode,
                    (
                        max(1, image.width // JPEG_DRAFT_SCALE),
                        max(1, image.height // JPEG_DRAFT_SCALE),
                    ),
                )
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # Pillow reports damaged data as OSError ("image file is truncated",
        # "broken data stream"), SyntaxError or ValueError, by format.
        raise ValidationError(DAMAGED, code="corrupt_image") from error
    finally:
        file.seek(0)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the field itself; this one keeps its widget and label.
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = ImageFileField(
                label=field.label, required=field.required, widget=field.widget
            )


def detected_kind(head):
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension
    return "cfb" if head.startswith(COMPOUND_FILE) else None


def check_document_content(file):
    """Raise ValidationError unless the file's bytes are of a kind its
    extension allows (DOCUMENT_CONTENT): HTML or a zip named .pdf, which a
    browser or a reader would open as such, never becomes a document."""
    extension = os.path.splitext(file.name)[1].lower().lstrip(".")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if extension == "txt":
        if b"\x00" in head or not _utf8_start(head):
            raise ValidationError(NOT_TEXT, code="not_text")
        return
    allowed = DOCUMENT_CONTENT.get(extension)
    if allowed is None:
        return  # not an extension we accept: Wagtail's own check refuses it
    kind = detected_kind(head)
    if kind not in allowed or (kind == "zip" and not _zip_holds(file, extension)):
        raise ValidationError(
            CONTENT_MISMATCH, code="content_mismatch", params={"extension": extension}
        )


def _utf8_start(head):
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The read may have cut the last character in two.
        return error.start >= len(head) - 3
    return True


def _zip_holds(file, extension):
    """A zip's members are what the extension promises: an Office file's
    part, or for a .zip only documents and images (by their names)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)
    if extension in OFFICE_PARTS:
        return any(name.startswith(OFFICE_PARTS[extension]) for name in names)
    allowed = set(settings.WAGTAILDOCS_EXTENSIONS) - {"zip"}
    for name in names:
        if name.endswith("/"):
            continue
        member = os.path.splitext(name)[1].lower().lstrip(".")
        if member not in allowed:
            raise ValidationError(
                ZIP_MEMBER_REFUSED, code="zip_member", params={"name": name}
            )
    return True


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (single and multiple upload, the chooser),
    with the content checked against the extension."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a new upload: an edit that keeps the file has nothing to read.
        if isinstance(file, UploadedFile):
            check_document_content(file)
        return file

    def _post_clean(self):
        # A refused file leaves the document without one, and Wagtail's
        # model check would add "File extension “” is not allowed" beside
        # the reason: the form is invalid already, so the model is not checked.
        if self.has_error("file"):
            return
        super()._post_clean()


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, whose password field has no label of its own:
    Django made "Password" of the field's name, in English."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
