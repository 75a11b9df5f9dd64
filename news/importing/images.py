"""Images named by an import line: read from local files, checked, stored once.

Files are only ever read from under the media root: no URLs, no absolute
paths, no `..`, and no symlinks that lead out of it. A file already in the
library (same SHA-1 as Wagtail's own `file_hash`) is reused, so a re-run adds
no duplicate images.
"""

import hashlib
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from cms.importing import LineError

# Pillow's format names and the extensions Wagtail knows them by.
FORMAT_EXTENSIONS = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "GIF": ("gif",),
    "WEBP": ("webp",),
    "AVIF": ("avif",),
    "HEIF": ("heic",),
}
URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
HASH_CHUNK = 256 * 1024


@dataclass(frozen=True)
class LoadedImage:
    """A checked image file: where it is and what Wagtail needs to store it."""

    path: Path
    name: str
    sha1: str
    width: int
    height: int
    size: int


class ImageLoader:
    def __init__(self, media_root):
        self.root = Path(os.path.realpath(media_root))
        # Files written for the article being imported, so a failed article
        # can remove them: its database rows roll back, files do not.
        self.new_files = []

    def load(self, ref):
        """Check the file a line names; raise LineError with the reason."""
        path = self._resolve(ref.file)
        size = path.stat().st_size
        max_size = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        if size > max_size:
            raise LineError(
                _('image "%(file)s" is larger than %(max)s MB')
                % {"file": ref.file, "max": max_size // (1024 * 1024)}
            )
        image_format, width, height = self._check_image(path, ref.file)
        extensions = [
            ext
            for ext in FORMAT_EXTENSIONS.get(image_format, ())
            if ext in get_allowed_image_extensions()
        ]
        if not extensions:
            raise LineError(
                _(
                    'image "%(file)s" is a %(format)s file, which the site does not accept'
                )
                % {"file": ref.file, "format": image_format}
            )
        suffix = path.suffix.lower().lstrip(".")
        # The stored name gets the extension of the real format, so browsers
        # and renditions are not misled by a wrongly named file.
        name = path.name if suffix in extensions else f"{path.stem}.{extensions[0]}"
        return LoadedImage(path, name, _sha1(path), width, height, size)

    def existing_pk(self, loaded):
        return (
            get_image_model()
            .objects.filter(file_hash=loaded.sha1)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def store(self, ref, loaded):
        """The image's pk: an existing copy of the same file, or a new image."""
        pk = self.existing_pk(loaded)
        if pk is not None:
            return pk
        image = get_image_model()(
            title=(ref.alt or ref.caption or Path(ref.file).stem)[:255],
            caption=ref.caption,
            credit=ref.credit,
            description="" if ref.decorative else ref.alt,
            width=loaded.width,
            height=loaded.height,
            file_size=loaded.size,
            file_hash=loaded.sha1,
        )
        with loaded.path.open("rb") as handle:
            image.file.save(loaded.name, File(handle), save=False)
        self.new_files.append(image.file.name)
        image.save()
        return image.pk

    def forget_new_files(self):
        self.new_files = []

    def delete_new_files(self):
        storage = get_image_model()._meta.get_field("file").storage
        for name in self.new_files:
            storage.delete(name)
        self.new_files = []

    def _resolve(self, name):
        if URL.match(name):
            raise LineError(
                _(
                    'image "%(file)s" is a URL; images are read from local files '
                    "only, so download it into the media folder first"
                )
                % {"file": name}
            )
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise LineError(
                _('image "%(file)s" is outside the media folder') % {"file": name}
            )
        path = Path(os.path.realpath(self.root / relative))
        # realpath follows symlinks: one that leads out of the folder is refused.
        if self.root not in path.parents:
            raise LineError(
                _('image "%(file)s" is outside the media folder') % {"file": name}
            )
        if not path.exists():
            raise LineError(_('image "%(file)s" not found') % {"file": name})
        if not path.is_file():
            raise LineError(_('image "%(file)s" is not a file') % {"file": name})
        return path

    def _check_image(self, path, name):
        max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        try:
            # Our own pixel limit below gives the reason; Pillow's warning
            # would only add noise to the command's output.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                image = PILImage.open(path)
            with image:
                width, height = image.size
                if width * height > max_pixels:
                    raise LineError(
                        _('image "%(file)s" has more than %(max)s pixels')
                        % {"file": name, "max": max_pixels}
                    )
                # Decoding the whole image finds truncated or damaged files,
                # which the header alone does not reveal.
                image.load()
                return image.format, width, height
        except PILImage.DecompressionBombError:
            raise LineError(
                _('image "%(file)s" has more than %(max)s pixels')
                % {"file": name, "max": max_pixels}
            ) from None
        except UnidentifiedImageError:
            raise LineError(_('"%(file)s" is not an image') % {"file": name}) from None
        except (OSError, SyntaxError, ValueError) as error:
            raise LineError(
                _('image "%(file)s" is damaged or truncated: %(error)s')
                % {"file": name, "error": error}
            ) from None


def _sha1(path):
    # The same digest as Wagtail's `file_hash`, so images uploaded in the admin
    # are found too. SHA-1 identifies files here; it guards nothing.
    digest = hashlib.sha1()  # noqa: S324
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
