import datetime
import re

from django.utils import translation

from publications.models import PublicationFile, PublicationRelation, RelationKind
from tests.conftest import restrict
from tests.factories import OrganizationFactory, PublicationPageFactory

from .conftest import add_document


def relation_lines(html):
    section = html.split('class="publication-relations"')[1].split("</section>")[0]
    return [
        re.sub(r"<[^>]+>", "", item).split(" — ")[0]
        for item in re.findall(r"<li>(.*?)</li>", section, re.S)
    ]


def test_relation_shows_on_both_documents(client, register, chi_thi, cong_van):
    directive = add_document(register, document_type=chi_thi, number="22-CT/TU")
    plan = add_document(register, document_type=cong_van, number="15-KH/TU")
    PublicationRelation.objects.create(
        page=plan, target=directive, kind=RelationKind.GUIDES
    )
    with translation.override("en"):
        plan_html = client.get(plan.url).content.decode()
        directive_html = client.get(directive.url).content.decode()
    assert relation_lines(plan_html) == [
        "Guides the implementation of: Chỉ thị 22-CT/TU"
    ]
    assert relation_lines(directive_html) == ["Is guided by: Công văn 15-KH/TU"]


def test_each_relation_kind_reads_both_ways(register):
    source = add_document(register)
    labels = {}
    for kind in RelationKind:
        target = add_document(register)
        PublicationRelation.objects.create(page=source, target=target, kind=kind)
        with translation.override("en"):
            labels[kind] = (
                [str(label) for label, _doc in source.public_relations()][-1],
                [str(label) for label, _doc in target.public_relations()],
            )
    assert labels == {
        RelationKind.AMENDS: ("amends", ["is amended by"]),
        RelationKind.REPLACES: ("replaces", ["is replaced by"]),
        RelationKind.GUIDES: ("guides the implementation of", ["is guided by"]),
        RelationKind.BASED_ON: ("is based on", ["is the basis of"]),
    }


def test_draft_and_private_related_documents_are_not_shown(client, register):
    page = add_document(register)
    draft = add_document(register, number="1-DRAFT", live=False)
    private = add_document(register, number="2-PRIVATE")
    restrict(private)
    PublicationRelation.objects.create(page=page, target=draft, kind="amends")
    PublicationRelation.objects.create(page=private, target=page, kind="replaces")
    html = client.get(page.url).content.decode()
    assert "1-DRAFT" not in html
    assert "2-PRIVATE" not in html
    assert 'class="publication-relations"' not in html


def test_page_shows_metadata_and_files(client, register, document, official_index):
    from tests.factories import OfficialPageFactory

    signer = OfficialPageFactory(parent=official_index, title="Nguyễn Văn An")
    issuer = OrganizationFactory(name="Đảng ủy xã Hòa Bình")
    page = add_document(
        register,
        number="22-CT/TU",
        issuer=issuer,
        issue_date=datetime.date(2017, 4, 3),
        signer=signer,
        signer_title="Bí thư",
        abstract="Về tăng cường công tác dân vận",
    )
    PublicationFile.objects.create(page=page, document=document, label="Toàn văn")
    html = client.get(page.url).content.decode()
    assert "22-CT/TU" in html
    assert "Đảng ủy xã Hòa Bình" in html
    assert "03/04/2017" in html
    assert f'href="{signer.url}"' in html
    assert "Về tăng cường công tác dân vận" in html
    assert f'href="{document.url}">Toàn văn</a>' in html


def test_draft_document_page_is_not_served(client, register):
    page = PublicationPageFactory(parent=register, live=False)
    assert client.get(f"{register.url}{page.slug}/").status_code == 404
