"""StreamField data migrations the apps' migrations share.

Migrations import this module by name, so it stays importable as long as
they exist. It builds on Wagtail's own helpers (`wagtail.blocks.migrations`),
which walk a field's stream on the page and on its revisions.
"""

from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import BaseBlockOperation
from wagtail.images import get_image_model_string

# Where image blocks sit in a body (cms.blocks.BodyBlock): gallery items are
# converted by the gallery's own operation, because Wagtail's list walker
# fails on an empty list, which a draft may hold.
IMAGE_BLOCK_PATH = "image"
GALLERY_BLOCK_PATH = "gallery"


def to_figure(value, descriptions):
    """Our former image block (image id, caption, credit, alt, decorative) as
    `FigureBlock`: alt text and the decorative flag move into Wagtail's
    image block.

    A block without alt text of its own gets the image's description, which
    it showed until now and which the editor fills in when an image is
    chosen, so it still passes Wagtail's check on the next publication.
    """
    if not isinstance(value, dict) or isinstance(value.get("image"), dict):
        return value
    decorative = bool(value.get("decorative"))
    alt = value.get("alt") or ""
    if not alt and not decorative:
        alt = descriptions.get(value.get("image"), "")
    return {
        "image": {
            "image": value.get("image"),
            "alt_text": alt,
            "decorative": decorative,
        },
        "caption": value.get("caption") or "",
        "credit": value.get("credit") or "",
    }


def from_figure(value):
    """`FigureBlock` back as our former image block."""
    if not isinstance(value, dict) or not isinstance(value.get("image"), dict):
        return value
    image = value["image"]
    return {
        "image": image.get("image"),
        "caption": value.get("caption") or "",
        "credit": value.get("credit") or "",
        "alt": image.get("alt_text") or "",
        "decorative": bool(image.get("decorative")),
    }


def _gallery(value, convert):
    if not isinstance(value, dict) or not isinstance(value.get("images"), list):
        return value
    items = []
    for item in value["images"]:
        if isinstance(item, dict) and item.get("type") == "item":
            items.append({**item, "value": convert(item.get("value"))})
        else:
            # A list stored before Wagtail gave list items ids.
            items.append(convert(item))
    return {**value, "images": items}


class ImageBlockOperation(BaseBlockOperation):
    def __init__(self, gallery=False, backwards=False):
        super().__init__()
        self.gallery = gallery
        self.backwards = backwards
        # Image id -> description, loaded when the migration runs.
        self.descriptions = {}

    def convert(self, value):
        if self.backwards:
            return from_figure(value)
        return to_figure(value, self.descriptions)

    def apply(self, block_value):
        if self.gallery:
            return _gallery(block_value, self.convert)
        return self.convert(block_value)

    @property
    def operation_name_fragment(self):
        return "image_block_backwards" if self.backwards else "image_block"


def _operations(backwards):
    return [
        (ImageBlockOperation(backwards=backwards), IMAGE_BLOCK_PATH),
        (ImageBlockOperation(gallery=True, backwards=backwards), GALLERY_BLOCK_PATH),
    ]


class MigrateImageBlocks(MigrateStreamData):
    """Moves the image blocks of a body StreamField, on the page and in its
    revisions, to Wagtail's `ImageBlock` inside `FigureBlock`; and back."""

    def __init__(self, app_name, model_name, field_name, **kwargs):
        super().__init__(
            app_name, model_name, field_name, _operations(backwards=False), **kwargs
        )
        self.reverse_code = self.migrate_backwards

    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        del kwargs["operations_and_block_paths"]
        return (self.__class__.__qualname__, args, kwargs)

    def migrate_stream_data_forward(self, apps, schema_editor):
        app_label, model_name = get_image_model_string().split(".")
        image_model = apps.get_model(app_label, model_name)
        descriptions = dict(
            image_model.objects.exclude(description="").values_list("pk", "description")
        )
        for operation, _path in self.operations_and_block_paths:
            operation.descriptions = descriptions
        super().migrate_stream_data_forward(apps, schema_editor)

    def migrate_backwards(self, apps, schema_editor):
        MigrateStreamData(
            self.app_name,
            self.model_name,
            self.field_name,
            _operations(backwards=True),
            revisions_from=self.revisions_from,
            chunk_size=self.chunk_size,
        ).migrate_stream_data_forward(apps, schema_editor)
