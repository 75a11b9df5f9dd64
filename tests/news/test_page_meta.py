"""Every page type has a meaningful <title> and meta description."""

import datetime
import json

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from cms import reader
from tests import factories

AGENCY = "Ủy ban nhân dân xã Thử Nghiệm"


@pytest.fixture
def pages(news_index, official_index, event_index):
    for index, intro in [
        (news_index, "Tin tức của xã."),
        (official_index, "Lãnh đạo của xã."),
        (event_index, "Lịch công tác của xã."),
    ]:
        index.intro = intro
        index.save_revision().publish()
    official = factories.OfficialPageFactory(
        parent=official_index, title="Trần Thị Chủ"
    )
    factories.OfficialPositionFactory(page=official, title="Chủ tịch UBND")
    return {
        "news index": (news_index, "Tin tức của xã."),
        "official index": (official_index, "Lãnh đạo của xã."),
        "event index": (event_index, "Lịch công tác của xã."),
        "article": (
            factories.NewsArticlePageFactory(
                parent=news_index, title="Hội nghị", summary="Tóm tắt hội nghị."
            ),
            "Tóm tắt hội nghị.",
        ),
        "event": (
            factories.EventPageFactory(
                parent=event_index,
                title="Tiếp dân",
                summary="Lịch tiếp dân.",
                start=timezone.now() + datetime.timedelta(days=1),
            ),
            "Lịch tiếp dân.",
        ),
        "official": (official, "Chủ tịch UBND"),
    }


@pytest.mark.parametrize(
    "kind",
    ["news index", "official index", "event index", "article", "event", "official"],
)
def test_page_title_names_the_page_and_the_agency(client, pages, kind):
    page, description = pages[kind]
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.title.get_text() == f"{page.title} | {AGENCY}"
    meta = soup.find("meta", attrs={"name": "description"})["content"]
    assert meta.startswith(description)
    assert len(soup.find_all("h1")) == 1


def test_seo_title_and_search_description_win(client, pages):
    article, _ = pages["article"]
    article.seo_title = "Hội nghị sơ kết 6 tháng đầu năm 2026"
    article.search_description = "Mô tả cho máy tìm kiếm."
    article.save_revision().publish()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.title.get_text().startswith("Hội nghị sơ kết 6 tháng đầu năm 2026 |")
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Mô tả cho máy tìm kiếm."
    )


def to_ms(moment):
    # JSON dates keep milliseconds, as Django's JSON encoder writes them.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find(
        "meta", attrs={"name": key}
    )
    return tag["content"] if tag else None


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.parametrize("kind", ["article", "event", "official"])
def test_shared_link_shows_the_page_image_as_an_absolute_rendition(client, pages, kind):
    page, _ = pages[kind]
    image = factories.ImageFactory(file=factories.image_file(1600, 900))
    setattr(page, "photo" if kind == "official" else "hero_image", image)
    page.save_revision().publish()

    soup = head(client, page.url)

    url = meta(soup, "og:image")
    assert url.startswith("http://localhost/media/images/")
    assert "width-1200" in url
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == (
        "1200",
        "675",
    )
    assert meta(soup, "og:image:alt") == image.alt_text
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") == url


@pytest.mark.parametrize(
    "kind", ["news index", "official index", "event index", "article", "official"]
)
def test_canonical_and_opengraph_name_the_page(client, pages, kind):
    page, description = pages[kind]
    soup = head(client, page.url + "?utm_source=zalo")

    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://localhost{page.url}"
    assert meta(soup, "og:url") == canonical
    assert meta(soup, "og:title") == page.title
    assert meta(soup, "og:description").startswith(description)
    assert meta(soup, "og:site_name") == AGENCY
    assert meta(soup, "twitter:title") == page.title


def test_page_without_image_shares_the_agency_logo(client, pages, home_page):
    from cms.models import SiteSettings

    settings = SiteSettings.objects.get()
    settings.logo = factories.ImageFactory(
        file=factories.image_file(300, 300, name="logo.png", fmt="PNG")
    )
    settings.save()
    article, _ = pages["article"]

    soup = head(client, article.url)

    assert meta(soup, "og:image").endswith(".png")
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert json_ld(soup)["publisher"]["logo"] == meta(soup, "og:image")


def test_article_is_a_news_article_for_search_engines(client, pages):
    article, _ = pages["article"]
    soup = head(client, article.url)

    data = json_ld(soup)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["url"] == f"http://localhost{article.url}"
    assert datetime.datetime.fromisoformat(data["datePublished"]) == to_ms(article.date)
    assert data["author"] == {"@type": "Person", "name": article.author}
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["publisher"]["name"] == AGENCY
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "article:published_time")


def test_event_is_an_event_with_its_place_and_time(client, pages):
    event, _ = pages["event"]
    event.location_name = "Hội trường UBND xã"
    event.location_address = "Số 1 đường Thử"
    event.save_revision().publish()

    data = json_ld(head(client, event.url))

    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert datetime.datetime.fromisoformat(data["startDate"]) == to_ms(event.start)
    assert data["startDate"].endswith("+07:00")
    assert data["location"] == {
        "@type": "Place",
        "name": "Hội trường UBND xã",
        "address": "Số 1 đường Thử",
    }


def test_official_is_a_person_with_current_positions(client, pages):
    official, _ = pages["official"]
    data = json_ld(head(client, official.url))

    assert data["@type"] == "Person"
    assert data["name"] == official.title
    assert data["jobTitle"] == ["Chủ tịch UBND"]


def test_home_page_is_the_government_organization(client, home_page):
    data = json_ld(head(client, home_page.url))

    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == AGENCY
    assert data["url"] == "http://localhost/"
    assert data["address"] == "Số 1 đường Thử"


def test_a_title_with_a_closing_script_tag_stays_inside_the_json(client, pages):
    article, _ = pages["article"]
    article.title = 'Tin </script><script>alert("x")</script> & "trích dẫn"'
    article.save_revision().publish()

    html = client.get(article.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert "<script>alert" not in html
    assert json_ld(soup.head)["headline"] == article.title
    # The only other inline script is the reader controls' own, which the
    # security policy allows by its hash (cms/reader.py).
    inline = soup.find_all(
        "script", src=False, type=lambda t: t != "application/ld+json"
    )
    assert [script.string for script in inline] == [reader.HEAD_SCRIPT]
