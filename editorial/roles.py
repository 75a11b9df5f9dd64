"""The three editorial roles, their permissions and the approval workflow.

Every function takes an app registry so the data migration (historical
models) and the running site (`django.apps.apps`) share one definition.
Only plain querysets are used here: historical page models have no tree
methods, so ancestors and descendants are found through `path`.
"""

from django.apps import apps as global_apps

EDITOR = "editor"
APPROVER = "approver"
ADMIN = "admin"
ROLES = (EDITOR, APPROVER, ADMIN)

# Group names are what officers see in the admin, so they are Vietnamese data,
# not translatable interface strings.
GROUP_NAMES = {
    EDITOR: "Biên tập viên",
    APPROVER: "Người duyệt",
    ADMIN: "Quản trị",
}
# Roles whose groups require two-factor sign-in (cms/two_factor.py); editors
# may enrol but need not. An administrator can change it per group.
TWO_FACTOR_ROLES = (APPROVER, ADMIN)
WORKFLOW_NAME = "Duyệt tin"
TASK_NAME = "Người duyệt phê duyệt"

# Page permission types (wagtailcore.Page codenames without the "_page" suffix).
PAGE_PERMISSIONS = {
    EDITOR: ("add", "change", "lock"),
    APPROVER: ("add", "change", "lock", "publish", "unlock"),
    ADMIN: ("add", "bulk_delete", "change", "lock", "publish", "unlock"),
}
# The documents register (docs/publications.md): editors draft its entries
# and submit them, approvers publish them.
REGISTER = ("publications", "publicationindexpage")
# Sections of the tree each site-wide role works in, by page model.
SECTION_MODELS = {
    EDITOR: (("news", "newsindexpage"), ("news", "eventindexpage"), REGISTER),
    APPROVER: (
        ("news", "newsindexpage"),
        ("news", "eventindexpage"),
        ("news", "officialindexpage"),
        REGISTER,
    ),
}
# Sections that go through the approval workflow.
WORKFLOW_SECTION_MODELS = (
    ("news", "newsindexpage"),
    ("news", "eventindexpage"),
    REGISTER,
)

# "add" lets a person edit what they uploaded; "change" edits anyone's.
COLLECTION_PERMISSIONS = {
    EDITOR: (
        ("wagtailimages", "image", "add"),
        ("wagtailimages", "image", "choose"),
        ("wagtaildocs", "document", "add"),
        ("wagtaildocs", "document", "choose"),
    ),
    APPROVER: (
        ("wagtailimages", "image", "add"),
        ("wagtailimages", "image", "change"),
        ("wagtailimages", "image", "choose"),
        ("wagtaildocs", "document", "add"),
        ("wagtaildocs", "document", "change"),
        ("wagtaildocs", "document", "choose"),
    ),
    ADMIN: (
        ("wagtailimages", "image", "add"),
        ("wagtailimages", "image", "change"),
        ("wagtailimages", "image", "delete"),
        ("wagtailimages", "image", "choose"),
        ("wagtaildocs", "document", "add"),
        ("wagtaildocs", "document", "change"),
        ("wagtaildocs", "document", "delete"),
        ("wagtaildocs", "document", "choose"),
    ),
}
# Model permissions beyond pages and collections. User management is left to
# superusers: whoever may change users may make themselves a superuser.
MODEL_PERMISSIONS = {
    EDITOR: (("wagtailadmin", "admin", "access_admin"),),
    APPROVER: (("wagtailadmin", "admin", "access_admin"),),
    ADMIN: (
        ("wagtailadmin", "admin", "access_admin"),
        ("cms", "sitesettings", "change"),
        ("cms", "organization", "add"),
        ("cms", "organization", "change"),
        ("cms", "organization", "delete"),
        ("news", "category", "add"),
        ("news", "category", "change"),
        ("news", "category", "delete"),
        # The register's catalogues, site-wide like the categories.
        ("publications", "documenttype", "add"),
        ("publications", "documenttype", "change"),
        ("publications", "documenttype", "delete"),
        ("publications", "sector", "add"),
        ("publications", "sector", "change"),
        ("publications", "sector", "delete"),
        ("wagtailredirects", "redirect", "add"),
        ("wagtailredirects", "redirect", "change"),
        ("wagtailredirects", "redirect", "delete"),
        # Wagtail checks promoted results against SearchPromotion, not Query.
        ("wagtailsearchpromotions", "searchpromotion", "add"),
        ("wagtailsearchpromotions", "searchpromotion", "change"),
        ("wagtailsearchpromotions", "searchpromotion", "delete"),
        ("wagtailcore", "workflow", "add"),
        ("wagtailcore", "workflow", "change"),
        ("wagtailcore", "task", "add"),
        ("wagtailcore", "task", "change"),
    ),
}
STEPLEN = 4  # treebeard's path step for wagtailcore.Page


