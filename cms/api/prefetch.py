"""Load in bulk what a page of API results refers to, then hand it to serializers.

Without this, every page of a listing costs queries of its own: its body's
images, documents and page links, its related officials and their positions,
rendition URLs. `APIReferences.load()` walks all the objects of one response
at once and issues a fixed number of queries whatever their count, and it
decides in one place which referenced pages may be shown (only those of the
API's public queryset).
"""

import re
from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.utils.html import escape

from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from modelcluster.models import get_all_child_relations

from cms import portals
from cms.images import api_rendition_specs
from cms.visibility import private_collection_ids

LINKED_ID = re.compile(r'<a\b[^>]*\blinktype="(page|document)"[^>]*>')


def page_type_name(page):
    cls = page.specific_class or type(page)
    return f"{cls._meta.app_label}.{cls.__name__}"


class APIReferences:
    """Pages, documents and renditions one API response refers to.

    `site` is the portal the request came to: its address (`base_url`) is
    where images, documents and the API itself are linked. A page is linked
    on its own portal's address, so a province-wide listing links each
    commune's page on that commune's host.
    """

    def __init__(self, public_pages, site):
        self.public_pages = public_pages
        self.site = site
        self.base_url = portals.base_url(site)
        self.pages = {}
        self.documents = {}
        self.private_collections = set()

    # Loading

    def load(self, objects):
        """Prefetch what `objects` (pages, images or documents) refer to."""
        objects = [obj for obj in objects if obj is not None]
        streams = self._convert_streams(objects)
        images, page_ids, document_ids = [], set(), set()
        for obj in objects:
            if isinstance(obj, AbstractImage):
                images.append(obj)
            for field in obj._meta.concrete_fields:
                if field.is_relation and issubclass(field.related_model, AbstractImage):
                    image = getattr(obj, field.name, None)
                    if image is not None:
                        images.append(image)
            page_ids.update(self._child_page_ids(obj))
        for stream in streams:
            self._walk(stream, images, page_ids, document_ids)
        self._load_pages(page_ids)
        self._load_documents(document_ids)
        self.prefetch_renditions(images)
        return self

    def _convert_streams(self, objects):
        """Convert every StreamField value with one query per block type.

        Wagtail converts each stream on its own (one query per block type
        per page); grouping the raw blocks of all pages first keeps it flat.
        """
        streams = [
            getattr(obj, field.attname)
            for obj in objects
            for field in obj._meta.concrete_fields
            if isinstance(field, StreamField)
        ]
        pending = defaultdict(list)
        for stream in streams:
            if not isinstance(stream, StreamValue):
                continue
            for index, bound in enumerate(stream._bound_blocks):
                raw = stream._raw_data[index]
                if (
                    bound is None
                    and raw
                    and raw["type"] in stream.stream_block.child_blocks
                ):
                    block = stream.stream_block.child_blocks[raw["type"]]
                    pending[id(block)].append((block, stream, index, raw))
        for entries in pending.values():
            block = entries[0][0]
            values = block.bulk_to_python([raw["value"] for *_, raw in entries])
            for (_, stream, index, raw), value in zip(entries, values, strict=True):
                stream._bound_blocks[index] = StreamValue.StreamChild(
                    block, value, id=raw.get("id")
                )
        return [s for s in streams if isinstance(s, StreamValue)]

    def _child_page_ids(self, obj):
        """Ids of pages linked from prefetched inline objects (related officials)."""
        ids = set()
        cache = getattr(obj, "_prefetched_objects_cache", {})
        for relation in get_all_child_relations(type(obj)):
            name = relation.get_accessor_name()
            if name not in cache:
                continue
            links = [
                field
                for field in relation.related_model._meta.concrete_fields
                if field.is_relation
                and issubclass(field.related_model, Page)
                and field.remote_field.related_name != name
            ]
            for item in cache[name]:
                for field in links:
                    ids.add(getattr(item, field.attname))
        ids.discard(None)
        return ids

    def _walk(self, value, images, page_ids, document_ids):
        if isinstance(value, AbstractImage):
            images.append(value)
        elif isinstance(value, Page):
            page_ids.add(value.pk)
        elif isinstance(value, AbstractDocument):
            document_ids.add(value.pk)
        elif isinstance(value, RichText):
            for match in LINKED_ID.finditer(value.source):
                attrs = extract_attrs(match.group(0))
                if str(attrs.get("id", "")).isdigit():
                    target = page_ids if match.group(1) == "page" else document_ids
                    target.add(int(attrs["id"]))
        elif isinstance(value, StreamValue):
            for child in value:
                self._walk(child.value, images, page_ids, document_ids)
        elif isinstance(value, StructValue | dict):
            for item in value.values():
                self._walk(item, images, page_ids, document_ids)
        elif isinstance(value, ListValue | list | tuple):
            for item in value:
                self._walk(item, images, page_ids, document_ids)

    def _load_pages(self, ids):
        ids = {pk for pk in ids if pk not in self.pages}
        if not ids:
            return
        found = list(self.public_pages.filter(pk__in=ids).specific())
        by_class = defaultdict(list)
        for page in found:
            self.pages[page.pk] = page
            by_class[type(page)].append(page)
        for cls, pages in by_class.items():
            lookups = getattr(cls, "api_reference_prefetch", ())
            if lookups:
                prefetch_related_objects(pages, *lookups)

    def _load_documents(self, ids):
        ids = {pk for pk in ids if pk not in self.documents}
        if ids:
            self.documents.update(get_document_model().objects.in_bulk(ids))
            self.private_collections = private_collection_ids()

    def prefetch_renditions(self, images):
        """One query for the API renditions of all images; missing ones get made."""
        images = [image for image in images if image is not None]
        if not images:
            return
        specs = {spec for image in images for spec in api_rendition_specs(image)}
        rendition_model = get_image_model().get_rendition_model()
        by_image = defaultdict(list)
        for rendition in rendition_model.objects.filter(
            image_id__in={image.pk for image in images}, filter_spec__in=specs
        ):
            by_image[rendition.image_id].append(rendition)
        for image in images:
            # Wagtail's get_renditions() reads this list before any query.
            image.prefetched_renditions = list(by_image[image.pk])

    # Reading, for serializers and blocks

    def portal_of(self, page):
        """The page's portal (the directory answers without a query)."""
        return portals.for_page(page)

    def page_url(self, page):
        """Absolute URL on the page's own portal (its `Site` record), never
        the request's Host header."""
        portal = self.portal_of(page)
        if portal is None:
            return self.base_url + page.url_path
        return portal.base_url + "/" + page.url_path[len(portal.root_url_path) :]

    def api_url(self, path, page=None):
        """An API path on the page's portal, else on the request's portal."""
        portal = self.portal_of(page) if page is not None else None
        return (portal.base_url if portal else self.base_url) + path

    def page_link(self, page_or_id):
        """{id, type, title, url} of a public page, or None if the API hides it."""
        pk = getattr(page_or_id, "pk", page_or_id)
        page = self.pages.get(pk)
        if page is None:
            return None
        link = {
            "id": page.pk,
            "type": page_type_name(page),
            "title": page.title,
            "url": self.page_url(page),
        }
        position = getattr(page, "current_position_label", None)
        if position is not None:
            link["position"] = position
        return link

    def document_is_public(self, document):
        return document.collection_id not in self.private_collections

    def document_url(self, document_id):
        document = self.documents.get(document_id)
        if document is None or not self.document_is_public(document):
            return None
        return self.base_url + document.url

    def rich_text(self, html):
        """Rich text with internal links expanded; hidden pages lose their href."""

        def replace(match):
            attrs = extract_attrs(match.group(1))
            linktype = attrs.get("linktype")
            if linktype is None:
                return match.group(0)
            url = None
            if str(attrs.get("id", "")).isdigit():
                pk = int(attrs["id"])
                if linktype == "page" and pk in self.pages:
                    url = self.page_url(self.pages[pk])
                elif linktype == "document":
                    url = self.document_url(pk)
            return f'<a href="{escape(url)}">' if url else "<a>"

        return FIND_A_TAG.sub(replace, html)
