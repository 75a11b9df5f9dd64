"""How documents describe their signer, files and relations to the API."""

from rest_framework import serializers

from cms.api.serializers import references

DIRECTION_OUT = "out"
DIRECTION_IN = "in"


def load_linked_pages(field):
    """Load once, for every document of the response, the pages they link to.

    APIReferences loads the targets of inline panels by itself; signers and
    the documents pointing at each document are loaded here, in one go, and
    go through the same public-pages rule.
    """
    refs = references(field)
    if getattr(refs, "_publication_links_loaded", False):
        return refs
    instances = field.root.instance
    if not isinstance(instances, list | tuple):
        instances = [instances]
    ids = set()
    for document in instances:
        if getattr(document, "signer_id", None):
            ids.add(document.signer_id)
        cache = getattr(document, "_prefetched_objects_cache", {})
        ids.update(relation.page_id for relation in cache.get("incoming_relations", ()))
    refs._load_pages(ids)
    refs._publication_links_loaded = True
    return refs


def file_representation(item, base_url):
    """An attached file; `base_url` is the address of the portal asked."""
    document = item.document
    return {
        "title": item.display_label,
        "url": base_url + document.url,
        "size": document.file_size,
        "type": document.file_extension,
    }


class FileListField(serializers.Field):
    """Attached files: title, absolute URL, size in bytes, extension."""

    schema = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "title": {"type": "string"},
                "url": {"type": "string"},
                "size": {"type": ["integer", "null"]},
                "type": {"type": "string"},
            },
        },
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        base_url = references(self).base_url
        return [file_representation(item, base_url) for item in manager.all()]


class SignerField(serializers.Field):
    """{name, title, page}: page is the official's public page, if any."""

    schema = {"type": "object"}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, document):
        refs = load_linked_pages(self)
        link = refs.page_link(document.signer_id) if document.signer_id else None
        name = link["title"] if link else document.signer_name
        return {"name": name, "title": document.signer_title, "page": link}


class RelationListField(serializers.Field):
    """Relations both ways: {kind, direction, document}, public documents only."""

    schema = {"type": "array", "items": {"type": "object"}}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, document):
        refs = load_linked_pages(self)
        items = []
        for relation in document.relations.all():
            link = refs.page_link(relation.target_id)
            if link is not None:
                items.append(
                    {
                        "kind": relation.kind,
                        "direction": DIRECTION_OUT,
                        "document": link,
                    }
                )
        for relation in document.incoming_relations.all():
            link = refs.page_link(relation.page_id)
            if link is not None:
                items.append(
                    {"kind": relation.kind, "direction": DIRECTION_IN, "document": link}
                )
        return items
