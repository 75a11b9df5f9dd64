"""The demo register: demo articles cite its documents, and the links work."""

import io
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from publications.models import PublicationPage
from tests.conftest import committed, on_portal

# The budget of every demo page (tests/news/test_demo.py).
MAX_QUERIES = 20
CITATION_LINK = re.compile(r'<a class="citation" href="([^"]*)">([^<]*)</a>')


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    # Once for the module: the tests only read it (the one loading it again
    # does so in its own transaction, rolled back after it).
    with committed(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.fixture
def demo(loaded_demo, db, settings):
    # Room for every rendition: the default local-memory cache culls at 300
    # entries, which would evict the cached site root paths at random.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }


def article_url(slug):
    # Hòa Bình's articles: its portal is the default site.
    return on_portal(Page.objects.get(slug=slug))[0]


def links(html):
    """[(document number, link text)] of the citation links in a page."""
    by_url = {
        on_portal(page)[0]: page.number for page in PublicationPage.objects.live()
    }
    return [
        (by_url.get(href, href), text) for href, text in CITATION_LINK.findall(html)
    ]


def test_demo_articles_link_the_documents_they_cite(client, demo):
    cited = {
        slug: links(client.get(article_url(slug)).content.decode())
        for slug in (
            "dan-van-kheo",
            "hoi-nghi-so-ket-6-thang",
            "tiep-cong-dan-dinh-ky",
            "chuyen-doi-so",
        )
    }
    assert cited == {
        "dan-van-kheo": [
            ("22-CT/ĐU", "Chỉ thị số 22-CT/ĐU ngày 3/8/2025"),
            ("15-KH/ĐU", "Kế hoạch số 15-KH/ĐU"),
        ],
        "hoi-nghi-so-ket-6-thang": [
            ("06-NQ/ĐU", "Nghị quyết số 06-NQ/ĐU ngày 15/7/2025"),
            ("12/NQ-HĐND", "Nghị quyết số 12/NQ-HĐND"),
            ("102/BC-UBND", "Báo cáo số 102/BC-UBND"),
        ],
        "tiep-cong-dan-dinh-ky": [("60/TB-UBND", "Thông báo số 60/TB-UBND")],
        "chuyen-doi-so": [("300/QĐ-UBND", "Quyết định số 300/QĐ-UBND ngày 01/10/2026")],
    }


def test_ambiguous_and_unknown_demo_citations_stay_plain_text(client, demo):
    # Two registered letters are numbered 492; no plan is numbered 07.
    html = client.get(article_url("tiep-cong-dan-dinh-ky")).content.decode()
    assert "văn số 492 về công tác tiếp công dân" in html
    html = client.get(article_url("chuyen-doi-so")).content.decode()
    assert "Kế hoạch số 07/KH-UBND về phổ cập" in html


def test_a_demo_article_with_citations_stays_within_the_query_budget(client, demo):
    url = article_url("hoi-nghi-so-ket-6-thang")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(links(response.content.decode())) == 3
    assert len(queries) <= MAX_QUERIES


def test_load_demo_again_cites_each_document_once(client, demo):
    pages = Page.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Page.objects.count() == pages
    html = client.get(article_url("dan-van-kheo")).content.decode()
    assert html.count("của Ban Thường vụ Đảng ủy xã về tăng cường") == 1
    assert len(links(html)) == 2
