"""The portal's banner, sidebar, share links and reader controls
(docs/design.md)."""

import base64
import datetime
import hashlib
from urllib.parse import quote

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from cms import reader
from cms.models import SiteSettings
from tests import factories
from tests.conftest import on_portal

pytestmark = pytest.mark.django_db


def soup(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_banner_sets_the_level_above_over_the_agency(client, home_page):
    settings = SiteSettings.objects.get(site__is_default_site=True)
    settings.parent_name = "Tỉnh An Giang"
    settings.save()

    brand = soup(client, "/").select_one(".banner .brand")
    assert [span.get_text() for span in brand.select(".brand-text > span")] == [
        "Tỉnh An Giang",
        "Ủy ban nhân dân xã Thử Nghiệm",
    ]
    footer = soup(client, "/").select_one(".site-footer")
    assert footer.select_one(".footer-parent").get_text() == "Tỉnh An Giang"


def test_without_a_level_above_the_banner_names_the_agency_alone(client, home_page):
    brand = soup(client, "/").select_one(".banner .brand")
    assert [span.get_text() for span in brand.select(".brand-text > span")] == [
        "Ủy ban nhân dân xã Thử Nghiệm"
    ]


def test_share_links_carry_the_articles_full_address_encoded(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index, slug="le-hoi")
    page = soup(client, article.url)

    full = "http://localhost/tin-tuc/le-hoi/"
    links = {a.get_text(): a["href"] for a in page.select(".share-links a")}
    assert links == {
        "Chia sẻ qua Zalo": "https://sp.zalo.me/share_to_zalo?url=" + quote(full, ""),
        "Chia sẻ lên Facebook": "https://www.facebook.com/sharer/sharer.php?u="
        + quote(full, ""),
        "Sao chép liên kết": full,
    }
    # Plain links: nothing from the networks is loaded.
    assert not [s for s in page.find_all("script") if "zalo" in str(s).lower()]


def test_share_links_name_each_portals_own_host(client, portals):
    article = factories.NewsArticlePageFactory(parent=portals.news["a"], slug="tin")
    path, headers = on_portal(article)
    copy = soup(client, path, **headers).select_one("[data-copy-link]")
    assert copy["href"] == "http://xa-a.localhost/tin-tuc/tin/"


def test_print_button_is_in_the_html_from_the_start(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    button = soup(client, article.url).select_one("article header button[data-print]")
    assert button is not None
    # Hidden when scripts are off: the class the head script replaces.
    assert "needs-js" in button.parent["class"]


def test_reader_controls_script_is_inline_and_allowed_by_its_hash(client, home_page):
    response = client.get("/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    head_script = page.head.find("script", src=False)
    digest = hashlib.sha256(head_script.string.encode()).digest()
    assert (
        f"'sha256-{base64.b64encode(digest).decode()}'"
        in (response["Content-Security-Policy"])
    )
    assert head_script.string == reader.HEAD_SCRIPT
    assert page.html["class"] == ["no-js"]
    controls = page.select(".reader-controls button")
    assert [b.get("data-text-size") for b in controls[:3]] == ["down", "reset", "up"]
    assert controls[3]["aria-pressed"] == "false"
    assert all(b["type"] == "button" for b in controls)


def sidebar_text(client, path="/", **headers):
    aside = soup(client, path, **headers).select_one("aside.sidebar")
    return aside.get_text(" ", strip=True)


def test_sidebar_shows_this_weeks_events_newest_documents_and_leaders(
    client, home_page, event_index, official_index
):
    monday = timezone.localdate() - datetime.timedelta(
        days=timezone.localdate().weekday()
    )
    this_week = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=2), datetime.time(8))
    )
    factories.EventPageFactory(
        parent=event_index, title="Họp giao ban tuần", start=this_week
    )
    factories.EventPageFactory(
        parent=event_index,
        title="Hội nghị tháng sau",
        start=this_week + datetime.timedelta(days=30),
    )
    factories.EventPageFactory(
        parent=event_index, title="Lịch nháp", start=this_week, live=False
    )
    register = factories.PublicationIndexPageFactory(parent=home_page)
    factories.PublicationPageFactory(parent=register, number="12-CV/UBND")
    factories.PublicationPageFactory(parent=register, number="99-NHAP", live=False)
    leader = factories.OfficialPageFactory(parent=official_index, title="Trần Thị Lan")
    factories.OfficialPositionFactory(page=leader, title="Chủ tịch")
    news_index = factories.NewsIndexPageFactory(parent=home_page, slug="tin")
    article = factories.NewsArticlePageFactory(parent=news_index)

    text = sidebar_text(client, article.url)
    assert "Họp giao ban tuần" in text
    assert "Hội nghị tháng sau" not in text
    assert "Lịch nháp" not in text
    assert "12-CV/UBND" in text
    assert "99-NHAP" not in text
    assert "Trần Thị Lan" in text and "Chủ tịch" in text
    assert "Cổng Dịch vụ công quốc gia" in text
    # The home page lists the leaders with photos itself.
    assert "Trần Thị Lan" not in sidebar_text(client, "/")
    assert "12-CV/UBND" in sidebar_text(client, "/")


def test_sidebar_never_shows_another_portals_content(client, portals):
    for key in ("a", "b"):
        home = portals.homes[key]
        events = factories.EventIndexPageFactory(parent=home)
        factories.EventPageFactory(
            parent=events,
            title=f"Lịch xã {key}",
            start=timezone.now() + datetime.timedelta(hours=1),
        )
        register = factories.PublicationIndexPageFactory(parent=home)
        factories.PublicationPageFactory(parent=register, number=f"1-XA{key.upper()}")
        leaders = factories.OfficialIndexPageFactory(parent=home)
        leader = factories.OfficialPageFactory(parent=leaders, title=f"Cán bộ xã {key}")
        factories.OfficialPositionFactory(page=leader)
    article = factories.NewsArticlePageFactory(parent=portals.news["a"])

    path, headers = on_portal(article)
    text = sidebar_text(client, path, **headers)
    assert "1-XAA" in text and "Cán bộ xã a" in text
    assert "1-XAB" not in text
    assert "Cán bộ xã b" not in text
    assert "Lịch xã b" not in text
    # A commune links to its province's portal.
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm" in text


def test_a_new_document_shows_in_the_sidebar_with_fragments_kept(
    client, home_page, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 300
    register = factories.PublicationIndexPageFactory(parent=home_page)
    factories.PublicationPageFactory(parent=register, number="1-CU")
    assert "1-CU" in sidebar_text(client, "/search/")

    factories.PublicationPageFactory(parent=register, number="2-MOI")
    assert "2-MOI" in sidebar_text(client, "/search/")
