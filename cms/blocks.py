"""The StreamField block library every page body uses.

Each block has its class, its template (cms/templates/components/blocks/) and
its API representation side by side, so the HTML site and the mobile API show
the same thing.
"""

import copy

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock

from cms.images import image_api_representation
from cms.slugs import slug_for
from cms.visibility import visible, visible_q

# Paragraphs get what a news article needs and nothing that breaks the
# layout: no h1, no inline images (those go through the image block).
PARAGRAPH_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "superscript",
    "subscript",
]
NOTICE_FEATURES = ["bold", "italic", "link", "ul", "ol"]
CAPTION_HELP = _("Leave empty to use the image's own caption.")


def page_link_representation(page):
    """A page link that needs no second request, or None when not public."""
    if page is None or not page.live:
        return None
    specific = page.specific_deferred
    return {
        "id": page.pk,
        "type": f"{specific._meta.app_label}.{type(specific).__name__}",
        "title": page.title,
        "url": page.full_url,
    }


def api_references(context):
    """What the API prefetched for this response (cms/api/prefetch.py), if any."""
    return (context or {}).get("api_references")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    def get_api_representation(self, value, context=None):
        # Expanded HTML: internal links become real URLs for apps, and links
        # to pages the API hides lose their href.
        refs = api_references(context)
        return refs.rich_text(value.source) if refs else str(value)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "components/blocks/paragraph.html"
        description = _("Body text with bold, italic, lists and links.")
        preview_value = "<p>Sáng 23/6, Ủy ban nhân dân xã tổ chức hội nghị sơ kết.</p>"


class HeadingValue(blocks.StructValue):
    @cached_property
    def anchor(self):
        # ASCII anchors survive copy-paste into chat apps; "Kết quả" -> "ket-qua".
        return slug_for(self.get("text") or "") or "muc"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    def get_api_representation(self, value, context=None):
        return {"text": value["text"], "level": value["level"], "anchor": value.anchor}

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"
        value_class = HeadingValue
        description = _("A section heading with a link anchor.")
        preview_value = {"text": "Kết quả nổi bật", "level": "h2"}


class FigureValue(blocks.StructValue):
    @property
    def alt_text(self):
        image = self.get("image")
        if image is None or image.decorative:
            return ""
        return image.contextual_alt_text or image.alt_text

    @property
    def caption_text(self):
        image = self.get("image")
        return self.get("caption") or (image.caption if image else "")

    @property
    def credit_text(self):
        image = self.get("image")
        return self.get("credit") or (image.credit if image else "")


