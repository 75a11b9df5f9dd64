"""Which portals' statistics a user may see: the one rule for the report of
every portal and the daily screens.

- Superusers and province administrators (the `stats.view_all_portals`
  permission, granted to the install-wide "Quản trị" group by migration
  0005) see every portal.
- Anyone else sees the portals their groups hold a page permission in: on
  the portal's root page, on a page inside its tree (the portal is the one
  whose root is the page's nearest, so a commune officer never sees a
  province whose tree holds the commune's), or on a page above its root (a
  permission covers the pages below it, as in Wagtail). An officer
  of commune A, whose groups hold permissions on A's tree only, sees A.
"""

from wagtail.models import GroupPagePermission

from cms import portals

ALL_PORTALS_PERMISSION = "stats.view_all_portals"


def sees_every_portal(user):
    return user.is_active and (
        user.is_superuser or user.has_perm(ALL_PORTALS_PERMISSION)
    )


def visible_portals(user):
    """The portals (cms.portals.Portal) whose figures `user` may see, in the
    directory's order; one query at most (none for province administrators)."""
    directory = portals.directory()
    if not user.is_active:
        return []
    if sees_every_portal(user):
        return list(directory.portals)
    paths = set(
        GroupPagePermission.objects.filter(group__user=user).values_list(
            "page__path", flat=True
        )
    )
    seen = set()
    for path in paths:
        # The portal the page belongs to (the deepest root above it: a
        # commune's tree inside the province's is the commune's) ...
        owner = directory.for_path(path)
        if owner is not None:
            seen.add(owner.site_id)
        # ... and every portal whose root lies below the page.
        seen.update(
            p.site_id for p in directory.portals if p.root_path.startswith(path)
        )
    return [portal for portal in directory.portals if portal.site_id in seen]


def visible_site_ids(user):
    return [portal.site_id for portal in visible_portals(user)]
