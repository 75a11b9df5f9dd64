""" "Tin cơ sở": the province portal's listing of its communes' news.

This is the one place where the province looks across portals at news, on
purpose: the latest public articles of every portal but the province's, each
shown with its portal's name and linked to its own address on its own portal,
which stays the canonical one (the province never renders a copy). A
province approver features articles on the `LocalNewsIndexPage` (an inline of
that page, so the choice is a page edit and goes through the province's
workflow); featured articles come first and are checked for visibility at
every render, so one unpublished, made private or expired since disappears.

Every listing is one query whatever the number of portals: the portals come
from the directory (cms/portals.py, no query) and become path prefixes.
Rules and how to feature: docs/content.md.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page

from modelcluster.fields import ParentalKey
from rest_framework import serializers

from cms import portals
from cms.images import renditions_prefetch
from cms.models import SectionIndexPage
from cms.params import int_param
from cms.route_cache import CachedRoutePageMixin
from cms.slugs import AsciiSlugPageMixin
from cms.visibility import in_portals_q, visible, visible_q

from .articles import NewsArticlePage

LATEST_ON_HOME = 6
# Site ids are database keys: anything outside this range is no portal.
MAX_SITE_ID = 2**31 - 1


@dataclass(frozen=True)
class LocalNewsItem:
    """An article as "Tin cơ sở" shows it: with its portal and its own URL."""

    article: NewsArticlePage
    portal: portals.Portal
    url: str
    featured: bool = False


def local_portals():
    """Every portal but the province's, in the directory's order (no query)."""
    province = portals.province()
    return [
        portal
        for portal in portals.all_portals()
        if province is None or portal.site_id != province.site_id
    ]


def local_articles(site_id=None):
    """The visible articles of every local portal (or only the one whose site
    is `site_id`), newest first, in one query; bodies are not loaded."""
    chosen = [p for p in local_portals() if site_id is None or p.site_id == site_id]
    if not chosen:
        return NewsArticlePage.objects.none()
    # Across sites on purpose (site=None): the portals are the prefixes above.
    return (
        visible(NewsArticlePage.objects.filter(in_portals_q(chosen)))
        .defer_streamfields()
        .select_related("hero_image")
        .order_by("-date", "-pk")
    )


def canonical_url(page, portal):
    """The page's address on its own portal, absolute."""
    return portal.base_url + reverse(
        "wagtail_serve", args=(page.url_path[len(portal.root_url_path) :],)
    )


def as_items(articles, featured=False):
    """Listing items for articles (no query: portals come from the directory)."""
    items = []
    for article in articles:
        portal = portals.for_page(article)
        if portal is not None:
            items.append(
                LocalNewsItem(article, portal, canonical_url(article, portal), featured)
            )
    return items


def visible_features(index_filter, chosen=None):
    """The visible featured articles of the index pages `index_filter`
    selects, in the editor's order, in one query."""
    chosen = local_portals() if chosen is None else chosen
    if not chosen:
        return LocalNewsFeature.objects.none()
    return (
        visible(LocalNewsFeature.objects.filter(index_filter), "article__")
        .filter(in_portals_q(chosen, "article__"))
        .select_related("article", "article__hero_image")
        .defer("article__body")
        .order_by("sort_order", "pk")
    )


def front_page_items(home, local_index=None):
    """What the province's home page shows of "Tin cơ sở": the featured
    articles first, then the latest up to `LATEST_ON_HOME` in all (every
    featured one however many); nothing on any other home page. Two queries
    at most; renditions are the caller's."""
    portal = portals.for_page(home)
    province = portals.province()
    if (
        portal is None
        or province is None
        or portal.site_id != province.site_id
        or portal.root_page_id != home.pk
    ):
        return []
    chosen = local_portals()
    if not chosen:
        return []
    featured = []
    if local_index is not None:
        featured = [
            feature.article
            for feature in visible_features(
                Q(index_id=local_index.pk) & visible_q("index__"), chosen
            )
        ]
    shown = {article.pk for article in featured}
    latest = [
        article
        for article in local_articles()[: LATEST_ON_HOME + len(featured)]
        if article.pk not in shown
    ]
    return [
        *as_items(featured, featured=True),
        *as_items(latest[: max(LATEST_ON_HOME - len(featured), 0)]),
    ]


