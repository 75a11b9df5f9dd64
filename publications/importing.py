"""Documents from JSON Lines: one document a line, see docs/publications.md.

A document is found again by type + number + issuing body, so a re-run
updates it (or leaves it alone when nothing changed) instead of adding a
copy. Files are read from local paths under the media root only; a file
already in the library (same SHA-1) is reused.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model

from cms.importing import (
    CREATED,
    SKIPPED,
    UPDATED,
    LineError,
    date_field,
    json_object,
    text_field,
)
from cms.models import Organization

from .models import (
    DocumentType,
    PublicationFile,
    PublicationPage,
    PublicationRelation,
    RelationKind,
    Sector,
)
from .numbers import folded_words, number_key

REQUIRED = ("type", "number", "issuer", "issue_date", "abstract")
KNOWN = {
    *REQUIRED,
    "title",
    "slug",
    "effective_date",
    "expiry_date",
    "sector",
    "signer_name",
    "signer_title",
    "text",
    "files",
    "relations",
    "source_url",
}
HASH_CHUNK = 256 * 1024


def _catalogue(model, value, label):
    """A catalogue entry named by its slug or its name (any case, accents)."""
    entry = model.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
    if entry is None:
        wanted = folded_words(value)
        entry = next(
            (e for e in model.objects.all() if folded_words(e.name) == wanted), None
        )
    if entry is None:
        raise LineError(
            _("unknown %(catalogue)s %(value)r; add it to the catalogue first")
            % {"catalogue": label, "value": value}
        )
    return entry


def _source_url(record):
    value = text_field(record, "source_url", 500)
    if value and not value.lower().startswith(("http://", "https://")):
        raise LineError(_("source_url must be an http(s) address"))
    return value


@dataclass
class Record:
    fields: dict
    files: list
    relations: list
    text: str


def parse(text):
    record = json_object(text, KNOWN)
    for name in REQUIRED:
        if name not in record:
            raise LineError(_("%(field)s is missing") % {"field": name})
    document_type = _catalogue(
        DocumentType, text_field(record, "type", 100, True), _("document type")
    )
    issuer = _catalogue(
        Organization, text_field(record, "issuer", 255, True), _("issuing body")
    )
    sector_name = text_field(record, "sector", 100)
    number = text_field(record, "number", 100, True)
    if not number_key(number):
        raise LineError(_("number must contain letters or digits"))
    fields = {
        "document_type": document_type,
        "number": number,
        "issuer": issuer,
        "sector": _catalogue(Sector, sector_name, _("sector")) if sector_name else None,
        "issue_date": date_field(record, "issue_date", True),
        "effective_date": date_field(record, "effective_date"),
        "expiry_date": date_field(record, "expiry_date"),
        "abstract": text_field(record, "abstract", required=True),
        "signer_name": text_field(record, "signer_name", 255),
        "signer_title": text_field(record, "signer_title", 255),
        "title": text_field(record, "title", 255)
        or f"{document_type.name} số {number}",
        "source_url": _source_url(record),
    }
    if fields["effective_date"] is None:
        fields["effective_date"] = fields["issue_date"]
    slug = text_field(record, "slug", 255)
    fields["slug"] = slugify(slug) or slugify(
        f"{document_type.slug} {' '.join(folded_words(number))}"
    )
    files = record.get("files") or []
    relations = record.get("relations") or []
    if not isinstance(files, list) or not isinstance(relations, list):
        raise LineError(_("files and relations must be lists"))
    return Record(fields, files, relations, text_field(record, "text"))


def find_existing(index, document_type, number, issuer):
    return (
        PublicationPage.objects.child_of(index)
        .filter(
            document_type=document_type, issuer=issuer, number_key=number_key(number)
        )
        .first()
    )


class FileLoader:
    """Local files named by a line, never outside the media root."""

    def __init__(self, media_root):
        self.root = Path(os.path.realpath(media_root))

    def check(self, ref):
        if isinstance(ref, str):
            ref = {"path": ref}
        if not isinstance(ref, dict) or not isinstance(ref.get("path"), str):
            raise LineError(_('each file must be a path or {"path": ..., ...}'))
        raw = ref["path"].strip()
        relative = PurePosixPath(raw)
        if not raw or relative.is_absolute() or ".." in relative.parts or "://" in raw:
            raise LineError(
                _("file %(path)r must be a relative path inside the media folder")
                % {"path": raw}
            )
        path = Path(os.path.realpath(self.root / relative))
        if not path.is_relative_to(self.root):
            raise LineError(
                _("file %(path)r leads outside the media folder") % {"path": raw}
            )
        if not path.is_file():
            raise LineError(_("file %(path)r not found") % {"path": raw})
        extension = path.suffix.lower().lstrip(".")
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if allowed and extension not in allowed:
            raise LineError(
                _("file %(path)r: .%(ext)s files are not accepted")
                % {"path": raw, "ext": extension}
            )
        title = ref.get("title") or path.stem
        if not isinstance(title, str):
            raise LineError(_("a file's title must be text"))
        return path, title.strip()[:255], _sha1(path)

    def document(self, path, title, sha1):
        model = get_document_model()
        existing = model.objects.filter(file_hash=sha1).first()
        if existing is not None:
            return existing
        document = model(title=title, file_hash=sha1, file_size=path.stat().st_size)
        with path.open("rb") as handle:
            document.file.save(path.name, File(handle), save=False)
        document.save()
        return document


def _sha1(path):
    digest = hashlib.sha1()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class PublicationStore:
    def __init__(self, index, media_root, draft=False, dry_run=False):
        self.index = index
        self.files = FileLoader(media_root)
        self.draft = draft
        self.dry_run = dry_run

    def save(self, record):
        """Create or update one document in its own transaction: the action."""
        with transaction.atomic():
            action = self._save(record)
            if self.dry_run:
                transaction.set_rollback(True)
        return action

    def _relations(self, record):
        relations = []
        for item in record.relations:
            if not isinstance(item, dict):
                raise LineError(_("each relation must be a JSON object"))
            kind = item.get("kind")
            if kind not in RelationKind.values:
                raise LineError(
                    _("relation kind must be one of: %(kinds)s")
                    % {"kinds": ", ".join(RelationKind.values)}
                )
            target_type = _catalogue(
                DocumentType, text_field(item, "type", 100, True), _("document type")
            )
            target_issuer = _catalogue(
                Organization, text_field(item, "issuer", 255, True), _("issuing body")
            )
            target_number = text_field(item, "number", 100, True)
            target = find_existing(
                self.index, target_type, target_number, target_issuer
            )
            if target is None:
                raise LineError(
                    _("related document %(type)s %(number)s is not in the register")
                    % {"type": target_type.name, "number": target_number}
                )
            relations.append((kind, target.pk))
        return relations

    def _save(self, record):
        fields = record.fields
        files = [self.files.check(ref) for ref in record.files]
        relations = self._relations(record)
        body = [
            {"type": "paragraph", "value": f"<p>{escape(paragraph.strip())}</p>"}
            for paragraph in record.text.split("\n\n")
            if paragraph.strip()
        ]
        page = find_existing(
            self.index, fields["document_type"], fields["number"], fields["issuer"]
        )
        if page is not None:
            if self._unchanged(page, fields, files, relations, body):
                return SKIPPED
            action = UPDATED
        else:
            page = PublicationPage(slug=self._free_slug(fields["slug"]))
            action = CREATED
        for name, value in fields.items():
            if name != "slug":
                setattr(page, name, value)
        page.body = body
        # A dry run rolls the database back, but files would stay on disk.
        page.files = [
            PublicationFile(document=self.files.document(*checked), label=checked[1])
            for checked in ([] if self.dry_run else files)
        ]
        page.relations = [
            PublicationRelation(kind=kind, target_id=target)
            for kind, target in relations
        ]
        if action == CREATED:
            page.live = not self.draft
            self.index.add_child(instance=page)
        revision = page.save_revision()
        if not self.draft:
            revision.publish()
        return action

    def _free_slug(self, slug):
        taken = set(
            self.index.get_children()
            .filter(slug__startswith=slug)
            .values_list("slug", flat=True)
        )
        candidate, number = slug, 2
        while candidate in taken:
            candidate = f"{slug}-{number}"
            number += 1
        return candidate

    def _unchanged(self, page, fields, files, relations, body):
        """True when the line says what the published document already says."""
        if page.has_unpublished_changes and not self.draft:
            return False
        same_fields = all(
            getattr(page, name) == value
            for name, value in fields.items()
            if name != "slug"
        )
        existing_files = [
            (item.document.file_hash, item.label)
            for item in page.files.select_related("document").order_by("sort_order")
        ]
        existing_relations = [
            (r.kind, r.target_id) for r in page.relations.order_by("sort_order")
        ]
        existing_body = [(b["type"], b["value"]) for b in page.body.raw_data]
        return (
            same_fields
            and existing_files == [(sha1, title) for _path, title, sha1 in files]
            and existing_relations == relations
            and existing_body == [(b["type"], b["value"]) for b in body]
        )
