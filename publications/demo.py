"""Demo register: catalogues, an index and documents, found again by slug;
then paragraphs citing them in a few demo articles."""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.models import Organization

from . import demo_data
from .models import (
    DocumentType,
    PublicationFile,
    PublicationIndexPage,
    PublicationPage,
    PublicationRelation,
    Sector,
)
from .numbers import folded_words

INDEX_SLUG = "van-ban"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def pdf_bytes(text):
    """A one-page PDF naming the document; built by hand, nothing downloaded."""
    words = " ".join(folded_words(text))[:90]
    stream = f"BT /F1 14 Tf 60 760 Td ({words}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _file(title, slug):
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing:
        return existing
    document = model(title=title)
    content = pdf_bytes(title)
    document.file.save(f"{slug}.pdf", ContentFile(content), save=False)
    document.file_size = len(content)
    document.save()
    return document


def load(stdout):
    home = Site.objects.get(is_default_site=True).root_page.specific
    types = {
        slug: DocumentType.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )[0]
        for slug, name, order in demo_data.DOCUMENT_TYPES
    }
    sectors = {
        slug: Sector.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )[0]
        for slug, name, order in demo_data.SECTORS
    }
    organizations = {o.slug: o for o in Organization.objects.all()}
    index = PublicationIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = home.add_child(
            instance=PublicationIndexPage(
                slug=INDEX_SLUG,
                title="Văn bản",
                show_in_menus=True,
                intro="Văn bản chỉ đạo, điều hành của các cơ quan xã Hòa Bình.",
            )
        )
        index.save_revision().publish()
    pages = {}
    created = 0
    for row in demo_data.DOCUMENTS:
        key, type_slug, number, issuer, issued, effective, expiry = row[:7]
        sector, (signer_slug, signer_title), abstract, relations = row[7:]
        slug = f"{type_slug}-{'-'.join(folded_words(number))}"
        page = PublicationPage.objects.child_of(index).filter(slug=slug).first()
        if page is None:
            kind = types[type_slug]
            signer = (
                Page.objects.filter(slug=signer_slug).first() if signer_slug else None
            )
            page = PublicationPage(
                slug=slug,
                title=f"{kind.name} số {number}",
                document_type=kind,
                number=number,
                issuer=organizations[issuer],
                issue_date=_date(issued),
                effective_date=_date(effective),
                expiry_date=_date(expiry),
                sector=sectors[sector],
                signer=signer,
                signer_name="" if signer else "Nguyễn Văn Bình",
                signer_title=signer_title,
                abstract=abstract,
            )
            page.files = [
                PublicationFile(
                    document=_file(f"{kind.name} {number}", slug),
                )
            ]
            page.relations = [
                PublicationRelation(kind=kind_, target=pages[target])
                for kind_, target in relations
            ]
            index.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        pages[key] = page
    stdout.write(f"Documents register: {created} documents added.")
    _cite_in_articles(home, stdout)


def _cite_in_articles(home, stdout):
    """Give a few demo articles a paragraph citing the register.

    The articles are found by slug among the site's pages, not through news'
    models, so publications/ does not depend on news/; a paragraph already
    there is not added twice.
    """
    cited = 0
    for slug, text in demo_data.CITING_PARAGRAPHS:
        page = Page.objects.descendant_of(home).filter(slug=slug).first()
        page = page and page.specific
        body = getattr(page, "body", None)
        html = f"<p>{text}</p>"
        if body is None or any(
            getattr(block.value, "source", None) == html for block in body
        ):
            continue
        # After the lead paragraph, where an officer would cite the document.
        body.insert(1, ("paragraph", RichText(html)))
        page.save_revision().publish()
        cited += 1
    stdout.write(f"Documents register: {cited} articles now cite documents.")


load.order = 25
