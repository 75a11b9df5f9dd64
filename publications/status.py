"""A document's status, derived from its dates and replacements, never typed.

On a given day a document is:

- not yet in force before its effective date;
- replaced from the effective date of a live, public document replacing it;
- expired from its expiry date (the first day it no longer applies);
- in force otherwise.

`derive_status` says it for one document in Python; `with_status` says the
same in SQL for a whole listing, so filters and tables cost no extra query.
Both read the replacing relations from the documents' model
(`replacements()`), so this module imports no model of its own app.
"""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ANNOTATION = "derived_status"


class Status(models.TextChoices):
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    REPLACED = "replaced", _("Replaced")


def derive_status(day, effective_date, expiry_date, replacement_dates):
    if effective_date and day < effective_date:
        return Status.NOT_YET_IN_FORCE
    if any(date <= day for date in replacement_dates):
        return Status.REPLACED
    if expiry_date and day >= expiry_date:
        return Status.EXPIRED
    return Status.IN_FORCE


def public_replacements(page):
    """Effective dates of the live, public documents that replace `page`."""
    if page.pk is None:
        return []
    return list(
        type(page)
        .replacements()
        .filter(target=page)
        .values_list("page__effective_date", flat=True)
    )


def with_status(queryset, day=None):
    """The queryset with each document's status as `derived_status`."""
    if ANNOTATION in queryset.query.annotations:
        return queryset
    day = day or timezone.localdate()
    replaced = Exists(
        queryset.model.replacements().filter(
            target=OuterRef("pk"), page__effective_date__lte=day
        )
    )
    return queryset.annotate(
        **{
            ANNOTATION: Case(
                When(effective_date__gt=day, then=Value(Status.NOT_YET_IN_FORCE)),
                When(replaced, then=Value(Status.REPLACED)),
                When(
                    Q(expiry_date__isnull=False, expiry_date__lte=day),
                    then=Value(Status.EXPIRED),
                ),
                default=Value(Status.IN_FORCE),
                output_field=models.CharField(),
            )
        }
    )
