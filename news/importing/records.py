"""One line of the import file, checked field by field before anything is written."""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_unicode_slug
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.blocks import NOTICE_FEATURES, PARAGRAPH_FEATURES
from cms.importing import LineError
from cms.slugs import slug_for as folded_slug
from news.models.articles import SUMMARY_MAX_LENGTH

from .richtext import clean_html

# Lengths follow the model and block fields the values end up in.
TITLE_MAX = 255
SLUG_MAX = 255
SHORT_TEXT_MAX = 255
CAPTION_MAX = 500
SOURCE_URL_MAX = 500
TAG_MAX = 100
MAX_TAGS = 50
MAX_BLOCKS = 500
MAX_GALLERY_IMAGES = 100
MAX_TABLE_CELLS = 10_000
QUOTE_MAX = 5_000
HEADING_LEVELS = ("h2", "h3")
NOTICE_KINDS = ("info", "warning")
FIRST_YEAR, LAST_YEAR = 1900, 2999

TOP_LEVEL_FIELDS = {
    "title",
    "date",
    "slug",
    "summary",
    "author",
    "source",
    "source_url",
    "category",
    "tags",
    "featured",
    "hero_image",
    "body",
}
IMAGE_FIELDS = {"file", "caption", "alt", "credit", "decorative"}

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class ImageRef:
    """An image named by a line: a path under the media root and its texts."""

    file: str
    caption: str = ""
    alt: str = ""
    credit: str = ""
    decorative: bool = False


@dataclass
class ArticleRecord:
    title: str
    date: datetime.datetime
    slug: str
    # Plain model fields the line gives (summary, author, source, source_url,
    # featured). A field the line leaves out is not touched on update.
    values: dict[str, Any] = field(default_factory=dict)
    category: str | None = None
    tags: list[str] | None = None
    hero_image: ImageRef | None = None
    has_hero_image: bool = False
    # (block type, value) pairs; images are still ImageRefs. None: no "body".
    body: list[tuple[str, Any]] | None = None

    def image_refs(self):
        refs = [self.hero_image] if self.hero_image else []
        for kind, value in self.body or []:
            if kind == "image":
                refs.append(value)
            elif kind == "gallery":
                refs.extend(value["images"])
        return refs


