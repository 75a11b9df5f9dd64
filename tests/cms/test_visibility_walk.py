"""One page walked through draft, scheduled, live, private, password-protected,
expired and deleted: every public route agrees at each step on whether it may
be shown (cms/visibility.py), with every cache on, so each step also proves
that the change reached the caches (cms/caching.py).

Routes: the page itself, its index, the home page, the API (listing, detail,
search), the site search, the sitemap, the RSS feed, most read, iCalendar
(index and event) and citations of a document from another article.
"""

import datetime

from django.test import RequestFactory
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from stats.models import DailyPageStat
from stats.most_read import most_read_lists
from tests import factories
from tests.conftest import restrict
from tests.publications.conftest import add_document

pytestmark = pytest.mark.django_db

WORD = "Zylofon"
NUMBER = "77-CT/UBND"


@pytest.fixture(autouse=True)
def every_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300
    settings.API_CACHE_SECONDS = 60


@pytest.fixture
def pages(home_page, news_index, event_index):
    register = factories.PublicationIndexPageFactory(parent=home_page, slug="van-ban")
    chi_thi = factories.DocumentTypeFactory(name="Chỉ thị", slug="chi-thi")
    article = factories.NewsArticlePageFactory(
        parent=news_index, title=f"Tin {WORD}", slug="tin-kiem-thu", live=False
    )
    event = factories.EventPageFactory(
        parent=event_index, title=f"Họp {WORD}", slug="hop-kiem-thu", live=False
    )
    document = add_document(
        register,
        title=f"Chỉ thị {WORD}",
        slug="chi-thi-kiem-thu",
        document_type=chi_thi,
        number=NUMBER,
        issue_date="2026-01-05",
        live=False,
    )
    citing = factories.NewsArticlePageFactory(
        parent=news_index,
        title="Tin trích dẫn",
        slug="tin-trich-dan",
        body=[{"type": "paragraph", "value": f"<p>Theo Chỉ thị số {NUMBER}.</p>"}],
    )
    for page in (article, event, document):
        page.save_revision()
        DailyPageStat.objects.create(page=page, date=timezone.localdate(), views=9)
    return {
        "article": article,
        "event": event,
        "document": document,
        "citing": citing,
        "news_index": news_index,
        "event_index": event_index,
    }


def body(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.content.decode()


def routes(client, pages):
    """{route: whether it shows the walked pages}, read as a visitor or an app."""
    article = pages["article"]
    path = "/tin-tuc/tin-kiem-thu/"
    status, html = body(client, path)
    api = client.get("/api/v2/pages/", {"type": "news.NewsArticlePage"}).json()
    found = client.get("/api/v2/pages/", {"search": WORD}).json()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    most_read = [
        item["title"] for _, items in most_read_lists(request) for item in items
    ]
    shown = {
        "page": status == 200 and WORD in html,
        "index": WORD in body(client, pages["news_index"].url)[1],
        "home": WORD in body(client, "/")[1],
        "api listing": article.pk in [item["id"] for item in api["items"]],
        "api detail": client.get(f"/api/v2/pages/{article.pk}/").status_code == 200,
        "api search": article.pk in [item["id"] for item in found["items"]],
        "site search": WORD in body(client, "/search/", q=WORD.lower())[1],
        "sitemap": path in body(client, "/sitemap.xml")[1],
        "feed": WORD in body(client, pages["news_index"].url + "feed/")[1],
        "most read": f"Tin {WORD}" in most_read,
        "event page": WORD in body(client, "/lich-cong-tac/hop-kiem-thu/")[1],
        "event ical": WORD in body(client, "/lich-cong-tac/hop-kiem-thu/ical/")[1],
        "index ical": WORD in body(client, pages["event_index"].url + "ical/")[1],
        "document": WORD in body(client, "/van-ban/chi-thi-kiem-thu/")[1],
        "citation": "/van-ban/chi-thi-kiem-thu/"
        in body(client, pages["citing"].url)[1],
    }
    return shown


def agree(client, pages, expected):
    shown = routes(client, pages)
    disagree = {route: seen for route, seen in shown.items() if seen != expected}
    assert not disagree, f"expected every route to say {expected}: {disagree}"


def publish_all(pages, **fields):
    for name in ("article", "event", "document"):
        page = pages[name]
        page.refresh_from_db()
        for field, value in fields.items():
            setattr(page, field, value)
        page.save_revision().publish()


def restrict_all(pages, kind):
    PageViewRestriction.objects.filter(
        page__in=[pages[n] for n in ("article", "event", "document")]
    ).delete()
    for name in ("article", "event", "document"):
        restrict(pages[name], kind=kind)


def test_every_route_agrees_at_each_step_of_a_page_life(client, pages):
    now = timezone.now()

    # Draft: saved, never published.
    agree(client, pages, expected=False)

    # Scheduled: approved to go live tomorrow.
    publish_all(pages, go_live_at=now + datetime.timedelta(days=1))
    agree(client, pages, expected=False)

    # Live.
    publish_all(pages, go_live_at=None)
    agree(client, pages, expected=True)

    # Private: signed-in visitors only (the page answers with a sign-in redirect).
    restrict_all(pages, PageViewRestriction.LOGIN)
    agree(client, pages, expected=False)

    # Password-protected: the page answers with the password form only.
    restrict_all(pages, PageViewRestriction.PASSWORD)
    agree(client, pages, expected=False)

    # Public again, then past its expiry before the scheduler has run.
    PageViewRestriction.objects.all().delete()
    publish_all(pages, expire_at=now + datetime.timedelta(hours=1))
    agree(client, pages, expected=True)
    with time_machine.travel(now + datetime.timedelta(hours=2)):
        for page in (pages["article"], pages["event"], pages["document"]):
            page.refresh_from_db()
            assert page.live, "the scheduler has not run: still live in the database"
        agree(client, pages, expected=False)

        # Deleted.
        publish_all(pages, expire_at=None)
        agree(client, pages, expected=True)
        for name in ("article", "event", "document"):
            pages[name].delete()
        agree(client, pages, expected=False)
