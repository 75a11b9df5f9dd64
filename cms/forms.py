"""The image upload form: sizes read from the header, pixels proven readable.

Wagtail's field refuses files over the size limit, unknown formats and
extensions (SVG included, see `WAGTAILIMAGES_EXTENSIONS`) and extensions that
lie about the content. Two gaps remain, closed here (docs/images.md):

- it learns the pixel count through Willow, which decodes the whole image
  first: a 150-megapixel file would take ~450 MB before being refused, and a
  truncated file raised an OSError (a 500). The count comes from the header.
- a truncated or corrupt file that has a good header was accepted and failed
  later, when a page needed a rendition. It is decoded here, within bounds.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

# JPEG decodes at 1/8 scale: every byte is still read (a cut file fails) in
# a sixty-fourth of the memory. Other formats decode one frame at a time,
# which the pixel limit bounds.
JPEG_DRAFT_SCALE = 8

DAMAGED = _(
    "This image file is damaged or incomplete and cannot be shown. "
    "Save it again from the original photo and upload it again."
)


class ImageFileField(WagtailImageField):
    def to_python(self, data):
        file = super().to_python(data)
        if file is not None:
            check_decodes(file)
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
