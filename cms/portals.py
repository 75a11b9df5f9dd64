"""Portals: one installation serves a province's portal and its communes'.

A portal is a Wagtail `Site` (host name, port, root page) with its
`SiteSettings` (agency, level, unit code, colour). This module is the one
place that answers, for every route and cache:

- which portal a host name or a page belongs to (`for_host`, `for_page`),
- a portal's public address (`base_url`): its `Site` record, so canonical
  links, feeds, the sitemap and the API of each portal name that portal;
  `BASE_URL` is only the fallback when no site is known,
- which portal is the province's (`province`): the one place that looks
  across portals (province-wide search, "Tin cơ sở", reports).

The directory of portals is read from the database once per portals'
version (cms/caching.py renews it when a site or its settings change, or
pages move) and kept in the shared cache for the other workers, so finding
the portal of a request or of a page costs no query, even in a worker
started while the database does not answer.
"""

import datetime
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db.models import F
from django.http.request import split_domain_port

from wagtail.models import Site

from cms import models, units
from cms.models import SiteSettings

# The levels a portal's unit can have (stored in its SiteSettings).
LEVELS = models.LEVELS
PROVINCE, COMMUNE, WARD, SPECIAL_ZONE, DISTRICT = (code for code, _label in LEVELS)
# Renewed by cms/caching.py when a site or its settings change or pages move.
PORTALS_KEY = "content:portals"
# How long the shared cache keeps a version's portals: a new version makes
# them dead at once; this only bounds what a dead one occupies.
DIRECTORY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Portal:
    site_id: int
    hostname: str
    port: int
    is_default: bool
    root_page_id: int
    # The root page's tree path (treebeard) and URL path, to place pages.
    root_path: str
    root_url_path: str
    base_url: str
    name: str
    short_name: str
    level: str
    unit_code: str
    # The tree path of the portal's collection of images and files, or "".
    collection_path: str = ""
    # Archives (docs/archives.md): the day it closed and the portal that
    # took over, as site ids.
    closed_on: datetime.date | None = None
    successor_site_id: int | None = None
    unit_id: int | None = None
    # The agency's names by date (cms/units.py), the portal's own unit first.
    unit_periods: tuple = ()

    @property
    def is_archive(self):
        return self.closed_on is not None

    @property
    def label(self):
        return self.short_name or self.name or self.hostname


def _read_portals():
    """Every portal, read from the database in two queries (two more when
    portals belong to administrative units)."""
    found = {
        row["site_id"]: row
        for row in SiteSettings.objects.values(
            "site_id",
            "agency_name",
            "agency_short_name",
            "level",
            "unit_code",
            "collection__path",
            "unit_id",
            "closed_on",
            "successor_id",
        )
    }
    unit_ids = {row["unit_id"] for row in found.values() if row["unit_id"]}
    named = units.load_periods(unit_ids) if unit_ids else {}
    portals = []
    for site in Site.objects.annotate(
        root_path=F("root_page__path"), root_url_path=F("root_page__url_path")
    ).order_by("pk"):
        row = found.get(site.pk, {})
        portals.append(
            Portal(
                site_id=site.pk,
                hostname=site.hostname,
                port=site.port,
                is_default=site.is_default_site,
                root_page_id=site.root_page_id,
                root_path=site.root_path,
                root_url_path=site.root_url_path,
                base_url=site.root_url,
                name=row.get("agency_name") or site.site_name or site.hostname,
                short_name=row.get("agency_short_name") or "",
                level=row.get("level") or "",
                unit_code=row.get("unit_code") or "",
                collection_path=row.get("collection__path") or "",
                closed_on=row.get("closed_on"),
                successor_site_id=row.get("successor_id"),
                unit_id=row.get("unit_id"),
                unit_periods=named.get(row.get("unit_id"), ()),
            )
        )
    return portals


class Directory:
    """Every portal, looked up without a query."""

    def __init__(self, token, portals):
        self.token = token
        self.portals = portals
        self.by_id = {portal.site_id: portal for portal in portals}
        # Deepest root first: a portal whose root lies inside another's tree
        # owns its own pages.
        self.by_depth = sorted(portals, key=lambda p: len(p.root_path), reverse=True)

    def for_host(self, hostname, port):
        """The portal Wagtail's `Site.find_for_request` would choose."""
        exact = default_same_host = default = None
        same_host = []
        for portal in self.portals:
            if portal.hostname == hostname:
                if portal.port == port:
                    exact = portal
                same_host.append(portal)
                if portal.is_default:
                    default_same_host = portal
            if portal.is_default:
                default = portal
        if exact or default_same_host:
            return exact or default_same_host
        if len(same_host) == 1:
            return same_host[0]
        return default

    def for_path(self, path):
        for portal in self.by_depth:
            if path.startswith(portal.root_path):
                return portal
        return None

    def province(self):
        provinces = [p for p in self.portals if p.level == PROVINCE]
        if provinces:
            return provinces[0]
        return next((p for p in self.portals if p.is_default), None)


