from .articles import (
    ArticleOfficial,
    ArticleRelatedPage,
    NewsArticlePage,
    NewsArticleTag,
    NewsIndexPage,
)
from .catalogues import Category
from .events import EventIndexPage, EventPage, EventParticipant
from .local_news import LocalNewsFeature, LocalNewsIndexPage
from .officials import OfficialIndexPage, OfficialPage, OfficialPosition

__all__ = [
    "ArticleOfficial",
    "ArticleRelatedPage",
    "Category",
    "EventIndexPage",
    "EventPage",
    "EventParticipant",
    "LocalNewsFeature",
    "LocalNewsIndexPage",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsIndexPage",
    "OfficialIndexPage",
    "OfficialPage",
    "OfficialPosition",
]
