"""The register's filters, shared by the index page, its CSV and the API.

Values come from people and bots typing URLs: a value that names nothing is
ignored on the page (the API answers 400 instead), never a 500.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q

from cms.params import int_param

from .numbers import folded_words, number_base, number_key
from .status import ANNOTATION, Status, with_status

MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_WORDS = 8


def apply_year(queryset, value):
    year = int_param(value, MIN_YEAR, MAX_YEAR)
    if year is None:
        raise ValueError("year must be a year such as 2024")
    return queryset.filter(issue_date__year=year)


def apply_status(queryset, value):
    if value not in Status.values:
        raise ValueError("status must be one of: " + ", ".join(Status.values))
    return with_status(queryset).filter(**{ANNOTATION: value})


def number_q(text):
    """Documents whose number is `text` however it is typed, or None.

    A bare number ("22", "06") matches every symbol; one with a symbol
    ("22-CT/TU", "22 ct tu") only that symbol.
    """
    key = number_key(text)
    base = number_base(text)
    if not key:
        return None
    if key == base:
        return Q(number_base=base)
    return Q(number_key=key)


def apply_number(queryset, value):
    condition = number_q(value)
    if condition is None:
        raise ValueError("number must contain letters or digits")
    return queryset.filter(condition)


def search_q(text):
    """Every typed word in the document's words, or the compact number.

    "chi thi 22", "22 CT TU" and "22-CT/TU" all find Chỉ thị 22-CT/TU; a
    number must match whole ("22" does not find 220), other words by their
    start, so "trien kh" finds "triển khai".
    """
    text = str(text or "")[: settings.SEARCH_MAX_LENGTH]
    words = folded_words(text)[:MAX_WORDS]
    if not words:
        return None
    condition = Q()
    for word in words:
        if word.isdigit():
            condition &= Q(search_text__contains=f" {word} ") | Q(
                number_base=str(int(word))
            )
        else:
            condition &= Q(search_text__contains=f" {word}")
    key = number_key(text)
    if any(ch.isdigit() for ch in key) and not key.isdigit():
        condition |= Q(number_key__startswith=key)
    return condition


@dataclass
class Choices:
    """What the filter form offers, loaded once per request."""

    types: list
    issuers: list
    sectors: list
    years: list


def _pick(items, slug):
    slug = str(slug or "").strip()
    return next((item for item in items if slug and item.slug == slug), None)


@dataclass
class DocumentFilters:
    document_type: object = None
    issuer: object = None
    sector: object = None
    year: int | None = None
    status: str = ""
    query: str = ""
    params: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, params, choices):
        status = str(params.get("status", "")).strip()
        year = int_param(params.get("year"), MIN_YEAR, MAX_YEAR)
        query = str(params.get("q", "")).replace("\x00", " ").strip()
        filters = cls(
            document_type=_pick(choices.types, params.get("type")),
            issuer=_pick(choices.issuers, params.get("issuer")),
            sector=_pick(choices.sectors, params.get("sector")),
            year=year,
            status=status if status in Status.values else "",
            query=query[: settings.SEARCH_MAX_LENGTH],
        )
        filters.params = {
            name: value
            for name, value in (
                ("type", getattr(filters.document_type, "slug", "")),
                ("issuer", getattr(filters.issuer, "slug", "")),
                ("sector", getattr(filters.sector, "slug", "")),
                ("year", filters.year or ""),
                ("status", filters.status),
                ("q", filters.query),
            )
            if value
        }
        return filters

    def apply(self, documents):
        if self.document_type is not None:
            documents = documents.filter(document_type=self.document_type)
        if self.issuer is not None:
            documents = documents.filter(issuer=self.issuer)
        if self.sector is not None:
            documents = documents.filter(sector=self.sector)
        if self.year:
            documents = documents.filter(issue_date__year=self.year)
        if self.status:
            documents = apply_status(documents, self.status)
        condition = search_q(self.query)
        if condition is not None:
            documents = documents.filter(condition)
        return documents

    @property
    def active(self):
        return bool(self.params)

    def query_string(self):
        return urlencode(self.params)
