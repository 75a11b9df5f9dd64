"""Leaders' pages from JSON Lines, one official a line (docs/archives.md):
an old portal's leaders as they were, with their dated positions.

```json
{"name": "Đinh Văn Minh", "honorific": "ong", "source_url": "https://huyen.gov.vn/portal/LanhDao/default.aspx?ItemID=5",
 "positions": [{"title": "Chủ tịch UBND huyện", "organization": "Ủy ban nhân dân huyện Minh Long", "start_date": "2021-06-01", "end_date": "2025-06-30"}],
 "phone": "0255 3800 000", "email": "", "duties": "Phụ trách chung."}
```

An official is found again by `source_url`, else by slug, under the leaders
index: a re-run updates the page (its positions are those of the line)
instead of adding a copy. A missing organization is added to the catalogue.
"""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from anyascii import anyascii

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
from news.models import OfficialPage, OfficialPosition

KNOWN = {"name", "honorific", "slug", "source_url", "positions", "phone", "email"}
KNOWN |= {"duties"}
HONORIFICS = {"", "ong", "ba"}


def parse(text):
    """(page fields, [position fields]) of one line, or LineError."""
    record = json_object(text, KNOWN)
    name = text_field(record, "name", 255, required=True)
    honorific = text_field(record, "honorific", 8)
    if honorific not in HONORIFICS:
        raise LineError(_("honorific must be “ong”, “ba” or empty"))
    source_url = text_field(record, "source_url", 500)
    if source_url and not source_url.lower().startswith(("http://", "https://")):
        raise LineError(_("source_url must be an http(s) address"))
    positions = record.get("positions") or []
    if not isinstance(positions, list) or not positions:
        raise LineError(_("positions must be a list of at least one position"))
    checked = []
    for item in positions:
        if not isinstance(item, dict):
            raise LineError(_("each position must be a JSON object"))
        start = date_field(item, "start_date", True)
        end = date_field(item, "end_date", False)
        if end and end < start:
            raise LineError(_("The end date is before the start date."))
        checked.append(
            {
                "title": text_field(item, "title", 255, required=True),
                "organization": text_field(item, "organization", 255, required=True),
                "start_date": start,
                "end_date": end,
            }
        )
    fields = {
        "title": name,
        "honorific": honorific,
        "source_url": source_url,
        "phone": text_field(record, "phone", 50),
        "email": text_field(record, "email", 254),
        "duties": text_field(record, "duties"),
    }
    slug = (
        slugify(text_field(record, "slug", 255) or anyascii(name))[:255] or "lanh-dao"
    )
    return fields, slug, checked


class OfficialStore:
    def __init__(self, index, *, media_root=None, draft=False, dry_run=False):
        self.index = index
        self.draft = draft
        self.dry_run = dry_run

    def save(self, fields, slug, positions):
        with transaction.atomic():
            action = self._save(fields, slug, positions)
            if self.dry_run:
                transaction.set_rollback(True)
        return action

    def _organization(self, name):
        found = Organization.objects.filter(name=name).order_by("pk").first()
        if found is not None:
            return found
        base = slugify(anyascii(name))[:240] or "co-quan"
        taken = set(
            Organization.objects.filter(slug__startswith=base).values_list(
                "slug", flat=True
            )
        )
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return Organization.objects.create(name=name, slug=candidate)

    def _save(self, fields, slug, positions):
        children = OfficialPage.objects.child_of(self.index)
        page = (
            children.filter(source_url=fields["source_url"]).first()
            if fields["source_url"]
            else children.filter(slug=slug).first()
        )
        wanted = [
            (p["title"], self._organization(p["organization"]).pk, p["start_date"],
             p["end_date"])
            for p in positions
        ]  # fmt: skip
        if page is not None:
            current = [
                (p.title, p.organization_id, p.start_date, p.end_date)
                for p in page.positions.order_by("sort_order")
            ]
            if current == wanted and all(
                getattr(page, name) == value for name, value in fields.items()
            ):
                return SKIPPED
            action = UPDATED
        else:
            taken = set(children.values_list("slug", flat=True))
            candidate, number = slug, 2
            while candidate in taken:
                candidate, number = f"{slug}-{number}", number + 1
            page = OfficialPage(slug=candidate, live=not self.draft)
            action = CREATED
        for name, value in fields.items():
            setattr(page, name, value)
        page.positions = [
            OfficialPosition(
                title=title, organization_id=organization, start_date=start,
                end_date=end,
            )
            for title, organization, start, end in wanted
        ]  # fmt: skip
        if action == CREATED:
            self.index.add_child(instance=page)
        revision = page.save_revision()
        if not self.draft:
            revision.publish()
        return action
