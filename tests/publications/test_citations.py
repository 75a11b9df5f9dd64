import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from cms import caching
from publications.citations import (
    AMBIGUOUS,
    LINKED,
    UNKNOWN,
    CitationLinker,
    citing_date,
    find_citations,
)
from tests.conftest import restrict
from tests.factories import NewsArticlePageFactory, PublicationIndexPageFactory

from .conftest import add_document


def article(news_index, *paragraphs, date="2026-06-01"):
    return NewsArticlePageFactory(
        parent=news_index,
        date=datetime.datetime.fromisoformat(f"{date}T09:00:00+07:00"),
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs],
    )


def citation_links(client, page):
    html = client.get(page.url).content.decode()
    return re.findall(r'<a class="citation" href="([^"]*)">([^<]*)</a>', html)


@pytest.fixture
def ct22(register, chi_thi, party):
    return add_document(
        register,
        document_type=chi_thi,
        number="22-CT/TU",
        issuer=party,
        issue_date="2017-04-03",
    )


def test_exact_citation_links_to_the_document(client, news_index, ct22):
    page = article(
        news_index,
        "Thực hiện Chỉ thị số 22 ngày 3/4/2017 của Ban Thường vụ Tỉnh ủy, xã đã...",
    )
    assert citation_links(client, page) == [(ct22.url, "Chỉ thị số 22 ngày 3/4/2017")]


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ thị số 22-CT/TU",
        "chỉ thị số 22",
        "Chỉ thị 22-CT/TU",
        "Chỉ thị số 22/CT-TU",
        "Chỉ thị số 22 ngày 03 tháng 4 năm 2017",
        "Chỉ thị số&nbsp;22",
    ],
)
def test_citation_variants_link(client, news_index, ct22, text):
    page = article(news_index, f"Theo {text}, các cơ quan triển khai.")
    assert [url for url, _text in citation_links(client, page)] == [ct22.url]


def test_ambiguous_citation_stays_plain_text(
    client, register, news_index, cong_van, party, committee
):
    add_document(register, document_type=cong_van, number="492-CV/HU", issuer=party)
    add_document(
        register, document_type=cong_van, number="492/UBND-VP", issuer=committee
    )
    page = article(news_index, "Thực hiện Công văn số 492 của Huyện ủy.")
    html = client.get(page.url).content.decode()
    assert citation_links(client, page) == []
    assert "Thực hiện Công văn số 492 của Huyện ủy." in html


def test_symbol_picks_one_of_several_documents_with_the_same_number(
    client, register, news_index, nghi_quyet, party, committee
):
    wanted = add_document(
        register, document_type=nghi_quyet, number="06-NQ/TU", issuer=party
    )
    add_document(
        register, document_type=nghi_quyet, number="06/NQ-HĐND", issuer=committee
    )
    page = article(news_index, "Quán triệt Nghị quyết số 06-NQ/TU.")
    assert citation_links(client, page) == [(wanted.url, "Nghị quyết số 06-NQ/TU")]


def test_unknown_citation_and_other_types_stay_plain_text(client, news_index, ct22):
    page = article(
        news_index,
        "Theo Nghị quyết số 99 và Công văn số 22 (không phải Chỉ thị), năm 2017.",
    )
    assert citation_links(client, page) == []


def test_date_picks_the_document_among_same_numbers(
    client, register, news_index, nghi_quyet, party
):
    add_document(
        register,
        document_type=nghi_quyet,
        number="06-NQ/TU",
        issuer=party,
        issue_date="2021-03-01",
    )
    wanted = add_document(
        register,
        document_type=nghi_quyet,
        number="06-NQ/ĐU",
        issuer=party,
        issue_date="2022-04-04",
    )
    page = article(
        news_index, "Nghị quyết số 06 ngày 4/4/2022 và Nghị quyết số 06 ngày 5/4/2022."
    )
    assert citation_links(client, page) == [
        (wanted.url, "Nghị quyết số 06 ngày 4/4/2022")
    ]


def test_document_issued_after_the_article_is_not_what_it_cites(
    client, register, news_index, cong_van, party, committee
):
    earlier = add_document(
        register,
        document_type=cong_van,
        number="492-CV/HU",
        issuer=party,
        issue_date="2019-05-01",
    )
    add_document(
        register,
        document_type=cong_van,
        number="492/UBND-VP",
        issuer=committee,
        issue_date="2025-05-01",
    )
    page = article(news_index, "Công văn số 492 đã nêu rõ.", date="2020-01-15")
    assert citation_links(client, page) == [(earlier.url, "Công văn số 492")]


def test_a_page_published_just_after_midnight_cites_from_that_day(db):
    # The database hands back UTC: 17:30 on 30 April is 00:30 on 1 May in
    # Vietnam, so a document issued on 1 May may be the one it cites.
    published = datetime.datetime(2025, 4, 30, 17, 30, tzinfo=datetime.UTC)
    assert citing_date(Page(first_published_at=published)) == datetime.date(2025, 5, 1)


