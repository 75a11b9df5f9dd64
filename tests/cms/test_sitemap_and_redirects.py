"""Search engines find every public page, and nothing else; old URLs still work."""

import datetime

from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect

import pytest
from defusedxml import ElementTree

from tests import factories
from tests.conftest import restrict

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.iterfind("s:url", NS)
    }


@pytest.fixture
def articles(news_index):
    def make(**kwargs):
        return factories.NewsArticlePageFactory(parent=news_index, **kwargs)

    public = make(title="Công khai")
    public.save_revision().publish()
    draft = make(title="Bản nháp", live=False)
    private = make(title="Riêng tư")
    restrict(private)
    expired = make(title="Hết hạn")
    expired.expire_at = timezone.now() - datetime.timedelta(hours=1)
    expired.save_revision().publish()
    # Still live until the scheduler's next run: the sitemap must not wait.
    assert expired.live
    return {"public": public, "draft": draft, "private": private, "expired": expired}


def test_sitemap_lists_public_pages_with_their_last_change(client, articles):
    urls = sitemap(client)

    public = articles["public"]
    public.refresh_from_db()
    lastmod = urls[f"http://localhost{public.url}"]
    # The day in Vietnam: between 17:00 and 24:00 UTC it is already tomorrow.
    assert lastmod == timezone.localdate(public.last_published_at).isoformat()
    assert "http://localhost/" in urls


@pytest.mark.parametrize("kind", ["draft", "private", "expired"])
def test_sitemap_leaves_out_pages_a_visitor_cannot_read(client, articles, kind):
    page = articles[kind]
    assert not any(page.slug in url for url in sitemap(client))


def test_sitemap_leaves_out_pages_under_a_private_section(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    restrict(news_index)

    urls = sitemap(client)

    assert not any(article.slug in url or news_index.slug in url for url in urls)


def test_robots_txt_points_to_the_sitemap(client, db):
    body = client.get("/robots.txt").content.decode()
    # The default site's own address (Wagtail's first site: localhost, port 80).
    assert "Sitemap: http://localhost/sitemap.xml" in body


def test_old_portal_url_redirects_permanently_to_its_new_page(client, news_index):
    article = factories.NewsArticlePageFactory(parent=news_index)
    Redirect.objects.create(
        old_path="/tin-tuc/chi-tiet.aspx?id=123",
        redirect_page=article,
        is_permanent=True,
    )

    response = client.get("/tin-tuc/chi-tiet.aspx?id=123")

    assert response.status_code == 301
    assert response["Location"] == article.url


def test_unknown_old_url_is_still_a_404(client, home_page):
    assert client.get("/tin-tuc/chi-tiet.aspx?id=999").status_code == 404
