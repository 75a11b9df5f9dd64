import datetime

import pytest

from publications.models import PublicationPage, PublicationRelation, RelationKind
from publications.status import Status, derive_status, with_status
from tests.conftest import restrict

from .conftest import add_document

D = datetime.date
ISSUED = D(2025, 1, 10)
EFFECTIVE = D(2025, 2, 1)
EXPIRY = D(2025, 12, 31)
REPLACED_FROM = D(2025, 6, 1)


def sql_status(page, day):
    return (
        with_status(PublicationPage.objects.filter(pk=page.pk), day)
        .values_list("derived_status", flat=True)
        .get()
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (EFFECTIVE - datetime.timedelta(days=1), Status.NOT_YET_IN_FORCE),
        (EFFECTIVE, Status.IN_FORCE),
        (EXPIRY - datetime.timedelta(days=1), Status.IN_FORCE),
        (EXPIRY, Status.EXPIRED),
        (EXPIRY + datetime.timedelta(days=1), Status.EXPIRED),
    ],
)
def test_status_follows_effective_and_expiry_dates_at_each_boundary(
    register, day, expected
):
    page = add_document(
        register, issue_date=ISSUED, effective_date=EFFECTIVE, expiry_date=EXPIRY
    )
    assert page.status_on(day) == expected
    assert sql_status(page, day) == expected


def test_document_without_effective_date_is_in_force_from_its_issue_date(register):
    page = add_document(register, issue_date=ISSUED)
    assert page.effective_date == ISSUED
    assert page.status_on(ISSUED - datetime.timedelta(days=1)) == (
        Status.NOT_YET_IN_FORCE
    )
    assert page.status_on(ISSUED) == Status.IN_FORCE
    assert sql_status(page, ISSUED) == Status.IN_FORCE


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (REPLACED_FROM - datetime.timedelta(days=1), Status.IN_FORCE),
        (REPLACED_FROM, Status.REPLACED),
        # Replaced wins over expired: it says where the rules went.
        (EXPIRY, Status.REPLACED),
    ],
)
def test_document_is_replaced_from_the_replacements_effective_date(
    register, day, expected
):
    old = add_document(
        register, issue_date=ISSUED, effective_date=EFFECTIVE, expiry_date=EXPIRY
    )
    new = add_document(
        register, issue_date=D(2025, 5, 20), effective_date=REPLACED_FROM
    )
    PublicationRelation.objects.create(page=new, target=old, kind=RelationKind.REPLACES)
    assert old.status_on(day) == expected
    assert sql_status(old, day) == expected


@pytest.mark.parametrize("hide", ["draft", "private"])
def test_a_draft_or_private_replacement_does_not_replace(register, hide):
    old = add_document(register, issue_date=ISSUED)
    new = add_document(register, issue_date=D(2025, 5, 20))
    PublicationRelation.objects.create(page=new, target=old, kind=RelationKind.REPLACES)
    if hide == "draft":
        new.unpublish()
    else:
        restrict(new)
    day = D(2026, 1, 1)
    assert old.status_on(day) == Status.IN_FORCE
    assert sql_status(old, day) == Status.IN_FORCE


def test_amending_does_not_change_the_status_of_the_amended_document(register):
    old = add_document(register, issue_date=ISSUED)
    new = add_document(register, issue_date=D(2025, 5, 20))
    PublicationRelation.objects.create(page=new, target=old, kind=RelationKind.AMENDS)
    assert old.status_on(D(2026, 1, 1)) == Status.IN_FORCE


def test_derive_status_needs_no_database():
    assert derive_status(D(2025, 1, 1), None, None, []) == Status.IN_FORCE
