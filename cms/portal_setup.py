"""Building a portal: what `manage.py create_portal` makes (docs/portals.md).

The core makes the `Site`, its `SiteSettings` and the collection for the
portal's images and files; everything else (the home page, the sections, the
officer groups and the workflow) comes from the apps' `construct_portal`
hooks, run in their `order`, so `cms/` names none of them. Every step finds
what an earlier run made before making anything, so building a portal twice
changes nothing.
"""

import csv
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import Collection, Page, Site

from cms import extensions, portals
from cms.models import AdministrativeUnit, SiteSettings

LEVEL_CODES = [code for code, _label in portals.LEVELS]
# RFC 1123 labels; `*.localhost` names are fine (development).
HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
CSV_COLUMNS = ("hostname", "agency_name", "level", "unit_code")
# Optional CSV columns, each a field of PortalSpec.
CSV_OPTIONAL_COLUMNS = (
    "short_name",
    "port",
    "address",
    "phone",
    "email",
    "colour",
)
# SiteSettings fields filled from the spec when given.
OPTIONAL_SETTINGS = {
    "address": "address",
    "phone": "phone",
    "email": "email",
    "colour": "colour",
}


@dataclass
class PortalSpec:
    """What an IT officer says about one portal."""

    hostname: str
    agency_name: str
    level: str = portals.COMMUNE
    unit_code: str = ""
    port: int = 80
    short_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    colour: str = ""

    def __post_init__(self):
        self.hostname = (self.hostname or "").strip().lower()
        self.agency_name = (self.agency_name or "").strip()
        self.level = (self.level or "").strip() or portals.COMMUNE
        self.unit_code = (self.unit_code or "").strip()
        self.short_name = (self.short_name or "").strip()

    @property
    def key(self):
        """The portal's address as people type it: host, and port unless 80."""
        return self.hostname if self.port == 80 else f"{self.hostname}:{self.port}"

    @property
    def label(self):
        """How officers' groups and the collection name the portal."""
        return self.short_name or self.key

    def problems(self):
        """Why this spec cannot be built (empty when it can)."""
        found = []
        if not HOSTNAME_RE.match(self.hostname):
            found.append(
                _("“%(hostname)s” is not a valid host name.")
                % {"hostname": self.hostname}
            )
        if not self.agency_name:
            found.append(_("the agency name is missing."))
        if self.level not in LEVEL_CODES:
            found.append(
                _("unknown level “%(level)s” (one of: %(levels)s).")
                % {"level": self.level, "levels": ", ".join(LEVEL_CODES)}
            )
        if not 1 <= self.port <= 65535:
            found.append(_("the port must be between 1 and 65535."))
        settings = SiteSettings(
            colour=self.colour, email=self.email, agency_name=self.agency_name
        )
        try:
            settings.clean_fields(
                exclude=[
                    f.name
                    for f in SiteSettings._meta.fields
                    if f.name not in ("colour", "email")
                ]
            )
        except ValidationError as error:
            found.extend(
                f"{name}: {' '.join(messages)}"
                for name, messages in error.message_dict.items()
            )
        return found


@dataclass
class PortalBuild:
    """A portal being built, handed to every `construct_portal` hook.

    `root` is the portal's home page (the first hook that finds none makes
    it), `site` and `collection` are set by the core's own hook; hooks add
    what they made to `made` for the command's report.
    """

    spec: PortalSpec
    site: Site | None = None
    root: Page | None = None
    collection: Collection | None = None
    made: list = field(default_factory=list)

    def section(self, model, slug, title, **fields):
        """The portal's `model` page with `slug` under its home, published
        once when it is first made."""
        existing = model.objects.child_of(self.root).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = self.root.add_child(
            instance=model(slug=slug, title=title, show_in_menus=True, **fields)
        )
        page.save_revision().publish()
        self.made.append(title)
        return page


def find_site(hostname, port=None):
    """The site of a host name (and port, when given) or None."""
    sites = Site.objects.filter(hostname=hostname.strip().lower())
    if port is not None:
        sites = sites.filter(port=port)
    return sites.select_related("root_page").order_by("port").first()