_lock = threading.Lock()
_directory = None
# The portals' token for the request this thread serves, once read (by the
# first look-up, or by cms/caching.read_version with the content version):
# every later look-up in the request uses it instead of another shared-cache
# read, and sees one directory throughout. Only set between request_started
# and request_finished, so a command or a timer thread always reads afresh.
_serving = threading.local()


def _request_started(**kwargs):
    _serving.active, _serving.token = True, None


def _request_finished(**kwargs):
    _serving.active, _serving.token = False, None


request_started.connect(_request_started, dispatch_uid="portals-request-started")
request_finished.connect(_request_finished, dispatch_uid="portals-request-finished")


def settle(token):
    """Use `token` for the rest of the request being served (if any)."""
    if getattr(_serving, "active", False):
        _serving.token = token


def unsettle():
    """This process changed the portals: the next look-up reads the new
    token."""
    _serving.token = None


def directory(token=None):
    """The directory for the portals' version `token` (by default the
    request's, read once per request)."""
    global _directory
    if token is None:
        token = getattr(_serving, "token", None)
        if token is None:
            token = portals_version()
            settle(token)
    current = _directory
    if current is None or token is None or current.token != token:
        current = Directory(token, _portals_of_version(token))
        if token is not None:
            with _lock:
                _directory = current
    return current


def _portals_of_version(token):
    """The portals as they were when `token` was set: from the shared cache,
    where the first process that read them keeps them, else from the
    database. A worker started while PostgreSQL does not answer can so still
    tell which portal a request is for, and serve its page from the page
    cache. Read after the token, so rows newer than it can only be kept under
    a token already dead."""
    store = caches[settings.SHARED_CACHE_ALIAS]
    key = f"{PORTALS_KEY}:{token}"
    portals = store.get(key) if token is not None else None
    if portals is None:
        portals = _read_portals()
        if token is not None:
            store.set(key, portals, DIRECTORY_SECONDS)
    return portals


def portals_version():
    """The token the directory is kept under; None while the cache fails."""
    store = caches[settings.SHARED_CACHE_ALIAS]
    token = store.get(PORTALS_KEY)
    if token is None:
        # A flush lost it: another process may set it first, and its wins.
        store.add(PORTALS_KEY, uuid.uuid4().hex, None)
        token = store.get(PORTALS_KEY)
    return token


def reshapes(instance):
    """Whether a saved or deleted row changes the directory: a site, the
    settings that name and rank a portal, or the units that name it by date."""
    return isinstance(
        instance,
        Site | SiteSettings | models.AdministrativeUnit | models.UnitSuccession,
    )


def directory_if_loaded():
    """This worker's directory, perhaps of an older version (callers check
    its token), without reading the cache."""
    return _directory


def host_and_port(request):
    hostname, port = split_domain_port(request.get_host())
    try:
        port = int(port or request.get_port())
    except (TypeError, ValueError):
        port = 80
    return hostname, port


def for_request(request):
    """The request's portal, as Wagtail's routing finds its site."""
    return directory().for_host(*host_and_port(request))


def for_site(site):
    return directory().by_id.get(getattr(site, "pk", site))


def for_page(page):
    """The portal a page belongs to (its site's root is an ancestor), or None
    for a page outside every portal."""
    return directory().for_path(page.path)


def agency_name_for_page(page, day):
    """The agency that published `page`, named as it was on `day` (the
    page's date; cms/units.py)."""
    return units.agency_name_on(for_page(page), day)


def successor(portal):
    """The portal that took over an archive, or None."""
    if portal is None or portal.successor_site_id is None:
        return None
    return directory().by_id.get(portal.successor_site_id)


def predecessors(portal):
    """The archives whose successor is `portal` (search across time)."""
    return [p for p in directory().portals if p.successor_site_id == portal.site_id]


def province():
    return directory().province()


def all_portals():
    return directory().portals


# The national portals every agency's portal links to (Decree 42/2022/NĐ-CP
# on online public information and services).
STATE_PORTALS = (
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
)


def state_portal_links(request):
    """(name, URL) of the national portals and, on a commune's or ward's
    portal, of its province's: from the directory, no query."""
    links = list(STATE_PORTALS)
    here = for_request(request) if request is not None else None
    above = province()
    if above is not None and here is not None and above.site_id != here.site_id:
        links.insert(1, (above.name, above.base_url + "/"))
    return links


def base_url(portal=None):
    """A portal's public address without a trailing slash: its `Site` record
    (http://host:port, or https for port 443), else BASE_URL. Takes a Portal,
    a Site or a site id."""
    if portal is not None and not isinstance(portal, Portal):
        portal = for_site(portal)
    if portal is not None:
        return portal.base_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def request_base_url(request):
    """The address of the portal that answers this request."""
    return base_url(for_request(request) if request is not None else None)
