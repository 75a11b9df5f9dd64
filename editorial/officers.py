"""Officer accounts scoped to a section of the page tree (`create_officer`)."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from wagtail.models import Collection, GroupPagePermission, Page, Site, WorkflowPage

from cms import portal_setup, portals
from editorial import roles


def find_section(path, site=None):
    """The page at a URL path of `site` (the default site when not given), or,
    without a site, at a tree url_path."""
    clean = "/" + path.strip("/") + "/" if path.strip("/") else "/"
    candidates = []
    if site is None:
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        candidates.append(clean)
    if site is not None:
        candidates.insert(0, site.root_page.url_path + clean.lstrip("/"))
    for url_path in candidates:
        page = Page.objects.filter(url_path=url_path).first()
        if page is not None:
            return page
    return None


def _label(page):
    # The page id keeps names unique when two communes both have "Tin tức".
    return f"{page.title[:80]} #{page.pk}"


def section_collection(section):
    root = Collection.get_first_root_node()
    name = _label(section)
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def section_workflow(section, group):
    """A workflow for the section that its own approvers (and admins) approve."""
    groups = roles.base_groups()
    label = _label(section)
    workflow = roles.create_approval_workflow(
        apps,
        f"{roles.WORKFLOW_NAME} · {label}",
        f"{roles.TASK_NAME} · {label}",
        [groups[roles.APPROVER], groups[roles.ADMIN], group],
    )
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    # Sub-sections on the site-wide workflow now inherit the section's own.
    WorkflowPage.objects.filter(
        page__path__startswith=section.path,
        page__depth__gt=section.depth,
        workflow__name=roles.WORKFLOW_NAME,
    ).delete()
    return workflow


@transaction.atomic
def section_group(section, role):
    """The group of `role` for one section, with its pages and collection."""
    group, _ = Group.objects.get_or_create(
        name=f"{roles.GROUP_NAMES[role]}{roles.SECTION_SEPARATOR}{_label(section)}"
    )
    roles.require_two_factor(apps, {role: group})
    roles.grant_page_permissions(apps, group, section, role)
    roles.grant_collection_permissions(apps, group, section_collection(section), role)
    # Site-wide models (settings, catalogues) stay with the site-wide admins.
    roles.grant_admin_access(apps, group)
    if role in (roles.APPROVER, roles.ADMIN):
        section_workflow(section, group)
    return group


def build_portal(portal):
    """A new portal's officer groups and workflow (`construct_portal` hook)."""
    spec = portal.spec
    groups = roles.ensure_portal_groups(apps, portal.collection, spec.label, spec.key)
    roles.grant_portal(apps, groups, portal.root, portal.collection)
    roles.portal_workflow(apps, portal.root, groups)
    return groups


def find_portal(host):
    """The site of `host` ("name" or "name:port"), or None."""
    hostname, _, port = host.strip().lower().partition(":")
    return portal_setup.find_site(hostname, int(port) if port.isdigit() else None)


def portal_group(site, role):
    """The group of `role` of the portal at `site`, or None when the portal
    was not made with `create_portal`."""
    collection = portal_setup.collection_for_site(site)
    if collection is None:
        return None
    return roles.portal_groups(apps, collection).get(role)


def portal_roots(user):
    """The tree paths of the portals `user` works in, or None for whoever
    works outside every portal (superusers, the province's administrators on
    the whole tree): they see every portal."""
    if user.is_superuser:
        return None
    directory = portals.directory()
    roots = set()
    for path in GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    ):
        portal = directory.for_path(path)
        if portal is None:
            return None
        roots.add(portal.root_path)
    return roots


def choosable_pages(pages, user):
    """`pages` an officer may pick in the page chooser: any page of their own
    portals, and the province's live pages (a commune links to the
    province's documents); never another commune's."""
    roots = portal_roots(user)
    if roots is None:
        return pages
    province = portals.province()
    allowed = Q(depth=1)
    for root in roots:
        allowed |= Q(path__startswith=root)
    if province is not None:
        allowed |= Q(path__startswith=province.root_path, live=True)
    return pages.filter(allowed)
