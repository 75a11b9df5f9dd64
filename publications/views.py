"""The register's CSV export."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .status import Status

CSV_CHUNK = 500
# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


class _Echo:
    def write(self, value):
        return value


def csv_rows(index, request, documents):
    yield [
        _("Number and symbol"),
        _("Document type"),
        _("Issue date"),
        _("Effective date"),
        _("Expiry date"),
        _("Issuing body"),
        _("Sector"),
        _("Signer"),
        _("Abstract"),
        _("Status"),
        _("Link"),
    ]
    base = request.build_absolute_uri(index.get_url(request=request))
    index_path = index.url_path
    for document in documents.iterator(chunk_size=CSV_CHUNK):
        yield [
            safe_cell(value)
            for value in (
                document.number,
                document.document_type.name,
                _date(document.issue_date),
                _date(document.effective_date),
                _date(document.expiry_date),
                document.issuer.name,
                document.sector.name if document.sector_id else "",
                signer_name(document),
                document.abstract,
                Status(document.derived_status).label,
                base + document.url_path[len(index_path) :],
            )
        ]


def signer_name(document):
    if document.signer_name:
        return document.signer_name
    signer = document.signer
    return signer.title if signer is not None and signer.live else ""


def csv_response(index, request, documents):
    """The filtered list as UTF-8 CSV with a BOM, so Excel shows Vietnamese."""
    writer = csv.writer(_Echo())
    documents = documents.select_related("signer")
    rows = (writer.writerow(row) for row in csv_rows(index, request, documents))
    response = StreamingHttpResponse(
        _with_bom(rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="van-ban-{stamp}.csv"'
    return response


def _with_bom(rows):
    yield "\ufeff"
    yield from rows
