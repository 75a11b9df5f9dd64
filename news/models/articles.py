"""News articles and the index that lists them."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from cms import portals, seo
from cms.api.serializers import (
    APIFilter,
    ImageField,
    NamedObjectField,
    PageLinkListField,
    TagListField,
    TextField,
)
from cms.blocks import BodyBlock
from cms.images import missing_alt_text_problems, renditions_prefetch
from cms.models import SectionIndexPage
from cms.params import int_param
from cms.route_cache import CachedRoutePageMixin
from cms.slugs import AsciiSlugPageMixin
from cms.visibility import visible
from news.feeds import ArticleFeed

from .catalogues import Category
from .officials import OfficialPage, positions_prefetch
from .routing import ChildRouteMixin

SUMMARY_MAX_LENGTH = 300
# Under an article: the newest others of its section and category.
RELATED_ARTICLES = 5


class NewsIndexPage(
    AsciiSlugPageMixin,
    CachedRoutePageMixin,
    ChildRouteMixin,
    RoutablePageMixin,
    SectionIndexPage,
):
    subpage_types = ["news.NewsArticlePage"]

    page_size = models.PositiveSmallIntegerField(
        _("articles per page"), default=10, help_text=_("Between 1 and 50.")
    )

    class Meta:
        verbose_name = _("news index")

    def child_pages(self):
        return NewsArticlePage.objects.child_of(self).select_related(
            "hero_image", "category"
        )

    def articles(self):
        """Live, public articles, newest first, with what a listing shows."""
        return (
            visible(NewsArticlePage.objects.child_of(self))
            .select_related("hero_image", "category")
            .prefetch_related(renditions_prefetch("hero_image"))
            .order_by("-date", "-pk")
        )

    def filtered_articles(self, request):
        """Apply the category, year and month filters; bad values are ignored."""
        articles = self.articles()
        filters = {}
        slug = request.GET.get("category", "").strip()
        # Only a well-formed slug reaches the database (PostgreSQL refuses NUL).
        if slug_re.fullmatch(slug):
            category = Category.objects.filter(slug=slug).first()
            if category:
                articles = articles.filter(category=category)
                filters["category"] = category
        year = int_param(request.GET.get("year"), 1900, 2999)
        month = int_param(request.GET.get("month"), 1, 12)
        if year:
            articles = articles.filter(date__year=year)
            filters["year"] = year
        if month:
            articles = articles.filter(date__month=month)
            filters["month"] = month
        return articles, filters

    @path("")
    def index_view(self, request):
        articles, filters = self.filtered_articles(request)
        paginator = Paginator(articles, self.page_size or 10)
        page_obj = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "articles": page_obj.object_list,
                "filters": filters,
                "categories": Category.objects.all(),
                "years": range(timezone.localdate().year, 2009, -1),
                "months": range(1, 13),
                "filter_query": query.urlencode(),
            },
        )

    @path("feed/")
    def feed_view(self, request):
        return ArticleFeed(self)(request)

    def get_meta_description(self):
        return self.search_description or self.intro


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(AsciiSlugPageMixin, CachedRoutePageMixin, Page):
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    date = models.DateTimeField(
        _("publish date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to use the date of first publication."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Plain text, at most 300 characters; shown in listings and search engines."
        ),
    )
    hero_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the article and in listings."),
    )
    hero_caption = models.CharField(
        _("main image caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    author = models.CharField(
        _("author"),
        max_length=255,
        blank=True,
        help_text=_("Shown at the end, e.g. Thị Thoang."),
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(
        _("source URL"), max_length=500, blank=True, db_index=True
    )
    category = models.ForeignKey(
        "news.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = ClusterTaggableManager(
        through=NewsArticleTag, blank=True, verbose_name=_("tags")
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("The latest featured article leads the home page."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        FieldPanel("author"),
    ]
    classification_panels = [
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("tags"),
        FieldPanel("featured"),
        InlinePanel(
            "related_officials",
            label=_("Related officials"),
            heading=_("Related officials"),
        ),
        InlinePanel(
            "related_pages", label=_("Related pages"), heading=_("Related pages")
        ),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("source_url")], heading=_("Source")
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
        index.FilterField("category"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("thumbnail", serializer=ImageField(source="hero_image")),
        APIField("hero_image", serializer=ImageField()),
        APIField("hero_caption"),
        APIField("body"),
        APIField("author"),
        APIField("source"),
        APIField("source_url"),
        APIField("category", serializer=NamedObjectField()),
        APIField("tags", serializer=TagListField()),
        APIField("featured"),
        APIField("related_officials", serializer=PageLinkListField("official")),
        APIField("related_pages", serializer=PageLinkListField("target")),
        APIField("agency", serializer=TextField()),
    ]
    # What a list screen needs; `?fields=*` gives the rest.
    api_listing_fields = ["date", "summary", "thumbnail", "category"]
    api_filters = [
        APIFilter("category", "category__slug", help="Category slug."),
        APIFilter(
            "tag",
            apply=lambda articles, tag: articles.filter(
                pk__in=NewsArticleTag.objects.filter(
                    models.Q(tag__name__iexact=tag) | models.Q(tag__slug=tag)
                ).values("content_object_id")
            ),
            help="Tag name or slug.",
        ),
        APIFilter("date_from", "date__date__gte", kind="date", help="First day."),
        APIFilter("date_to", "date__date__lte", kind="date", help="Last day."),
    ]
    # The editorial dashboard lists the articles this matches, saying why.
    attention_needed = (
        models.Q(hero_image__isnull=True) | models.Q(hero_image__description=""),
        _("main image or its alternative text missing"),
    )

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @classmethod
    def naming(cls, official):
        """Live, public articles naming `official`, newest first, for a listing."""
        # A subquery, not a join: an article naming someone twice is listed once.
        return (
            visible(cls.objects.all())
            .filter(
                pk__in=ArticleOfficial.objects.filter(official=official).values(
                    "page_id"
                )
            )
            .select_related("hero_image", "category")
            .prefetch_related(renditions_prefetch("hero_image"))
            .order_by("-date", "-pk")
        )

    @classmethod
    def api_queryset(cls, queryset):
        """What the API's serializers read, loaded for a whole listing at once."""
        return (
            queryset.select_related("hero_image", "category")
            .prefetch_related("tags", "related_officials", "related_pages")
            .order_by("-date", "-pk")
        )

    def clean(self):
        super().clean()
        # The admin form enforces max_length on its own; imports and scripts
        # go through full_clean(), which does not for a TextField.
        if len(self.summary) > SUMMARY_MAX_LENGTH:
            raise ValidationError(
                {
                    "summary": _("At most %(limit)d characters.")
                    % {"limit": SUMMARY_MAX_LENGTH}
                }
            )

    def save(self, *args, **kwargs):
        # The publish date defaults to the first publication, set when the
        # page first goes live and editable afterwards.
        if self.date is None and self.live:
            self.date = self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    def publication_problems(self):
        """What stops this article from going out to citizens (checked by
        editorial/ before it is published or submitted)."""
        problems = []
        summary = (self.summary or "").strip()
        if not summary:
            problems.append(gettext("Write a summary before publishing."))
        elif len(summary) > SUMMARY_MAX_LENGTH:
            problems.append(
                gettext("The summary has %(count)d characters; at most %(max)d.")
                % {"count": len(summary), "max": SUMMARY_MAX_LENGTH}
            )
        if self.hero_image is not None and not self.hero_image.description.strip():
            problems.append(
                gettext(
                    "The main image has no alternative text: describe the photo "
                    "in the image's “Description” field."
                )
            )
        return problems + missing_alt_text_problems(self.body)

    @property
    def display_date(self):
        value = self.date or self.first_published_at or self.latest_revision_created_at
        return timezone.localtime(value) if value else None

    @property
    def agency(self):
        """The publishing agency as it was named on the article's date."""
        return portals.agency_name_for_page(self, self.display_date)

    @property
    def caption(self):
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image else ""

    def public_related_officials(self, preview=False):
        """Related officials that are live and public, positions loaded.

        A preview shows the editor's unsaved choices; a live page reads the
        links and their officials in one query.
        """
        if preview:
            ids = [link.official_id for link in self.related_officials.all()]
            found = (
                visible(OfficialPage.objects.filter(pk__in=ids))
                .prefetch_related(positions_prefetch())
                .in_bulk()
            )
            return [found[pk] for pk in ids if pk in found]
        links = (
            visible(ArticleOfficial.objects.filter(page=self), "official__")
            .select_related("official")
            .prefetch_related(positions_prefetch("official__positions"))
            .order_by("sort_order", "pk")
        )
        return [link.official for link in links]

    def officials_with_positions(self, preview=False):
        """Each related official with the positions held on the article's date."""
        day = self.display_date.date() if self.display_date else timezone.localdate()
        return [
            (official, official.position_on(day))
            for official in self.public_related_officials(preview)
        ]

    def public_related_pages(self):
        """Related pages that are live and public, in the editor's order.

        Plain pages suffice for a title and a link, which saves a query per
        page type.
        """
        ids = [link.target_id for link in self.related_pages.all()]
        pages = visible(Page.objects.filter(pk__in=ids)).in_bulk()
        return [pages[pk] for pk in ids if pk in pages]

    def same_category_articles(self):
        """Up to RELATED_ARTICLES other live, public articles of the same
        news section and category, newest first, in one query; none for an
        article without a category."""
        if self.category_id is None:
            return []
        # Siblings by tree path: the same section, hence the same portal.
        siblings = NewsArticlePage.objects.filter(
            path__startswith=self.path[: -self.steplen], depth=self.depth
        )
        return list(
            visible(siblings)
            .filter(category_id=self.category_id)
            .exclude(pk=self.pk)
            .order_by("-date", "-pk")[:RELATED_ARTICLES]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        # Read only when the article's fragment is rendered (cms/fragments.py).
        context["officials_with_positions"] = SimpleLazyObject(
            lambda: self.officials_with_positions(preview)
        )
        context["related_pages"] = SimpleLazyObject(self.public_related_pages)
        context["same_category"] = SimpleLazyObject(self.same_category_articles)
        context["news_feed_url"] = self.news_feed_url(request)
        return context

    def news_feed_url(self, request):
        """The RSS feed of the article's news index, for feed discovery: the
        index's URL is the article's without its slug, so no query asks for
        the parent."""
        url = self.get_url(request)
        return url[: -len(self.slug) - 1] + "feed/" if url else None

    def get_meta_description(self):
        return self.search_description or self.summary

    # Read by the page meta (cms/seo.py) and the print button (docs/seo.md).
    og_type = "article"
    printable = True

    @property
    def share_image(self):
        return self.hero_image

    def schema_org(self, request):
        url = self.get_full_url(request)
        publisher = seo.organization(request)
        image = seo.share_image(request, self.hero_image)
        modified = self.last_published_at or self.latest_revision_created_at
        return seo.compact(
            {
                "@type": "NewsArticle",
                # Search engines cut headlines at 110 characters.
                "headline": self.title[:110],
                "description": self.get_meta_description(),
                "url": url,
                "mainEntityOfPage": url,
                "inLanguage": "vi",
                "datePublished": self.display_date,
                "dateModified": timezone.localtime(modified) if modified else None,
                "image": [image["url"]] if image else [],
                "articleSection": self.category.name if self.category_id else "",
                "author": (
                    {"@type": "Person", "name": self.author}
                    if self.author
                    else publisher
                ),
                "publisher": publisher,
            }
        )


class ArticleOfficial(Orderable):
    page = ParentalKey(
        NewsArticlePage, on_delete=models.CASCADE, related_name="related_officials"
    )
    official = models.ForeignKey(
        "news.OfficialPage",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("official")]
    api_fields = [APIField("official")]

    class Meta(Orderable.Meta):
        verbose_name = _("related official")


class ArticleRelatedPage(Orderable):
    page = ParentalKey(
        NewsArticlePage, on_delete=models.CASCADE, related_name="related_pages"
    )
    target = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("target")]
    api_fields = [APIField("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
