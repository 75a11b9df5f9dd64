"""Archive portals: the read-only portals of units that closed or merged
(docs/archives.md).

A portal is an archive when its `SiteSettings.closed_on` is set
(`archive_portal`, `merge_portals`). Then:

- nobody but a superuser may change its pages, by any path (editor, publish,
  schedule, move, copy, delete, bulk actions, the admin API's actions): every
  page type answers `permissions_for_user` with `ArchivePermissionTester`,
  the seam Wagtail offers page types for exactly this; the officers' groups
  lose adding, changing and deleting images and documents in its collection
  (`reopen` gives them back through `create_portal`'s own steps);
- the import commands refuse its indexes, except through `import_archive`;
- every page shows a notice naming the agency, the day it closed and the
  successor portal (`notice`, in the base template);
- its pages stay public, in the sitemap and indexable, and visits still count;
- the old portal's addresses answer with a permanent redirect to the
  imported pages (`redirect_old_addresses`, Wagtail's redirects).
"""

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast

from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import (
    GroupCollectionPermission,
    Page,
    PagePermissionTester,
    Revision,
    WorkflowState,
)

from cms import caching, portal_setup, portals, units
from cms.models import SiteSettings

# How long what a unit became is kept; the portals' version renews it first.
CHANGES_SECONDS = 24 * 60 * 60
# Collection permissions an archive's officers lose; "choose" stays, so its
# files can still be picked (by the province) and listed.
WRITE_COLLECTION_PERMISSIONS = ("add", "change", "delete")


def is_archived(page):
    portal = portals.for_page(page)
    return portal is not None and portal.is_archive


