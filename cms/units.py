"""Administrative units as dated records: the one home of "which agency was it
on that day" (docs/archives.md).

A portal belongs to a unit (its `SiteSettings.unit`). A page names the agency
as it was on the page's date: the portal's unit when the date falls in its
validity, else the unit it came from (before) or became (after) when that is a
single unit; a merged or split unit's neighbours are several, and the
portal's own unit names it then. The names a portal may need are loaded with
the portals' directory (`cms.portals`), so naming costs no query:
`cms.portals.agency_name_for_page(page, day)` for a page.

`import_units` reads the official list from CSV (`read_csv`, then `save_rows`):
every line is checked first; one bad line saves nothing.
"""

import csv
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import LEVELS, AdministrativeUnit, UnitSuccession

COLUMNS = ("code", "name", "level", "valid_from", "valid_to")
LEVEL_CODES = tuple(code for code, _label in LEVELS)


@dataclass(frozen=True)
class Period:
    """An agency name and the days it held (None: open-ended)."""

    valid_from: datetime.date | None
    valid_to: datetime.date | None
    name: str

    def holds(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def periods(units, successions):
    """{unit id: (its period, then a sole predecessor's or successor's)} for
    `units`, from their successions (rows with both ends loaded)."""
    before, after = {}, {}
    for row in successions:
        before.setdefault(row.successor_id, []).append(row.predecessor)
        after.setdefault(row.predecessor_id, []).append(row.successor)
    found = {}
    for unit in units:
        chain = [Period(unit.valid_from, unit.valid_to, unit.agency)]
        for neighbours in (before.get(unit.pk, []), after.get(unit.pk, [])):
            if len(neighbours) == 1:
                other = neighbours[0]
                chain.append(Period(other.valid_from, other.valid_to, other.agency))
        found[unit.pk] = tuple(chain)
    return found


def load_periods(unit_ids):
    """Two queries, whatever the number of portals."""
    units = list(AdministrativeUnit.objects.filter(pk__in=unit_ids))
    successions = UnitSuccession.objects.filter(
        Q(predecessor__in=unit_ids) | Q(successor__in=unit_ids)
    ).select_related("predecessor", "successor")
    return periods(units, successions)


def agency_name_on(portal, day):
    """The agency's name on `day` for a portal (cms.portals.Portal): see the
    module's docstring. Without a unit, or a day, the portal's own name."""
    if portal is None:
        return ""
    if isinstance(day, datetime.datetime):
        # The portal closed on a Vietnamese calendar day: a page published at
        # 00:30 in Hà Nội is still the evening before in UTC.
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    if portal.closed_on is not None and day is not None and day >= portal.closed_on:
        # An archive published nothing after it closed: a page dated later
        # (made or imported since) is still the old agency's.
        day = None
    if day is not None:
        for period in portal.unit_periods:
            if period.holds(day):
                return period.name
    return portal.unit_periods[0].name if portal.unit_periods else portal.name


def history(unit):
    """What `unit` (or its pk) came from and became: [("from" or "into", kind, date,
    [units])], a merge (several into one), a split (one into several) or a
    rename (one into one) told apart. Three queries."""
    unit = getattr(unit, "pk", unit)
    rows = list(
        UnitSuccession.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        .select_related("predecessor", "successor")
        .order_by("date")
    )
    came = [row for row in rows if row.successor_id == unit]
    became = [row for row in rows if row.predecessor_id == unit]
    # How many units merged into each successor, and how many each
    # predecessor split into.
    into = dict(
        UnitSuccession.objects.filter(successor__in=[r.successor_id for r in became])
        .values_list("successor")
        .annotate(count=Count("pk"))
    )
    out = dict(
        UnitSuccession.objects.filter(predecessor__in=[r.predecessor_id for r in came])
        .values_list("predecessor")
        .annotate(count=Count("pk"))
    )
    found = []
    if came:
        if len(came) > 1:
            kind = UnitSuccession.MERGE
        elif out.get(came[0].predecessor_id, 0) > 1:
            kind = UnitSuccession.SPLIT
        else:
            kind = UnitSuccession.RENAME
        found.append(("from", kind, came[0].date, [row.predecessor for row in came]))
    if became:
        if len(became) > 1:
            kind = UnitSuccession.SPLIT
        elif into.get(became[0].successor_id, 0) > 1:
            kind = UnitSuccession.MERGE
        else:
            kind = UnitSuccession.RENAME
        found.append(("into", kind, became[0].date, [row.successor for row in became]))
    return found


class UnitFileError(Exception):
    """The file's lines that cannot be loaded, each 'line N: reason'."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def _date(value, column):
    value = (value or "").strip()
    if not value:
        return None
    for parse in (datetime.date.fromisoformat, _dmy):
        try:
            return parse(value)
        except ValueError:
            continue
    raise ValueError(
        _("%(column)s “%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        % {"column": column, "value": value}
    )


def _dmy(value):
    return datetime.datetime.strptime(value, "%d/%m/%Y").date()


def read_csv(handle):
    """Checked rows [(line number, fields, successor codes)]; raises
    UnitFileError naming every bad line before anything is saved."""
    reader = csv.DictReader(handle)
    header = [name.strip().lstrip("\ufeff") for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise UnitFileError(
            [_("the header lacks: %(columns)s") % {"columns": ", ".join(missing)}]
        )
    reader.fieldnames = header
    rows, problems, seen = [], [], {}
    for row in reader:
        number = reader.line_num
        try:
            rows.append((number, *_checked(row, seen, number)))
        except ValueError as error:
            problems.append(
                _("line %(number)s: %(reason)s") % {"number": number, "reason": error}
            )
    known = {fields["code"] for _number, fields, _codes in rows}
    missing_codes = {
        code for _n, _f, codes in rows for code in codes if code not in known
    }
    stored = set(
        AdministrativeUnit.objects.filter(code__in=missing_codes).values_list(
            "code", flat=True
        )
    )
    for number, fields, codes in rows:
        unknown = [code for code in codes if code not in known and code not in stored]
        if unknown:
            problems.append(
                _("line %(number)s: unknown successor code %(codes)s")
                % {"number": number, "codes": ", ".join(unknown)}
            )
        if codes and fields["valid_to"] is None:
            problems.append(
                _("line %(number)s: a unit with successors needs valid_to")
                % {"number": number}
            )
    if problems:
        raise UnitFileError(sorted(problems, key=_line_number))
    if not rows:
        raise UnitFileError([_("the file has no units in it")])
    return rows


def _line_number(problem):
    digits = "".join(ch for ch in problem.split(":")[0] if ch.isdigit())
    return int(digits or 0)


def _checked(row, seen, number):
    def text(name, limit):
        value = (row.get(name) or "").strip()
        if len(value) > limit:
            raise ValueError(
                _("%(column)s is longer than %(max)s characters")
                % {"column": name, "max": limit}
            )
        return value

    code, name, level = text("code", 20), text("name", 255), text("level", 20)
    if not code:
        raise ValueError(_("code is missing"))
    if not name:
        raise ValueError(_("name is missing"))
    if level not in LEVEL_CODES:
        raise ValueError(
            _("unknown level “%(level)s” (one of: %(levels)s)")
            % {"level": level, "levels": ", ".join(LEVEL_CODES)}
        )
    if code in seen:
        raise ValueError(
            _("the code %(code)s is already on line %(line)s")
            % {"code": code, "line": seen[code]}
        )
    seen[code] = number
    valid_from = _date(row.get("valid_from"), "valid_from")
    valid_to = _date(row.get("valid_to"), "valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise ValueError(_("valid_to is before valid_from"))
    codes = [
        item.strip()
        for item in (row.get("successors") or "").replace(",", ";").split(";")
        if item.strip()
    ]
    if code in codes:
        raise ValueError(_("a unit cannot succeed itself"))
    fields = {
        "code": code,
        "name": name,
        "level": level,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "agency_name": text("agency_name", 255),
    }
    return fields, codes


@transaction.atomic
def save_rows(rows):
    """Create or update every unit, then its successions (the file states a
    predecessor's successors in full): (units, successions) written."""
    units = {}
    for _number, fields, _codes in rows:
        unit, _created = AdministrativeUnit.objects.update_or_create(
            code=fields["code"], defaults=fields
        )
        units[unit.code] = unit
    wanted = {code for _n, _f, codes in rows for code in codes} - set(units)
    units.update(
        {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=wanted)}
    )
    links = 0
    for _number, fields, codes in rows:
        if not codes:
            continue
        predecessor = units[fields["code"]]
        date = fields["valid_to"] + datetime.timedelta(days=1)
        UnitSuccession.objects.filter(predecessor=predecessor).exclude(
            successor__code__in=codes
        ).delete()
        for code in codes:
            UnitSuccession.objects.update_or_create(
                predecessor=predecessor, successor=units[code], defaults={"date": date}
            )
            links += 1
    return len(rows), links


def record_merge(old_units, new_unit, day):
    """`old_units` ended the day before `day` and became `new_unit`."""
    for unit in old_units:
        if unit.valid_to is None or unit.valid_to >= day:
            unit.valid_to = day - datetime.timedelta(days=1)
            unit.save(update_fields=["valid_to"])
        UnitSuccession.objects.update_or_create(
            predecessor=unit, successor=new_unit, defaults={"date": day}
        )
    if new_unit.valid_from is None:
        new_unit.valid_from = day
        new_unit.save(update_fields=["valid_from"])
