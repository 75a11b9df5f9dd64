"""Articles written back out as import lines, with their image files beside them.

Values are what a reader sees: an image block's caption, credit and alt text
fall back to the image's own, as on the page, so an import on another site
shows the same article. Internal links are written as the URLs they resolve
to, since page ids mean nothing on another site.
"""

import shutil
from pathlib import Path, PurePosixPath

from django.utils import timezone

from wagtail.rich_text import expand_db_html

IMAGES_FOLDER = "images"


class ImageWriter:
    """Copies each image file once into the export's images/ folder."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.written = {}

    def path_for(self, image):
        if image.pk not in self.written:
            name = f"{image.pk}-{PurePosixPath(image.file.name).name}"
            target = self.folder / IMAGES_FOLDER / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with image.open_file() as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            self.written[image.pk] = f"{IMAGES_FOLDER}/{name}"
        return self.written[image.pk]


def article_line(page, images):
    """The import line for a page, and the block types it had to leave out."""
    date = page.date or page.first_published_at
    line = {
        "title": page.title,
        "slug": page.slug,
        "date": timezone.localtime(date).isoformat(),
        "summary": page.summary,
        "author": page.author,
        "source": page.source,
        "source_url": page.source_url,
        "featured": page.featured,
        "tags": sorted(tag.name for tag in page.tags.all()),
    }
    if page.category is not None:
        line["category"] = page.category.name
    if page.hero_image is not None:
        image = page.hero_image
        line["hero_image"] = {
            "file": images.path_for(image),
            "caption": page.caption,
            "alt": image.alt_text,
            "credit": image.credit,
        }
    body, left_out = [], []
    for block in page.body:
        value = _block_value(block.block_type, block.value, images)
        if value is None:
            left_out.append(block.block_type)
        else:
            body.append({"type": block.block_type, "value": value})
    line["body"] = body
    return line, left_out


def _image_value(value, images):
    image = value.get("image")
    if image is None:
        return None
    return {
        "file": images.path_for(image),
        "caption": value.caption_text,
        "alt": value.alt_text,
        "credit": value.credit_text,
        "decorative": bool(image.decorative),
    }


def _block_value(kind, value, images):
    """The line's value for one body block; None for blocks the format lacks."""
    if kind == "paragraph":
        return expand_db_html(value.source)
    if kind == "heading":
        return {"text": value["text"], "level": value["level"]}
    if kind == "quote":
        return {"text": value["text"], "attribution": value["attribution"]}
    if kind == "image":
        return _image_value(value, images)
    if kind == "gallery":
        pictures = [_image_value(item, images) for item in value["images"]]
        return {
            "title": value["title"],
            "images": [picture for picture in pictures if picture],
        }
    if kind == "notice":
        return {"kind": value["kind"], "text": expand_db_html(value["text"].source)}
    if kind == "table":
        return {
            "caption": value.get("table_caption") or "",
            "first_row_is_header": bool(value.get("first_row_is_table_header")),
            "first_col_is_header": bool(value.get("first_col_is_header")),
            "data": value.get("data") or [],
        }
    if kind == "video":
        embed = value.get("video")
        if embed is None:
            return None
        return {"url": embed.url, "caption": value["caption"]}
    # Documents and official mentions point at other records of this site.
    return None
