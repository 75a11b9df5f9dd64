"""The home page: one per site, the front door of the portal.

Home lists news, events and officials, so it imports from news/ (the
dependency points one way: news never imports home).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import seo
from cms.blocks import LinkBlock
from cms.images import renditions_prefetch
from cms.route_cache import CachedRoutePageMixin
from cms.slugs import AsciiSlugPageMixin
from cms.visibility import visible
from news.models import (
    EventIndexPage,
    EventPage,
    LocalNewsIndexPage,
    NewsArticlePage,
    NewsIndexPage,
    OfficialIndexPage,
    OfficialPage,
    OfficialPosition,
)
from news.models.events import not_ended
from news.models.local_news import front_page_items

LATEST_PER_CATEGORY = 4
UPCOMING_EVENTS = 5
LEADERS = 6


class HomePage(AsciiSlugPageMixin, CachedRoutePageMixin, Page):
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

    # The front page lists the leaders with their photos: the sidebar beside
    # it leaves them out (news/wagtail_hooks.py, cms/templates/base.html).
    lists_leaders = True

    def route(self, request, path_components):
        if len(path_components) < 2:
            return super().route(request, path_components)
        # Passing through a section to one of its pages: the section's own
        # fields are not needed, so skip loading them (one query less per page).
        section = self.get_children().filter(slug=path_components[0]).first()
        if section is None:
            raise Http404
        section._cached_parent_obj = self
        return section.specific_deferred.route(request, path_components[1:])

    def get_meta_description(self):
        return self.search_description or self.intro

    def schema_org(self, request):
        return seo.organization(request)

    def front_page_listings(self):
        """What the front page lists, in a fixed number of queries.

        Every listing is one query (privacy checks are subqueries), and all
        their images' renditions come in one more, however many items there are.
        The template asks for them inside its rendered fragments, so a render
        that finds the fragments kept runs none of these queries; the answer
        is kept on the page for the fragments of the same render.
        """
        if getattr(self, "_front_page_listings", None) is None:
            self._front_page_listings = self._query_front_page_listings()
        return self._front_page_listings

    def _query_front_page_listings(self):
        articles = (
            visible(NewsArticlePage.objects.descendant_of(self))
            .select_related("hero_image", "category")
            .order_by("-date", "-pk")
        )
        # The latest articles of all categories in one query, grouped below.
        latest = list(articles[: LATEST_PER_CATEGORY * 10])
        lead = next((a for a in latest if a.featured), None)
        if lead is None:
            lead = articles.filter(featured=True).first() or (
                latest[0] if latest else None
            )
        by_category = {}
        for article in latest:
            if article.category is None or article == lead:
                continue
            bucket = by_category.setdefault(article.category, [])
            if len(bucket) < LATEST_PER_CATEGORY:
                bucket.append(article)
        sections = {}
        for page in (
            visible(Page.objects.child_of(self))
            .type(EventIndexPage, OfficialIndexPage, LocalNewsIndexPage, NewsIndexPage)
            .order_by("path")
        ):
            sections.setdefault(page.content_type_id, page)
        upcoming_events = list(
            visible(EventPage.objects.descendant_of(self))
            .filter(not_ended())
            .order_by("start", "pk")[:UPCOMING_EVENTS]
        )
        leaders = list(
            visible(OfficialPage.objects.descendant_of(self))
            .select_related("photo")
            .prefetch_related(
                Prefetch(
                    "positions",
                    queryset=OfficialPosition.objects.select_related("organization"),
                )
            )
            .order_by("sort_order", "title")[:LEADERS]
        )
        content_type = ContentType.objects.get_for_model
        local_index = sections.get(content_type(LocalNewsIndexPage).pk)
        # Only on the province's home page: its communes' latest news.
        local_news = front_page_items(self, local_index)
        images = [
            *(a.hero_image for a in [lead, *latest] if a is not None),
            *(item.article.hero_image for item in local_news),
            *(o.photo for o in leaders),
        ]
        prefetch_related_objects(
            [i for i in images if i is not None], renditions_prefetch()
        )
        return {
            "lead_article": lead,
            "news_by_category": sorted(
                by_category.items(),
                key=lambda item: (item[0].sort_order, item[0].name),
            ),
            "event_index": sections.get(content_type(EventIndexPage).pk),
            "upcoming_events": upcoming_events,
            "official_index": sections.get(content_type(OfficialIndexPage).pk),
            "leaders": leaders,
            "local_news": local_news,
            "local_news_index": local_index,
            # The first news section: its feed is the one the head announces.
            "news_index": sections.get(content_type(NewsIndexPage).pk),
        }