class FigureBlock(blocks.StructBlock):
    """A photo in a body: Wagtail's own image block, captioned and credited.

    Wagtail's `ImageBlock` keeps the alt text of this use of the image and the
    "decorative" flag, with its own editor (alt text filled in from the
    image's description when the image is chosen) and its rule that a
    published image has alt text or is decorative. It has no caption or
    credit, and subclassing it to add them would mean overriding most of what
    it does (its value is the image itself, its stored keys, its editor
    script), so this block wraps it and adds only those two fields, which
    default to the image's own. Alt text falls back to the image's when a
    block has none of its own (imported or built in code), as the picture
    component does. docs/content.md tells how stored bodies were converted.
    """

    image = WagtailImageBlock(
        label=_("Image"),
        help_text=_(
            "Describe what the photo shows for people who cannot see it; mark "
            "it decorative only if it adds nothing to the text."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Caption"), required=False, help_text=CAPTION_HELP
    )
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        help_text=_("Leave empty to use the image's own credit."),
    )

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        if image is None:
            return None
        refs = api_references(context)
        return {
            **image_api_representation(image, refs.base_url if refs else None),
            "alt": value.alt_text,
            "caption": value.caption_text,
            "credit": value.credit_text,
            "decorative": bool(image.decorative),
        }

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"
        value_class = FigureValue
        description = _("A photo with caption, credit and alt text.")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    images = blocks.ListBlock(FigureBlock(), label=_("Images"), min_num=2)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "components/blocks/gallery.html"
        description = _("Several photos shown together.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"
        description = _("A quotation with who said it.")
        preview_value = {
            "text": "Dân biết, dân bàn, dân làm, dân kiểm tra.",
            "attribution": "",
        }


class TableBlock(WagtailTableBlock):
    def get_api_representation(self, value, context=None):
        value = value or {}
        return {
            "caption": value.get("table_caption") or "",
            "first_row_is_header": bool(value.get("first_row_is_table_header")),
            "data": value.get("data") or [],
        }

    class Meta:
        icon = "table"
        label = _("Table")
        template = "components/blocks/table.html"
        description = _("A simple table of figures.")


class DocumentValue(blocks.StructValue):
    @property
    def label(self):
        document = self.get("document")
        return self.get("title") or (document.title if document else "")

    @property
    def file_type(self):
        document = self.get("document")
        return document.file_extension.upper() if document else ""

    @property
    def file_size(self):
        document = self.get("document")
        return document.get_file_size() if document else None


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        help_text=_("Leave empty to use the document's title."),
    )

    def get_api_representation(self, value, context=None):
        document = value.get("document")
        refs = api_references(context)
        if document is None or (refs and not refs.document_is_public(document)):
            return None
        return {
            "id": document.pk,
            "title": value.label,
            "url": (refs.base_url if refs else settings.WAGTAILADMIN_BASE_URL)
            + document.url,
            "file_type": value.file_type,
            "file_size": value.file_size,
        }

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "components/blocks/document.html"
        value_class = DocumentValue
        description = _("A downloadable file with its type and size.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    def get_api_representation(self, value, context=None):
        embed = value.get("video")
        return {
            "url": embed.url if embed else "",
            "caption": value.get("caption") or "",
        }

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video.html"
        description = _(
            "A video from a supported provider; a link is shown when it cannot load."
        )


class NoticeBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("warning", _("Warning"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=NOTICE_FEATURES)

    def get_api_representation(self, value, context=None):
        refs = api_references(context)
        text = value["text"]
        return {
            "kind": value["kind"],
            "text": refs.rich_text(text.source) if refs else str(text),
        }

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "components/blocks/notice.html"
        description = _("A highlighted box for deadlines and warnings.")


class MentionChooserBlock(blocks.PageChooserBlock):
    """Loads every mentioned page of a body in one go, flagged visible or not
    (cms/visibility.py).

    The page model may define `prefetch_for_mention(pages)` to load what its
    mention shows (an official's positions), so ten mentions cost what one does.
    """

    def bulk_to_python(self, values):
        found = self.model_class.objects.annotate(
            is_visible=ExpressionWrapper(visible_q(), output_field=BooleanField())
        ).in_bulk(values)
        pages = [copy.copy(found[pk]) if pk in found else None for pk in values]
        prefetch = getattr(self.model_class, "prefetch_for_mention", None)
        if prefetch is not None:
            prefetch([page for page in pages if page is not None])
        return pages


class MentionValue(blocks.StructValue):
    @property
    def public_person(self):
        """The mentioned page if anyone may see it; drafts, expired and
        private pages are never named, not even by title."""
        page = self.get("person")
        if page is None:
            return None
        shown = getattr(page, "is_visible", None)
        if shown is None:
            shown = visible(type(page).objects.filter(pk=page.pk)).exists()
        return page if shown else None


class MentionBlock(blocks.StructBlock):
    # The page types a mention may point at come from settings, so cms/ does
    # not import the apps that define people pages.
    person = MentionChooserBlock(
        label=_("Official"), page_type=settings.MENTION_PAGE_TYPES
    )

    def get_api_representation(self, value, context=None):
        page = value.get("person")
        refs = api_references(context)
        if refs:
            # Name, type, URL and current position of a public official.
            return refs.page_link(page)
        link = page_link_representation(page)
        if link is None:
            return None
        specific = page.specific
        return {**link, "position": getattr(specific, "current_position_label", "")}

    class Meta:
        icon = "user"
        label = _("Official mention")
        template = "components/blocks/mention.html"
        value_class = MentionValue
        description = _("Names an official with their current position and a link.")


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = FigureBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    table = TableBlock()
    document = DocumentBlock()
    video = VideoBlock()
    notice = NoticeBlock()
    mention = MentionBlock()

    class Meta:
        block_counts = {}


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        page = self.get("page")
        if page is not None:
            return page.url if page.live else ""
        return self.get("url") or ""

    @property
    def text(self):
        page = self.get("page")
        return self.get("label") or (
            page.title if page is not None else self.get("url")
        )


class LinkBlock(blocks.StructBlock):
    """One link block reused everywhere: a page or an external URL."""

    label = blocks.CharBlock(label=_("Label"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External URL"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": blocks.BlockValidationError(
                        _("Choose a page or enter a URL, not both.")
                    )
                }
            )
        return value

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        if page is not None:
            refs = api_references(context)
            link = refs.page_link(page) if refs else page_link_representation(page)
            return link and {**link, "label": value.text}
        return {"label": value.text, "url": value.get("url")}

    class Meta:
        icon = "link"
        label = _("Link")
        template = "components/blocks/link.html"
        value_class = LinkValue