class ArchivePermissionTester(PagePermissionTester):
    """Wagtail's tester, refusing every change to an archive's pages (or
    moving and copying pages into one) to whoever is not a superuser."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.read_only = not user.is_superuser and is_archived(page)

    def _target_read_only(self, destination):
        return not self.user.is_superuser and is_archived(destination)

    def can_add_subpage(self):
        return not self.read_only and super().can_add_subpage()

    def can_edit(self):
        return not self.read_only and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return not self.read_only and super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return not self.read_only and super().can_unpublish()

    def can_publish(self):
        return not self.read_only and super().can_publish()

    def can_submit_for_moderation(self):
        return not self.read_only and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        return not self.read_only and super().can_set_view_restrictions()

    def can_unschedule(self):
        return not self.read_only and super().can_unschedule()

    def can_lock(self):
        return not self.read_only and super().can_lock()

    def can_unlock(self):
        return not self.read_only and super().can_unlock()

    def can_publish_subpage(self):
        return not self.read_only and super().can_publish_subpage()

    def can_reorder_children(self):
        return not self.read_only and super().can_reorder_children()

    def can_move(self):
        return not self.read_only and super().can_move()

    def can_copy(self):
        return not self.read_only and super().can_copy()

    def can_move_to(self, destination):
        if self.read_only or self._target_read_only(destination):
            return False
        return super().can_move_to(destination)

    def can_copy_to(self, destination, recursive=False):
        if self._target_read_only(destination):
            return False
        return super().can_copy_to(destination, recursive)


class ArchivePagePermissionsMixin:
    """For every page type (through `CachedRoutePageMixin`)."""

    def permissions_for_user(self, user):
        return ArchivePermissionTester(user, self)


def _settings(site):
    return SiteSettings.for_site(site)


def _collection_permissions(settings):
    if settings.collection_id is None:
        return GroupCollectionPermission.objects.none()
    return GroupCollectionPermission.objects.filter(
        collection__path__startswith=settings.collection.path,
        permission__codename__regex=r"^({})_".format(
            "|".join(WRITE_COLLECTION_PERMISSIONS)
        ),
    )


@transaction.atomic
def archive(site, closed_on, successor=None):
    """Make `site` an archive closed on `closed_on`, `successor` (a Site)
    taking over. Running it again only updates the date and successor."""
    settings = _settings(site)
    settings.closed_on = closed_on
    settings.successor = successor
    settings.save(update_fields=["closed_on", "successor"])
    _collection_permissions(settings).delete()
    # A page scheduled before the closing would otherwise go live in the
    # archive; a pending approval could still publish it.
    page_ids = (
        Page.objects.descendant_of(site.root_page, inclusive=True)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    Revision.page_revisions.filter(
        object_id__in=page_ids, approved_go_live_at__isnull=False
    ).update(approved_go_live_at=None)
    for state in WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=page_ids,
    ):
        state.cancel()
    return settings


@transaction.atomic
def reopen(site):
    """Undo `archive`: the portal is writable again and its groups get their
    permissions back (create_portal's steps, which add what is missing)."""
    settings = _settings(site)
    settings.closed_on = None
    settings.successor = None
    settings.save(update_fields=["closed_on", "successor"])
    spec = portal_setup.PortalSpec(
        hostname=site.hostname,
        agency_name=settings.agency_name or site.site_name or site.hostname,
        level=settings.level or portals.COMMUNE,
        unit_code=settings.unit_code,
        port=site.port,
        short_name=settings.agency_short_name,
    )
    portal_setup.build(spec)
    return settings


def import_commands():
    """{option: import command name} from every `register_archive_import`
    hook (news: articles, publications: publications)."""
    return {
        option: command
        for hook in hooks.get_hooks("register_archive_import")
        for option, command in hook().items()
    }


def source_url_models():
    """Page types that remember their address on an old portal."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and any(field.name == "source_url" for field in model._meta.local_fields)
    ]


def redirect_old_addresses(site):
    """A permanent redirect from each imported page's `source_url` (path and
    query string) to the page, on `site`; pointing at the page, not a path,
    so it follows the page when the host name or the slug changes. Running it
    again adds nothing: (created, updated)."""
    root = site.root_page
    wanted = {}
    for model in source_url_models():
        rows = (
            model.objects.descendant_of(root)
            .exclude(source_url="")
            .values_list("pk", "source_url")
            .order_by("pk")
        )
        for pk, source_url in rows:
            path = Redirect.normalise_path(source_url)
            if path != "/":
                wanted.setdefault(path, pk)
    existing = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.filter(site=site, old_path__in=list(wanted))
    }
    updated = []
    for path, redirect in existing.items():
        if redirect.redirect_page_id != wanted[path] or not redirect.is_permanent:
            redirect.redirect_page_id = wanted[path]
            redirect.redirect_link = ""
            redirect.is_permanent = True
            updated.append(redirect)
    Redirect.objects.bulk_update(
        updated, ["redirect_page", "redirect_link", "is_permanent"]
    )
    created = Redirect.objects.bulk_create(
        [
            Redirect(old_path=path, site=site, redirect_page_id=pk, is_permanent=True)
            for path, pk in wanted.items()
            if path not in existing
        ]
    )
    return len(created), len(updated)


def notice(portal):
    """What the archive notice says, or None for a portal still open."""
    if portal is None or not portal.is_archive:
        return None
    successor = portals.successor(portal)
    return {
        "agency": units.agency_name_on(portal, None),
        "closed_on": portal.closed_on,
        "successor": successor,
        "successor_url": portals.base_url(successor) + "/" if successor else "",
        "changes": _unit_changes(portal),
    }


def _unit_changes(portal):
    """What the archive's unit became, kept under the portals' version (which
    any change to units renews): an archive's pages cost no query for it."""
    if portal.unit_id is None:
        return []
    token = portals.directory().token
    key = f"archives:changes:{portal.site_id}:{token}"
    changes = caching.get_entry(key) if token else None
    if changes is None:
        changes = [
            (kind, date, [unit.name for unit in others])
            for direction, kind, date, others in units.history(portal.unit_id)
            if direction == "into"
        ]
        if token:
            caching.keep_entry(key, changes, CHANGES_SECONDS)
    return changes


def day(value):
    """A date from YYYY-MM-DD or DD/MM/YYYY (the commands' --closed-on)."""
    for parse in (
        datetime.date.fromisoformat,
        lambda text: datetime.datetime.strptime(text, "%d/%m/%Y").date(),
    ):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    raise ValueError(value)
