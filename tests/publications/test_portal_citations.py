"""On a portal, a citation links into its own register or the province's,
never into another commune's."""

import datetime
import re

import pytest

from tests.factories import NewsArticlePageFactory, PublicationIndexPageFactory

from .conftest import add_document

A = "xa-a.localhost"


def cite(portals, text):
    page = NewsArticlePageFactory(
        parent=portals.news["a"],
        date=datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
    )
    return "/" + page.url_path.removeprefix(portals.homes["a"].url_path)


def links(client, path):
    html = client.get(path, HTTP_HOST=A).content.decode()
    return re.findall(r'<a class="citation" href="([^"]*)">([^<]*)</a>', html)


@pytest.fixture
def registers(portals):
    return {
        key: PublicationIndexPageFactory(parent=home, slug="van-ban")
        for key, home in (
            ("province", portals.province_home),
            ("a", portals.homes["a"]),
            ("b", portals.homes["b"]),
        )
    }


def decision(register, chi_thi, party):
    return add_document(
        register,
        document_type=chi_thi,
        number="15-CT/UBND",
        issuer=party,
        issue_date="2026-01-05",
    )


def test_a_commune_article_links_a_province_document_on_the_provinces_address(
    client, portals, registers, chi_thi, party
):
    document = decision(registers["province"], chi_thi, party)
    path = cite(portals, "Thực hiện Chỉ thị số 15-CT/UBND của tỉnh.")
    [(href, text)] = links(client, path)
    below_root = document.url_path.removeprefix(portals.province_home.url_path)
    assert href == f"http://localhost/{below_root}"
    assert text == "Chỉ thị số 15-CT/UBND"


def test_another_communes_document_is_never_linked(
    client, portals, registers, chi_thi, party
):
    decision(registers["b"], chi_thi, party)
    path = cite(portals, "Thực hiện Chỉ thị số 15-CT/UBND.")
    assert links(client, path) == []


def test_the_communes_own_document_wins_over_the_provinces(
    client, portals, registers, chi_thi, party, committee
):
    decision(registers["province"], chi_thi, party)
    own = decision(registers["a"], chi_thi, committee)
    path = cite(portals, "Thực hiện Chỉ thị số 15-CT/UBND.")
    own_path = "/" + own.url_path.removeprefix(portals.homes["a"].url_path)
    assert links(client, path) == [(own_path, "Chỉ thị số 15-CT/UBND")]


def test_a_province_document_published_later_links_on_communes_at_once(
    client,
    portals,
    registers,
    chi_thi,
    party,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE_SECONDS = 300
    path = cite(portals, "Thực hiện Chỉ thị số 15-CT/UBND.")
    assert links(client, path) == []
    with django_capture_on_commit_callbacks(execute=True):
        decision(registers["province"], chi_thi, party)
    assert len(links(client, path)) == 1
