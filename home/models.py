"""The home page: one per site, the front door of the portal.

Home lists news, events and officials, so it imports from news/ (the
dependency points one way: news never imports home).
"""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import LinkBlock
from news.models import (
    Category,
    EventIndexPage,
    NewsArticlePage,
    OfficialIndexPage,
    OfficialPage,
    OfficialPosition,
)

LATEST_PER_CATEGORY = 4
UPCOMING_EVENTS = 5
LEADERS = 6


class HomePage(Page):
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    intro = models.TextField(_("introduction"), blank=True)
    quick_links = StreamField(
        [("link", LinkBlock())], verbose_name=_("quick links"), blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("quick_links"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    api_fields = [APIField("intro"), APIField("quick_links")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            NewsArticlePage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("hero_image", "category")
            .order_by("-date", "-pk")
        )
        lead = articles.filter(featured=True).first() or articles.first()
        context["lead_article"] = lead
        others = articles.exclude(pk=lead.pk) if lead else articles
        # One query for the latest few of every category, grouped in Python.
        latest = list(others[: LATEST_PER_CATEGORY * 10])
        categories = {c.pk: c for c in Category.objects.all()}
        by_category = {}
        for article in latest:
            if article.category_id in categories:
                bucket = by_category.setdefault(article.category_id, [])
                if len(bucket) < LATEST_PER_CATEGORY:
                    bucket.append(article)
        context["news_by_category"] = [
            (category, by_category[pk])
            for pk, category in categories.items()
            if pk in by_category
        ]
        event_index = EventIndexPage.objects.descendant_of(self).live().public().first()
        context["event_index"] = event_index
        context["upcoming_events"] = (
            event_index.upcoming_events()[:UPCOMING_EVENTS] if event_index else []
        )
        context["official_index"] = (
            OfficialIndexPage.objects.descendant_of(self).live().public().first()
        )
        context["leaders"] = (
            OfficialPage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("photo")
            .prefetch_related(
                Prefetch(
                    "positions",
                    queryset=OfficialPosition.objects.select_related("organization"),
                )
            )
            .order_by("sort_order", "title")[:LEADERS]
        )
        return context
