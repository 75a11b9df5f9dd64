"""The officers' report (wagtail-modeladmin): daily figures per portal and
per page, a date range filter, and CSV/XLSX export of what is filtered. Each
officer sees the portals stats/access.py allows, never another's; the report
of every portal (stats/report.py) sits in the same menu."""

import datetime

from django.contrib.admin import FieldListFilter, display
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.menu import MenuItem

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from cms import portals
from cms.modeladmin import ExportIndexView

from .access import sees_every_portal, visible_portals
from .models import DailyPageStat, DailySiteStat
from .report import may_read

DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(value):
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


class DateRangeFilter(FieldListFilter):
    """From/to dates (inclusive); a date that cannot be read is reported and
    ignored rather than failing the page."""

    template = "stats/admin/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.since_param = f"{field_path}__gte"
        self.until_param = f"{field_path}__lte"
        self.other_params = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in (self.since_param, self.until_param, "p")
            for value in values
        ]
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("date range")
        self.raw = {
            name: self._last(self.used_parameters.get(name, ""))
            for name in (self.since_param, self.until_param)
        }
        self.dates = {name: parse_date(raw) for name, raw in self.raw.items() if raw}
        self.invalid = any(date is None for date in self.dates.values())

    @staticmethod
    def _last(value):
        if isinstance(value, list):
            return value[-1] if value else ""
        return value

    def expected_parameters(self):
        return [self.since_param, self.until_param]

    def choices(self, changelist):
        return []

    def queryset(self, request, queryset):
        since = self.dates.get(self.since_param)
        until = self.dates.get(self.until_param)
        if since:
            queryset = queryset.filter(**{self.since_param: since})
        if until:
            queryset = queryset.filter(**{self.until_param: until})
        return queryset

    @property
    def since_value(self):
        date = self.dates.get(self.since_param)
        return date.isoformat() if date else ""

    @property
    def until_value(self):
        date = self.dates.get(self.until_param)
        return date.isoformat() if date else ""


class ReadOnlyPermissionHelper(PermissionHelper):
    """Figures come from counting only: nobody adds, edits or deletes them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class DailySiteStatAdmin(ModelAdmin):
    model = DailySiteStat
    menu_label = _("Portals, per day")
    menu_icon = "date"
    list_display = ("date", "portal", "visits", "views")
    list_filter = (("date", DateRangeFilter),)
    list_export = ("date", "site", "visits", "views")
    list_select_related = ("site",)
    export_filename = "thong-ke-truy-cap"
    index_view_class = ExportIndexView
    list_per_page = 50
    inspect_view_enabled = False
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_every_portal(request.user):
            return queryset
        ids = [portal.site_id for portal in visible_portals(request.user)]
        return queryset.filter(site_id__in=ids)

    @display(description=_("portal"))
    def portal(self, obj):
        portal = portals.for_site(obj.site_id)
        return portal.label if portal else obj.site_id


class DailyPageStatAdmin(ModelAdmin):
    model = DailyPageStat
    menu_label = _("Pages, per day")
    menu_icon = "doc-full"
    list_display = ("date", "page", "views")
    list_filter = (("date", DateRangeFilter),)
    list_export = ("date", "page_id", "page", "views")
    export_filename = "thong-ke-trang"
    index_view_class = ExportIndexView
    list_select_related = ("page",)
    search_fields = ("page__title",)
    list_per_page = 50
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_every_portal(request.user):
            return queryset
        within = Q(pk__in=[])
        for portal in visible_portals(request.user):
            within |= Q(page__path__startswith=portal.root_path)
        return queryset.filter(within)


class PortalsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read(request.user)


class StatsAdminGroup(ModelAdminGroup):
    # The sidebar cuts longer labels ("Thống kê truy …").
    menu_label = pgettext_lazy("admin menu", "Visit statistics")
    menu_icon = "view"
    menu_order = 900
    items = (DailySiteStatAdmin, DailyPageStatAdmin)

    def get_submenu_items(self):
        return [
            PortalsReportMenuItem(
                _("Every portal"),
                reverse("stats_portals_report"),
                icon_name="list-ul",
                order=0,
            ),
            *super().get_submenu_items(),
        ]