def parse_line(text):
    """Turn one line of JSON into an ArticleRecord, or raise LineError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(_("not valid JSON: %(error)s") % {"error": error}) from None
    except RecursionError:
        raise LineError(_("not valid JSON: nested too deeply")) from None
    if not isinstance(data, dict):
        raise LineError(_("a line must be a JSON object"))
    # An unknown field is most likely a typo ("sumary"); importing without it
    # would quietly lose that text.
    for key in data:
        if key not in TOP_LEVEL_FIELDS:
            raise LineError(_('unknown field "%(field)s"') % {"field": key})
    _reject_unstorable(data, "")
    data = {key: value for key, value in data.items() if value is not None}

    title = _text(data, "title", TITLE_MAX, required=True)
    record = ArticleRecord(
        title=title,
        date=parse_date(data.get("date"), "date"),
        slug=_slug(data, title),
    )
    for key, max_length in (
        ("summary", SUMMARY_MAX_LENGTH),
        ("author", SHORT_TEXT_MAX),
        ("source", SHORT_TEXT_MAX),
    ):
        if key in data:
            record.values[key] = _text(data, key, max_length)
    if "source_url" in data:
        record.values["source_url"] = _url(data, "source_url", SOURCE_URL_MAX)
    if "featured" in data:
        record.values["featured"] = _bool(data, "featured")
    if "category" in data:
        record.category = _text(data, "category", SHORT_TEXT_MAX) or None
    if "tags" in data:
        record.tags = _tags(data)
    if "hero_image" in data:
        record.has_hero_image = True
        record.hero_image = _image(data["hero_image"], "hero_image")
    if "body" in data:
        record.body = _body(data["body"])
    return record


def parse_date(value, name):
    """A date ("2022-06-23", local midnight) or an ISO 8601 date and time."""
    if value is None:
        raise LineError(_('"%(field)s" is required') % {"field": name})
    if not isinstance(value, str):
        raise LineError(_('"%(field)s" must be text') % {"field": name})
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise LineError(
            _(
                '"%(field)s" is not a date: use YYYY-MM-DD or an ISO 8601 date '
                "and time such as 2022-06-23T08:30:00+07:00"
            )
            % {"field": name}
        ) from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise LineError(
            _('"%(field)s" must be between the years %(first)s and %(last)s')
            % {"field": name, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def slug_for(title):
    # ASCII slugs survive being pasted into chat apps and old browsers.
    return folded_slug(title)[:SLUG_MAX].strip("-") or "article"


def _reject_unstorable(value, path):
    # Text the database cannot store (NUL in PostgreSQL; a lone surrogate
    # such as "\ud800" anywhere) gets a reason rather than a failed save.
    if isinstance(value, str):
        if "\x00" in value:
            raise LineError(
                _('"%(field)s" contains a NUL character') % {"field": path or "?"}
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise LineError(
                _('"%(field)s" contains an invalid Unicode character')
                % {"field": path or "?"}
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _reject_unstorable(key, path)
            _reject_unstorable(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _reject_unstorable(item, f"{path}[{index}]")


def _text(data, key, max_length, required=False, name=None):
    name = name or key
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LineError(_('"%(field)s" must be text') % {"field": name})
    value = value.strip()
    if required and not value:
        raise LineError(_('"%(field)s" is required') % {"field": name})
    if len(value) > max_length:
        raise LineError(
            _('"%(field)s" is longer than %(max)s characters')
            % {"field": name, "max": max_length}
        )
    return value


def _bool(data, key, name=None):
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise LineError(_('"%(field)s" must be true or false') % {"field": name or key})
    return value


def _object(value, name):
    if not isinstance(value, dict):
        raise LineError(_('"%(field)s" must be an object') % {"field": name})
    return value


def _list(value, name, max_items):
    if not isinstance(value, list):
        raise LineError(_('"%(field)s" must be a list') % {"field": name})
    if len(value) > max_items:
        raise LineError(
            _('"%(field)s" has more than %(max)s items')
            % {"field": name, "max": max_items}
        )
    return value


def _choice(data, key, choices, name):
    value = data.get(key, choices[0])
    if value not in choices:
        raise LineError(
            _('"%(field)s" must be one of: %(choices)s')
            % {"field": name, "choices": ", ".join(choices)}
        )
    return value


def _only(data, allowed, name):
    for key in data:
        if key not in allowed:
            raise LineError(_('unknown field "%(field)s"') % {"field": f"{name}.{key}"})


def _url(data, key, max_length, name=None):
    name = name or key
    value = _text(data, key, max_length, name=name)
    if value:
        try:
            _url_validator(value)
        except ValidationError:
            raise LineError(
                _('"%(field)s" is not an http(s) URL') % {"field": name}
            ) from None
    return value


def _slug(data, title):
    if "slug" not in data:
        return slug_for(title)
    value = _text(data, "slug", SLUG_MAX, required=True)
    try:
        validate_unicode_slug(value)
    except ValidationError:
        raise LineError(
            _('"%(field)s" may only hold letters, numbers, hyphens and underscores')
            % {"field": "slug"}
        ) from None
    return value


def _tags(data):
    names = []
    for index, value in enumerate(_list(data["tags"], "tags", MAX_TAGS)):
        name = _text({"tag": value}, "tag", TAG_MAX, name=f"tags[{index}]")
        if name and name not in names:
            names.append(name)
    return names


def _image(value, name):
    value = _object(value, name)
    _only(value, IMAGE_FIELDS, name)
    return ImageRef(
        file=_text(value, "file", 1000, required=True, name=f"{name}.file"),
        caption=_text(value, "caption", CAPTION_MAX, name=f"{name}.caption"),
        alt=_text(value, "alt", SHORT_TEXT_MAX, name=f"{name}.alt"),
        credit=_text(value, "credit", SHORT_TEXT_MAX, name=f"{name}.credit"),
        decorative=_bool(value, "decorative", name=f"{name}.decorative"),
    )


def _paragraph(value, name, features=PARAGRAPH_FEATURES):
    if not isinstance(value, str):
        raise LineError(_('"%(field)s" must be text') % {"field": name})
    return clean_html(value, features)


def _heading(value, name):
    if isinstance(value, str):
        value = {"text": value}
    value = _object(value, name)
    _only(value, {"text", "level"}, name)
    return {
        "text": _text(
            value, "text", SHORT_TEXT_MAX, required=True, name=f"{name}.text"
        ),
        "level": _choice(value, "level", HEADING_LEVELS, f"{name}.level"),
    }


def _quote(value, name):
    if isinstance(value, str):
        value = {"text": value}
    value = _object(value, name)
    _only(value, {"text", "attribution"}, name)
    return {
        "text": _text(value, "text", QUOTE_MAX, required=True, name=f"{name}.text"),
        "attribution": _text(
            value, "attribution", SHORT_TEXT_MAX, name=f"{name}.attribution"
        ),
    }


def _gallery(value, name):
    value = _object(value, name)
    _only(value, {"title", "images"}, name)
    images = _list(value.get("images"), f"{name}.images", MAX_GALLERY_IMAGES)
    if len(images) < 2:
        raise LineError(
            _('"%(field)s" needs at least %(min)s items')
            % {"field": f"{name}.images", "min": 2}
        )
    return {
        "title": _text(value, "title", SHORT_TEXT_MAX, name=f"{name}.title"),
        "images": [
            _image(image, f"{name}.images[{index}]")
            for index, image in enumerate(images)
        ],
    }


def _notice(value, name):
    value = _object(value, name)
    _only(value, {"kind", "text"}, name)
    return {
        "kind": _choice(value, "kind", NOTICE_KINDS, f"{name}.kind"),
        "text": _paragraph(value.get("text", ""), f"{name}.text", NOTICE_FEATURES),
    }


def _video(value, name):
    value = _object(value, name)
    _only(value, {"url", "caption"}, name)
    url = _url(value, "url", SOURCE_URL_MAX, name=f"{name}.url")
    if not url:
        raise LineError(_('"%(field)s" is required') % {"field": f"{name}.url"})
    return {
        "url": url,
        "caption": _text(value, "caption", CAPTION_MAX, name=f"{name}.caption"),
    }


def _table(value, name):
    value = _object(value, name)
    _only(
        value, {"caption", "first_row_is_header", "first_col_is_header", "data"}, name
    )
    rows = _list(value.get("data"), f"{name}.data", MAX_TABLE_CELLS)
    cells = 0
    for row_index, row in enumerate(rows):
        _list(row, f"{name}.data[{row_index}]", MAX_TABLE_CELLS)
        cells += len(row)
        for cell in row:
            if cell is not None and not isinstance(cell, str):
                raise LineError(
                    _('"%(field)s" must be text')
                    % {"field": f"{name}.data[{row_index}]"}
                )
    if cells > MAX_TABLE_CELLS:
        raise LineError(
            _('"%(field)s" has more than %(max)s items')
            % {"field": f"{name}.data", "max": MAX_TABLE_CELLS}
        )
    return {
        "caption": _text(value, "caption", SHORT_TEXT_MAX, name=f"{name}.caption"),
        "first_row_is_header": _bool(
            value, "first_row_is_header", name=f"{name}.first_row_is_header"
        ),
        "first_col_is_header": _bool(
            value, "first_col_is_header", name=f"{name}.first_col_is_header"
        ),
        "data": rows,
    }


BLOCK_PARSERS = {
    "paragraph": _paragraph,
    "heading": _heading,
    "image": _image,
    "gallery": _gallery,
    "quote": _quote,
    "notice": _notice,
    "table": _table,
    "video": _video,
}


def _body(value):
    blocks = []
    for index, item in enumerate(_list(value, "body", MAX_BLOCKS)):
        name = f"body[{index}]"
        if isinstance(item, str):
            item = {"type": "paragraph", "value": item}
        item = _object(item, name)
        _only(item, {"type", "value"}, name)
        kind = item.get("type")
        if kind not in BLOCK_PARSERS:
            raise LineError(
                _('"%(field)s": unknown block type "%(type)s"; use one of: %(choices)s')
                % {"field": name, "type": kind, "choices": ", ".join(BLOCK_PARSERS)}
            )
        parsed = BLOCK_PARSERS[kind](item.get("value"), f"{name}.value")
        # An empty paragraph (all of it stripped, say) would render as a gap.
        if kind == "paragraph" and not parsed:
            continue
        blocks.append((kind, parsed))
    return blocks