def test_document_published_after_the_article_is_linked_on_the_next_render(
    client, register, news_index, chi_thi, party
):
    document = add_document(
        register,
        document_type=chi_thi,
        number="22-CT/TU",
        issuer=party,
        issue_date="2017-04-03",
        live=False,
    )
    page = article(news_index, "Thực hiện Chỉ thị số 22 ngày 3/4/2017.")
    assert citation_links(client, page) == []
    document.save_revision().publish()
    assert citation_links(client, page) == [
        (document.url, "Chỉ thị số 22 ngày 3/4/2017")
    ]


def test_private_document_is_never_linked(client, news_index, ct22):
    restrict(ct22)
    page = article(news_index, "Thực hiện Chỉ thị số 22.")
    assert citation_links(client, page) == []


def test_existing_links_are_left_alone(client, news_index, ct22):
    page = article(
        news_index, 'Xem <a href="https://example.org/">Chỉ thị số 22</a> tại đây.'
    )
    html = client.get(page.url).content.decode()
    assert citation_links(client, page) == []
    assert '<a href="https://example.org/">Chỉ thị số 22</a>' in html


def _article_queries(client, page):
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def test_citations_cost_three_queries_cold_and_none_warm(
    client, register, news_index, chi_thi, party
):
    for number in range(1, 21):
        add_document(
            register, document_type=chi_thi, number=f"{number}-CT/TU", issuer=party
        )
    plain = article(news_index, "Không có trích dẫn.", "Vẫn không có.")
    one = article(news_index, "Theo Chỉ thị số 1.", "Không có trích dẫn.")
    many = article(
        news_index,
        *(
            " và ".join(f"Chỉ thị số {n}-CT/TU" for n in range(start, start + 4))
            for start in range(1, 21, 4)
        ),
    )
    assert len(citation_links(client, many)) == 20
    baseline = _article_queries(client, plain)
    for page in (one, many):
        caching.bump()
        assert _cold_article_queries(client, page) == baseline + 3
        assert _article_queries(client, page) == baseline


def _cold_article_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def test_cached_citations_follow_a_document_moved_to_another_register(
    client, home_page, register, news_index, ct22
):
    page = article(news_index, "Thực hiện Chỉ thị số 22-CT/TU.")
    assert citation_links(client, page) == [(ct22.url, "Chỉ thị số 22-CT/TU")]
    other = PublicationIndexPageFactory(parent=home_page, slug="van-ban-cu")
    ct22.move(other, pos="last-child")
    ct22.refresh_from_db()
    assert ct22.url.startswith("/van-ban-cu/")
    assert citation_links(client, page) == [(ct22.url, "Chỉ thị số 22-CT/TU")]


def test_cached_citations_drop_a_document_unpublished_or_made_private(
    client, news_index, ct22, register, chi_thi, party
):
    page = article(news_index, "Thực hiện Chỉ thị số 22-CT/TU.")
    assert len(citation_links(client, page)) == 1
    ct22.unpublish()
    assert citation_links(client, page) == []
    ct22.save_revision().publish()
    assert len(citation_links(client, page)) == 1
    restrict(register)
    assert citation_links(client, page) == []


def test_preview_marks_citations_that_were_not_linked(register, chi_thi, party):
    add_document(register, document_type=chi_thi, number="5-CT/TU", issuer=party)
    add_document(register, document_type=chi_thi, number="5/CT-UBND", issuer=party)
    linker = CitationLinker(preview=True)
    html = linker.link("<p>Chỉ thị số 5 và Chỉ thị số 7.</p>")
    assert html.count('<mark class="citation-unresolved"') == 2
    assert [status for _text, status, _doc in linker.results] == [AMBIGUOUS, UNKNOWN]


def test_linker_reports_what_it_linked(register, ct22):
    linker = CitationLinker()
    linker.link("<p>Chỉ thị số 22-CT/TU</p>")
    assert linker.results == [("Chỉ thị số 22-CT/TU", LINKED, ct22)]


def test_plain_years_and_numbers_are_not_citations():
    assert find_citations("Năm 2022, xã có 1500 hộ, số 12 đường Lê Lợi.") == []
    # Dates are not document numbers, however they are written.
    assert find_citations("Sáng 15/8, đoàn công tác làm việc đến chiều 16-8.") == []
    assert find_citations("Hội nghị khai mạc sáng 23/06/2022 tại hội trường.") == []
    [citation] = find_citations("theo Quyết định số 012/QĐ-UBND ngày 31/2/2020")
    assert (citation.base, citation.key, citation.date) == ("12", "12qdubnd", None)
