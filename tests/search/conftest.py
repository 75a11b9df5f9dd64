from wagtail.rich_text import RichText

import pytest

from tests import factories


def body(*paragraphs):
    """A StreamField body of paragraphs."""
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]


def publish(page):
    """Publish through Wagtail, as an editor would (fires page_published)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def article(news_index):
    def make(title, *paragraphs, **kwargs):
        return factories.NewsArticlePageFactory(
            parent=news_index, title=title, body=body(*paragraphs), **kwargs
        )

    return make


def titles(response):
    """Result titles on a search page, in order, as plain text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    return [node.get_text() for node in soup.select(".search-result__title a")]