def _permission(apps, app_label, model, action):
    """The Permission row, created if post_migrate has not run yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    codename = action if action == "access_admin" else f"{action}_{model}"
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
    )
    return permission


def grant_page_permissions(apps, group, page, role):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for action in PAGE_PERMISSIONS[role]:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=page.pk,
            permission=_permission(apps, "wagtailcore", "page", action),
        )


def grant_collection_permissions(apps, group, collection, role):
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    for app_label, model, action in COLLECTION_PERMISSIONS[role]:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection_id=collection.pk,
            permission=_permission(apps, app_label, model, action),
        )


def grant_model_permissions(apps, group, role):
    group.permissions.add(
        *(_permission(apps, *spec) for spec in MODEL_PERMISSIONS[role])
    )


def grant_admin_access(apps, group):
    group.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))


def require_two_factor(apps, groups):
    """Flag the approvers' and administrators' groups of `groups` ({role:
    group}) as requiring two-factor sign-in, unless a group already has a
    setting (an administrator's choice is kept)."""
    try:
        GroupTwoFactor = apps.get_model("cms", "GroupTwoFactor")
    except LookupError:
        # Migration 0001 runs before the table exists; 0003 flags its groups.
        return
    for role, group in groups.items():
        if role in TWO_FACTOR_ROLES:
            GroupTwoFactor.objects.get_or_create(
                group_id=group.pk, defaults={"required": True}
            )


def role_of(group_name):
    """The role a group of ours is for, from its name (site-wide, a portal's
    or a section's), or None."""
    for role in ROLES:
        name = GROUP_NAMES[role]
        if group_name == name or group_name.startswith(
            (name + PORTAL_SEPARATOR, name + SECTION_SEPARATOR)
        ):
            return role
    return None


def base_groups(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    return {
        role: Group.objects.get_or_create(name=GROUP_NAMES[role])[0] for role in ROLES
    }


def create_approval_workflow(apps, name, task_name, groups):
    """A one-step workflow whose task the given groups approve."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=task_name,
            active=True,
            content_type=ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0],
        )
    task.groups.add(*groups)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    return workflow


def base_workflow(apps=global_apps):
    groups = base_groups(apps)
    return create_approval_workflow(
        apps, WORKFLOW_NAME, TASK_NAME, [groups[APPROVER], groups[ADMIN]]
    )


def _pages_of(apps, models):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = [
        content_type
        for app_label, model in models
        for content_type in ContentType.objects.filter(app_label=app_label, model=model)
    ]
    return Page.objects.filter(content_type__in=types).order_by("path")


def _inherited_workflow_page(apps, page):
    """The WorkflowPage on the nearest ancestor below the tree root, if any."""
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ancestor_paths = [
        page.path[:end] for end in range(STEPLEN * 2, len(page.path), STEPLEN)
    ]
    return (
        WorkflowPage.objects.filter(page__path__in=ancestor_paths)
        .order_by("-page__depth")
        .first()
    )


def apply_sections(apps=global_apps):
    """Grant the site-wide groups their sections and put the workflow on them.

    Idempotent: the data migration runs it on existing pages, `load_demo`
    and `create_officer` run it again once sections exist. A section that
    already has a workflow, or inherits one from a commune's own section,
    keeps it.
    """
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page = apps.get_model("wagtailcore", "Page")
    groups = base_groups(apps)
    require_two_factor(apps, groups)
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        grant_page_permissions(apps, groups[ADMIN], root_page, ADMIN)
    root_collection = Collection.objects.filter(depth=1).first()
    for role in ROLES:
        grant_model_permissions(apps, groups[role], role)
        if root_collection is not None:
            grant_collection_permissions(apps, groups[role], root_collection, role)
    for role, models in SECTION_MODELS.items():
        for section in _pages_of(apps, models):
            grant_page_permissions(apps, groups[role], section, role)
    workflow = base_workflow(apps)
    for section in _pages_of(apps, WORKFLOW_SECTION_MODELS):
        if WorkflowPage.objects.filter(page_id=section.pk).exists():
            continue
        if _inherited_workflow_page(apps, section) is None:
            WorkflowPage.objects.create(page_id=section.pk, workflow=workflow)


# A portal's groups are named "<role> – <portal>" and found again through the
# permissions they hold on the portal's collection, so renaming the portal
# renames them instead of making new ones.
PORTAL_SEPARATOR = " – "
# A section's groups (`create_officer --section`) are "<role> · <section>".
SECTION_SEPARATOR = " · "


def portal_groups(apps, collection):
    """{role: group} of the portal whose images and files are in `collection`."""
    Group = apps.get_model("auth", "Group")
    found = {}
    groups = Group.objects.filter(
        collection_permissions__collection_id=collection.pk
    ).distinct()
    for group in groups.order_by("pk"):
        for role in ROLES:
            if group.name.startswith(GROUP_NAMES[role] + PORTAL_SEPARATOR):
                found.setdefault(role, group)
    return found


def _free_name(apps, wanted, fallback, group=None):
    Group = apps.get_model("auth", "Group")
    for name in (wanted, fallback):
        taken = Group.objects.filter(name=name)
        if group is not None:
            taken = taken.exclude(pk=group.pk)
        if not taken.exists():
            return name
    raise ValueError(f"The group names {wanted!r} and {fallback!r} are both taken.")


def ensure_portal_groups(apps, collection, label, key):
    """The portal's three groups, made or renamed to "<role> – <label>"
    ("<role> – <label> (<host>)" when another portal has that label)."""
    Group = apps.get_model("auth", "Group")
    groups = portal_groups(apps, collection)
    for role in ROLES:
        wanted = f"{GROUP_NAMES[role]}{PORTAL_SEPARATOR}{label}"
        fallback = f"{wanted} ({key})"
        group = groups.get(role)
        if group is None:
            groups[role] = Group.objects.create(name=_free_name(apps, wanted, fallback))
        elif group.name not in (wanted, fallback):
            group.name = _free_name(apps, wanted, fallback, group)
            group.save(update_fields=["name"])
    require_two_factor(apps, groups)
    return groups


def grant_portal(apps, groups, root, collection):
    """A portal's groups get its tree and its collection only: administrators
    the whole portal, editors and approvers their sections inside it.
    Site-wide models (settings, catalogues, workflows) stay with the
    province's administrators: their permissions are not per site."""
    grant_page_permissions(apps, groups[ADMIN], root, ADMIN)
    for role in ROLES:
        grant_admin_access(apps, groups[role])
        grant_collection_permissions(apps, groups[role], collection, role)
    for role, models in SECTION_MODELS.items():
        for section in _pages_of(apps, models).filter(path__startswith=root.path):
            grant_page_permissions(apps, groups[role], section, role)


def portal_workflow(apps, root, groups):
    """The portal's workflow, on its home page so every section inherits it,
    approved by the portal's approvers and administrators."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    # The administrators' group name is unique, so the workflow's is too.
    label = groups[ADMIN].name.removeprefix(GROUP_NAMES[ADMIN] + PORTAL_SEPARATOR)
    name = f"{WORKFLOW_NAME}{PORTAL_SEPARATOR}{label}"
    task_name = f"{TASK_NAME}{PORTAL_SEPARATOR}{label}"
    current = WorkflowPage.objects.filter(page_id=root.pk).first()
    if current is not None:
        workflow = Workflow.objects.get(pk=current.workflow_id)
        if workflow.name.startswith(WORKFLOW_NAME + PORTAL_SEPARATOR):
            # Ours, from an earlier run: follow a renamed portal.
            if workflow.name != name:
                workflow.name = name
                workflow.save(update_fields=["name"])
                GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
                GroupApprovalTask.objects.filter(
                    workflow_tasks__workflow_id=workflow.pk
                ).update(name=task_name)
    workflow = create_approval_workflow(
        apps, name, task_name, [groups[APPROVER], groups[ADMIN]]
    )
    WorkflowPage.objects.update_or_create(
        page_id=root.pk, defaults={"workflow": workflow}
    )
    # Sections given the site-wide workflow before the portal had its own
    # now inherit the portal's.
    WorkflowPage.objects.filter(
        page__path__startswith=root.path,
        page__depth__gt=root.depth,
        workflow__name=WORKFLOW_NAME,
    ).delete()
    return workflow