class LocalNewsLinkListField(serializers.Field):
    """Featured local articles: title, canonical URL and portal of each;
    reads the visible rows `LocalNewsIndexPage.api_queryset` prefetched."""

    schema = {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "date": {
                    "anyOf": [
                        {"type": "string", "format": "date-time"},
                        {"type": "null"},
                    ]
                },
                "portal": {
                    "type": "object",
                    "properties": {
                        "site_id": {"type": "integer"},
                        "name": {"type": "string"},
                        "url": {"type": "string", "format": "uri"},
                    },
                },
            },
        },
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, manager):
        chosen = {portal.site_id for portal in local_portals()}
        return [
            {
                "id": item.article.pk,
                "title": item.article.title,
                "url": item.url,
                "date": item.article.date.isoformat() if item.article.date else None,
                "portal": {
                    "site_id": item.portal.site_id,
                    "name": item.portal.label,
                    "url": item.portal.base_url,
                },
            }
            for item in as_items(feature.article for feature in manager.all())
            if item.portal.site_id in chosen
        ]


class LocalNewsIndexPage(AsciiSlugPageMixin, CachedRoutePageMixin, SectionIndexPage):
    """ "Tin cơ sở": the latest news of every commune and ward portal, on the
    province's portal (one per site, under its home page)."""

    subpage_types = []
    max_count_per_parent = 1

    page_size = models.PositiveSmallIntegerField(
        _("articles per page"), default=12, help_text=_("Between 1 and 50.")
    )

    content_panels = [
        *SectionIndexPage.content_panels,
        InlinePanel(
            "featured_articles",
            heading=_("Featured local news"),
            label=_("Featured article"),
            help_text=_(
                "Articles of commune and ward portals shown first here and on "
                "the province's home page; they link to their own portal."
            ),
        ),
    ]

    api_fields = [
        *SectionIndexPage.api_fields,
        APIField("featured_articles", serializer=LocalNewsLinkListField()),
    ]

    class Meta:
        verbose_name = _("local news index")

    @classmethod
    def can_create_at(cls, parent):
        # Only the province's portal looks across portals.
        portal = portals.for_page(parent)
        province = portals.province()
        return (
            super().can_create_at(parent)
            and portal is not None
            and province is not None
            and portal.site_id == province.site_id
        )

    @classmethod
    def api_queryset(cls, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "featured_articles",
                queryset=visible(
                    LocalNewsFeature.objects.select_related("article"), "article__"
                )
                .defer("article__body")
                .order_by("sort_order", "pk"),
            )
        )

    def featured_items(self, preview=False):
        """The featured articles still visible, in the editor's order. A
        preview shows the editor's unsaved choices."""
        if preview:
            ids = [feature.article_id for feature in self.featured_articles.all()]
            found = (
                local_articles()
                .filter(pk__in=ids)
                .prefetch_related(renditions_prefetch("hero_image"))
                .in_bulk()
            )
            return as_items([found[pk] for pk in ids if pk in found], featured=True)
        return as_items(
            [
                feature.article
                for feature in visible_features(Q(index_id=self.pk)).prefetch_related(
                    renditions_prefetch("article__hero_image")
                )
            ],
            featured=True,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen = local_portals()
        site_id = int_param(request.GET.get("portal"), 1, MAX_SITE_ID)
        # An unknown portal is ignored, as the news index ignores bad filters.
        portal = next((p for p in chosen if p.site_id == site_id), None)
        articles = local_articles(portal.site_id if portal else None)
        paginator = Paginator(
            articles.prefetch_related(renditions_prefetch("hero_image")),
            self.page_size or 12,
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        preview = getattr(request, "is_preview", False)
        first_unfiltered = portal is None and page_obj.number == 1
        context.update(
            {
                "portals": chosen,
                "portal": portal,
                "page_obj": page_obj,
                # Read only when the listing's fragment is rendered.
                "items": SimpleLazyObject(lambda: as_items(page_obj.object_list)),
                "featured": SimpleLazyObject(
                    lambda: self.featured_items(preview) if first_unfiltered else []
                ),
                "filter_query": query.urlencode(),
            }
        )
        return context


class LocalNewsFeature(Orderable):
    """A commune article featured on the province's "Tin cơ sở": a link to
    the article, never a copy."""

    index = ParentalKey(
        LocalNewsIndexPage,
        on_delete=models.CASCADE,
        related_name="featured_articles",
    )
    article = models.ForeignKey(
        NewsArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("article", "news.NewsArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured local article")
        verbose_name_plural = _("featured local articles")

    def clean(self):
        super().clean()
        if self.article_id is None:
            return
        portal = portals.for_page(Page.objects.only("path").get(pk=self.article_id))
        if portal is None or portal.site_id not in {p.site_id for p in local_portals()}:
            raise ValidationError(
                {"article": _("Choose an article of a commune or ward portal.")}
            )
