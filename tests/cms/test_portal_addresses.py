"""Each portal answers with its own content and its own address, on every
public route: page, canonical and OpenGraph links, sitemap, robots.txt, RSS,
iCal, header and colour."""

import re
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError

import pytest
from icalendar import Calendar

from cms.models import SiteSettings
from tests import factories

A = "xa-a.localhost"
B = "xa-b.localhost"


@pytest.fixture
def articles(portals):
    return {
        key: factories.NewsArticlePageFactory(
            parent=portals.news[key], title=f"Tin riêng của xã {key.upper()}"
        )
        for key in ("a", "b")
    }


def path_on_portal(page, home):
    return "/" + page.url_path.removeprefix(home.url_path)


def test_article_names_its_own_portal_in_canonical_and_open_graph_links(
    client, portals, articles
):
    article = articles["a"]
    html = client.get(path_on_portal(article, portals.homes["a"]), HTTP_HOST=A)
    html = html.content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical == f"http://{A}{path_on_portal(article, portals.homes['a'])}"
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert "Ủy ban nhân dân xã An" in html
    assert "Ủy ban nhân dân xã Bình" not in html


def test_a_portal_does_not_serve_another_portals_pages(client, portals, articles):
    on_b = path_on_portal(articles["b"], portals.homes["b"])
    assert client.get(on_b, HTTP_HOST=B).status_code == 200
    assert client.get(on_b, HTTP_HOST=A).status_code == 404


def test_sitemap_lists_the_portals_own_pages_at_its_own_address(
    client, portals, articles
):
    response = client.get("/sitemap.xml", HTTP_HOST=A)
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
    assert locations
    assert all(location.startswith(f"http://{A}/") for location in locations)
    assert f"http://{A}{path_on_portal(articles['a'], portals.homes['a'])}" in (
        locations
    )
    assert not any("xa-b" in location for location in locations)


def test_robots_names_the_portals_own_sitemap(client, portals):
    text = client.get("/robots.txt", HTTP_HOST=B).content.decode()
    assert f"Sitemap: http://{B}/sitemap.xml" in text
    province = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in province


def test_feed_links_and_self_link_use_the_portals_address(client, portals, articles):
    response = client.get(
        path_on_portal(portals.news["a"], portals.homes["a"]) + "feed/",
        # Whatever Host a proxy passes on, the feed names the portal's address.
        HTTP_HOST=A + ":8000",
    )
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    channel = root.find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Tin riêng của xã A"]
    assert items[0].findtext("link").startswith(f"http://{A}/")
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == f"http://{A}/tin-tuc/feed/"


def test_event_uid_survives_a_new_host_name(client, portals):
    calendar = factories.EventIndexPageFactory(
        parent=portals.homes["a"], slug="lich-cong-tac"
    )
    event = factories.EventPageFactory(parent=calendar)

    def uid(host):
        response = client.get("/lich-cong-tac/ical/", HTTP_HOST=host)
        [item] = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
        return str(item["UID"]), str(item["URL"])

    before, url = uid(A)
    assert url.startswith(f"http://{A}/")
    site = portals.sites["a"]
    site.hostname = "an.localhost"
    site.save()
    after, url = uid("an.localhost")
    assert after == before == f"event-{event.translation_key}"
    assert url.startswith("http://an.localhost/")


def test_each_portal_wears_its_own_colour(client, portals):
    SiteSettings.objects.filter(site=portals.sites["a"]).update(colour="#0b4f9c")
    page_a = client.get("/", HTTP_HOST=A).content.decode()
    page_b = client.get("/", HTTP_HOST=B).content.decode()
    assert '<link rel="stylesheet" href="/portal-colour/0b4f9c.css">' in page_a
    assert "portal-colour" not in page_b
    css = client.get("/portal-colour/0b4f9c.css")
    assert css["Content-Type"].startswith("text/css")
    assert css.content.decode().strip() == ":root{--brand:#0b4f9c}"
    assert client.get("/portal-colour/0b4f9c;x.css").status_code == 404


def test_a_colour_white_text_cannot_be_read_on_is_refused(portals):
    settings = SiteSettings.objects.get(site=portals.sites["a"])
    settings.colour = "#ffd700"
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "colour" in refused.value.message_dict
    settings.colour = "#a50e0e"
    settings.full_clean()
