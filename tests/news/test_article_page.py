"""A news article as a citizen reads it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from news.models import ArticleRelatedPage
from tests import factories
from tests.conftest import restrict, unpublish

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def article(news_index):
    article = factories.NewsArticlePageFactory(
        parent=news_index,
        title="Hội nghị sơ kết 6 tháng",
        date=datetime.datetime(2022, 6, 23, 9, tzinfo=HCM),
        summary="Ủy ban nhân dân xã sơ kết 6 tháng đầu năm.",
        author="Thị Thoang",
        source="Báo Nhân Dân",
        source_url="https://nhandan.example/bai",
        hero_image=factories.ImageFactory(caption="Toàn cảnh hội nghị."),
        category=factories.CategoryFactory(name="Tin tức - Sự kiện"),
        body=[{"type": "paragraph", "value": "<p>Nội dung bài viết.</p>"}],
    )
    article.tags.add("kinh tế", "nông thôn mới")
    article.save_revision().publish()
    return article


def test_article_shows_title_date_summary_hero_body_and_byline_last(client, article):
    main = soup_of(client, article.url).main
    assert main.h1.get_text() == "Hội nghị sơ kết 6 tháng"
    time = main.find("time")
    assert time.get_text() == "23/06/2022"
    assert time["datetime"].startswith("2022-06-23T09:00:00+07:00")
    assert "Tin tức - Sự kiện" in main.find(class_="card-meta").get_text()
    assert main.find(class_="summary").get_text() == article.summary
    hero = main.find("figure", class_="hero")
    credit = hero.figcaption.find(class_="credit").extract()
    assert hero.figcaption.get_text().strip() == "Toàn cảnh hội nghị."
    assert credit.get_text() == "Ảnh: Thị Thoang"
    assert hero.img["alt"]
    assert "Nội dung bài viết." in main.find(class_="body").get_text()
    byline = main.find(class_="byline")
    assert byline.get_text() == "Thị Thoang"
    # The byline comes after the body, as in the printed article.
    assert main.find(class_="body").find_next(class_="byline") is byline
    assert main.find(class_="source").a["href"] == "https://nhandan.example/bai"
    assert "nông thôn mới" in main.find(class_="tags").get_text()


def test_article_has_a_meaningful_title_and_meta_description(client, article):
    soup = soup_of(client, article.url)
    assert soup.title.get_text().startswith("Hội nghị sơ kết 6 tháng |")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == article.summary


def test_article_hero_caption_overrides_the_image_caption(client, article):
    article.hero_caption = "Chủ tịch phát biểu."
    article.save_revision().publish()
    hero = soup_of(client, article.url).main.find("figure", class_="hero")
    hero.figcaption.find(class_="credit").extract()
    assert hero.figcaption.get_text().strip() == "Chủ tịch phát biểu."


def test_summary_is_at_most_300_characters(article):
    from django.core.exceptions import ValidationError

    article.summary = "x" * 301
    with pytest.raises(ValidationError):
        article.full_clean()


def test_breadcrumbs_lead_home(client, article, news_index):
    crumbs = soup_of(client, article.url).find("nav", class_="breadcrumbs")
    links = [a["href"] for a in crumbs.find_all("a")]
    assert links == ["/", news_index.url]
    assert crumbs.find(attrs={"aria-current": "page"}).get_text() == article.title


def test_related_pages_show_only_live_public_pages(client, article, news_index):
    public = factories.NewsArticlePageFactory(parent=news_index, title="Liên quan")
    draft = factories.NewsArticlePageFactory(parent=news_index, title="Nháp")
    private = factories.NewsArticlePageFactory(parent=news_index, title="Riêng")
    for target in (private, public, draft):
        ArticleRelatedPage.objects.create(page=article, target=target)
    unpublish(draft)
    restrict(private)
    section = soup_of(client, article.url).find("section", class_="related-pages")
    assert [a.get_text() for a in section.find_all("a")] == ["Liên quan"]


@pytest.mark.parametrize("hide", [unpublish, restrict])
def test_hidden_article_is_not_served(client, article, hide):
    hide(article)
    response = client.get(article.url)
    assert "Nội dung bài viết." not in response.content.decode()


def test_unknown_article_is_404(client, news_index):
    assert client.get(news_index.url + "khong-co-bai-nay/").status_code == 404


def test_a_child_slug_never_hides_the_feed(client, news_index):
    factories.NewsArticlePageFactory(parent=news_index, slug="feed", title="Bài feed")
    assert client.get(news_index.url + "feed/")["Content-Type"].startswith(
        "application/rss+xml"
    )
