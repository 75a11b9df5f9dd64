"""Create or update one article from a checked record, all or nothing.

What an update may change: only the fields the line gives (title, date, and
whichever of summary, author, source, source URL, featured, category, hero
image and body it has); tags are added, never removed; the slug stays, so
URLs do not break. Everything else an editor set (related officials and
pages, SEO fields, menus, privacy) is kept, and each update is a new revision,
so earlier versions stay in the page history.

An article that an editor has saved in the admin since it was imported (its
latest revision has a user), or that is locked, is skipped and reported: the
file never silently overwrites an editor's work or a pending draft.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.importing import (
    CREATED,
    SKIPPED,
    UPDATED,
    importing_pages,
    update_indexes,
)
from cms.slugs import slug_for
from news.models import Category, NewsArticlePage, NewsIndexPage

from .images import ImageLoader

# Stands for a category or image a dry run would create: equal to nothing.
NEW = object()


@dataclass
class Outcome:
    action: str
    page: NewsArticlePage | None = None
    reason: str = ""
    # Skipped only because the file says what the page already says.
    unchanged: bool = False


class ArticleStore:
    def __init__(self, index, *, media_root, draft=False, dry_run=False):
        self.index = index
        self.draft = draft
        self.dry_run = dry_run
        self.images = ImageLoader(media_root)
        # Category name -> pk, kept across lines (only committed categories).
        self.categories = {}

    def save(self, record):
        """Import one record; raises LineError (or a database error) on failure."""
        existing = self._find(record)
        if existing is not None:
            reason = self._protected(existing)
            if reason:
                return Outcome(SKIPPED, existing, reason)
        # Every image is checked before anything is written.
        loaded = {ref: self.images.load(ref) for ref in record.image_refs()}
        if self.dry_run:
            image_pks = {
                ref: self.images.existing_pk(image) or NEW
                for ref, image in loaded.items()
            }
            category_pk = self._category_pk(record.category)
            return self._outcome(record, existing, image_pks, category_pk)
        try:
            with transaction.atomic():
                image_pks = {
                    ref: self.images.store(ref, image) for ref, image in loaded.items()
                }
                category_pk = self._category_pk(record.category)
                outcome = self._outcome(record, existing, image_pks, category_pk)
                if outcome.action != SKIPPED:
                    # The indexes once per article, not once per save.
                    with importing_pages(NewsArticlePage):
                        if outcome.action == CREATED:
                            outcome.page = self._create(record, image_pks, category_pk)
                        else:
                            self._update(existing, record, image_pks, category_pk)
                    update_indexes(outcome.page)
        except BaseException:
            # The rows are rolled back; the files they pointed at must go too.
            self.images.delete_new_files()
            raise
        self.images.forget_new_files()
        if record.category is not None:
            self.categories[record.category] = category_pk
        return outcome

    def _find(self, record):
        children = NewsArticlePage.objects.child_of(self.index).select_related(
            "latest_revision__user"
        )
        source_url = record.values.get("source_url")
        if source_url:
            return children.filter(source_url=source_url).order_by("pk").first()
        return children.filter(slug=record.slug).first()

    def _protected(self, page):
        if page.locked:
            return _("locked in the admin; left unchanged")
        revision = page.latest_revision
        if revision is not None and revision.user_id is not None:
            return _(
                "saved in the admin by %(user)s since it was imported; left as "
                "the editor saved it"
            ) % {"user": revision.user.get_username()}
        return ""

    def _outcome(self, record, existing, image_pks, category_pk):
        if existing is None:
            return Outcome(CREATED)
        current = existing.get_latest_revision_as_object()
        if not self._publishes_now(existing) and self._is_unchanged(
            current, record, image_pks, category_pk
        ):
            return Outcome(SKIPPED, existing, _("unchanged"), unchanged=True)
        return Outcome(UPDATED, existing)

    def _values(self, record, image_pks, category_pk):
        values = {"title": record.title, "date": record.date, **record.values}
        if record.category is not None:
            values["category_id"] = category_pk
        if record.has_hero_image:
            values["hero_image_id"] = image_pks[record.hero_image]
            values["hero_caption"] = record.hero_image.caption
        return values

    def _is_unchanged(self, page, record, image_pks, category_pk):
        values = self._values(record, image_pks, category_pk)
        if any(getattr(page, name) != value for name, value in values.items()):
            return False
        if record.body is not None and _comparable(page.body.raw_data) != _comparable(
            raw_body(record.body, image_pks)
        ):
            return False
        if record.tags:
            current = {tag.name for tag in page.tags.all()}
            if not set(record.tags) <= current:
                return False
        return True

    def _apply(self, page, record, image_pks, category_pk):
        for name, value in self._values(record, image_pks, category_pk).items():
            setattr(page, name, value)
        if record.body is not None:
            page.body = raw_body(record.body, image_pks)
        if record.tags:
            page.tags.add(*record.tags)

    def _create(self, record, image_pks, category_pk):
        # Fresh from the database: the tree path of the new child depends on
        # the index's current children, which a rolled-back line may have
        # left stale in memory.
        index = NewsIndexPage.objects.get(pk=self.index.pk)
        slug = record.slug
        if record.values.get("source_url"):
            # Another article (another source) may already use this slug.
            taken = Page.objects.child_of(index).filter(slug__startswith=slug)
            slug = _free_slug(slug, taken.values_list("slug", flat=True))
        page = NewsArticlePage(slug=slug, live=False)
        self._apply(page, record, image_pks, category_pk)
        if not self.draft:
            self._set_publication_date(page, record.date)
        index.add_child(instance=page)
        # add_child has just validated this very page.
        revision = page.save_revision(clean=False)
        if not self.draft:
            revision.publish()
        return page

    def _update(self, existing, record, image_pks, category_pk):
        page = existing.get_latest_revision_as_object()
        self._apply(page, record, image_pks, category_pk)
        # An update keeps the page's state: a live page stays live (or keeps
        # the new version as a draft with --draft); a page an editor
        # unpublished stays unpublished. Only a never-published import is
        # published now.
        never_published = existing.last_published_at is None
        publish = not self.draft and (existing.live or never_published)
        if publish and never_published:
            # Its first publication (or a new schedule), from the new date.
            self._set_publication_date(page, record.date)
            Page.objects.filter(pk=page.pk).update(
                first_published_at=page.first_published_at
            )
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()

    def _publishes_now(self, existing):
        """Whether this import publishes a draft an earlier --draft import left.

        Editors' drafts never get here (see _protected); a page an editor
        unpublished stays unpublished, and a scheduled one stays scheduled.
        """
        revision = existing.latest_revision
        return (
            not self.draft
            and existing.has_unpublished_changes
            and (existing.live or existing.last_published_at is None)
            and not (revision and revision.approved_go_live_at)
        )

    @staticmethod
    def _set_publication_date(page, date):
        # The article's own date is its first publication; a date still to
        # come schedules it, as an editor's "go live" date would.
        if date <= timezone.now():
            page.first_published_at = date
        else:
            page.go_live_at = date

    def _category_pk(self, name):
        if name is None:
            return None
        if name in self.categories:
            return self.categories[name]
        pk = Category.objects.filter(name=name).values_list("pk", flat=True).first()
        if pk is not None:
            return pk
        if self.dry_run:
            return NEW
        base = slug_for(name)[:240] or "category"
        taken = Category.objects.filter(slug__startswith=base).values_list(
            "slug", flat=True
        )
        return Category.objects.create(name=name, slug=_free_slug(base, taken)).pk


def raw_body(blocks, image_pks):
    """StreamField raw data for the body blocks of a record."""
    raw = []
    for kind, value in blocks:
        if kind == "image":
            value = _image_value(value, image_pks)
        elif kind == "gallery":
            value = {
                "title": value["title"],
                "images": [_image_value(ref, image_pks) for ref in value["images"]],
            }
        elif kind == "table":
            value = {
                "table_caption": value["caption"],
                "first_row_is_table_header": value["first_row_is_header"],
                "first_col_is_header": value["first_col_is_header"],
                "data": value["data"],
            }
        elif kind == "video":
            value = {"video": value["url"], "caption": value["caption"]}
        raw.append({"type": kind, "value": value})
    return raw


def _image_value(ref, image_pks):
    return {
        "image": {
            "image": image_pks[ref],
            "alt_text": "" if ref.decorative else ref.alt,
            "decorative": ref.decorative,
        },
        "caption": ref.caption,
        "credit": ref.credit,
    }


def _comparable(raw):
    """Stream data without block ids, list items unwrapped, to compare contents."""
    return [(block["type"], _plain(block["value"])) for block in raw]


def _plain(value):
    if isinstance(value, dict):
        if value.get("type") == "item" and set(value) <= {"type", "value", "id"}:
            return _plain(value["value"])
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _free_slug(base, taken):
    taken = set(taken)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base[:240]}-{number}"
    return slug