def home_slug(spec):
    """A slug for the portal's home page, unique among the tree's top pages."""
    base = slugify(spec.key.replace(".", "-").replace(":", "-")) or "portal"
    taken = set(
        Page.get_first_root_node()
        .get_children()
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def build(spec):
    """Make (or complete) the portal `spec` describes; returns the build."""
    problems = spec.problems()
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        site = find_site(spec.hostname, spec.port)
        portal = PortalBuild(
            spec=spec, site=site, root=site.root_page if site else None
        )
        extensions.construct_portal(portal)
    return portal


def make_root(portal):
    """A plain page as the portal's root when no app made a home page."""
    spec = portal.spec
    top = Page.get_first_root_node()
    page = top.add_child(instance=Page(title=spec.agency_name, slug=home_slug(spec)))
    page.save_revision().publish()
    return page


def make_site(portal):
    """The `Site`, its settings and its collection: the core's own
    `construct_portal` hook (order 10), after the home page, before sections."""
    spec = portal.spec
    if portal.root is None:
        portal.root = make_root(portal)
    if portal.site is None:
        portal.site = Site.objects.create(
            hostname=spec.hostname,
            port=spec.port,
            root_page=portal.root,
            site_name=spec.agency_name,
            # Never take over the default site; be it when there is none.
            is_default_site=not Site.objects.filter(is_default_site=True).exists(),
        )
        portal.made.append("site")
    values = {"agency_name": spec.agency_name, "level": spec.level}
    # Left out, an optional value keeps what the portal has.
    if spec.unit_code:
        values["unit_code"] = spec.unit_code
        # The dated unit of that code, once `import_units` has loaded it.
        unit = AdministrativeUnit.objects.filter(code=spec.unit_code).first()
        if unit is not None:
            values["unit"] = unit
    if spec.short_name:
        values["agency_short_name"] = spec.short_name
    for name, setting in OPTIONAL_SETTINGS.items():
        if getattr(spec, name):
            values[setting] = getattr(spec, name)
    settings, created = SiteSettings.objects.get_or_create(
        site=portal.site, defaults=values
    )
    changed = [
        name for name, value in values.items() if getattr(settings, name) != value
    ]
    if changed:
        for name in changed:
            setattr(settings, name, values[name])
        settings.save(update_fields=changed)
    portal.collection = portal_collection(spec)
    if settings.collection_id != portal.collection.pk:
        settings.collection = portal.collection
        settings.save(update_fields=["collection"])


def site_key(site):
    return site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"


def collection_for_site(site):
    """The portal's collection: its settings name it; a portal made before
    they did is found by the host name its collection's name ends with."""
    if site.pk:
        named = SiteSettings.objects.filter(site=site).values("collection")[:1]
        found = Collection.objects.filter(pk__in=named).first()
        if found is not None:
            return found
    suffix = f"({site_key(site)})"
    return (
        Collection.get_first_root_node()
        .get_children()
        .filter(name__endswith=suffix)
        .order_by("path")
        .first()
    )


def portal_collection(spec):
    """The collection of the portal's images and files, named "<agency>
    (<host>)"; found again by its host when the agency's name changed."""
    name = f"{spec.short_name or spec.agency_name} ({spec.key})"
    collection = collection_for_site(Site(hostname=spec.hostname, port=spec.port))
    if collection is None:
        return Collection.get_first_root_node().add_child(name=name)
    if collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    return collection


def read_csv(handle):
    """(line number, PortalSpec or error message) for every row of a CSV file.

    The header must name at least `CSV_COLUMNS`; the optional columns
    (`CSV_OPTIONAL_COLUMNS`) may follow in any order.
    """
    reader = csv.DictReader(handle)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise ValueError(
            _("the header lacks the column(s) %(columns)s; expected %(header)s.")
            % {"columns": ", ".join(missing), "header": ",".join(CSV_COLUMNS)}
        )
    reader.fieldnames = header
    seen = {}
    for row in reader:
        line = reader.line_num
        values = {
            name: (row.get(name) or "").strip()
            for name in CSV_COLUMNS + CSV_OPTIONAL_COLUMNS
            if name in header
        }
        try:
            values["port"] = int(values.get("port") or 80)
        except ValueError:
            yield (
                line,
                _("the port “%(port)s” is not a number.") % {"port": values["port"]},
            )
            continue
        spec = PortalSpec(**values)
        problems = spec.problems()
        if spec.key in seen:
            problems.append(
                _("the host name %(host)s is already on line %(line)s.")
                % {"host": spec.key, "line": seen[spec.key]}
            )
        else:
            seen[spec.key] = line
        yield line, (" ".join(problems) if problems else spec)
