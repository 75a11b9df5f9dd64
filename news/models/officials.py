"""The leadership directory: a person page with dated positions.

A person holds several roles at once and roles change over terms, so a
position is a dated record (title, organization, start, end) and "current"
is derived from the dates, never typed.
"""

from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms import portals, seo, units
from cms.api.serializers import APIFilter, ImageField, PositionListField, TextField
from cms.blocks import BodyBlock
from cms.images import renditions_prefetch
from cms.route_cache import CachedRoutePageMixin
from cms.slugs import AsciiSlugPageMixin
from cms.visibility import in_portals_q, visible

from .routing import ChildRouteMixin

RELATED_ARTICLES = 10
UPCOMING_EVENTS = 10


def positions_prefetch(lookup="positions"):
    """An official's positions with their organizations, for any listing."""
    return Prefetch(
        lookup, queryset=OfficialPosition.objects.select_related("organization")
    )


class OfficialIndexPage(
    AsciiSlugPageMixin, CachedRoutePageMixin, ChildRouteMixin, Page
):
    parent_page_types = settings.SECTION_PARENT_PAGE_TYPES
    subpage_types = ["news.OfficialPage"]

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("leadership directory")

    def child_pages(self):
        return (
            OfficialPage.objects.child_of(self)
            .select_related("photo")
            .prefetch_related(positions_prefetch())
        )

    def officials(self):
        """Live, public officials in display order, positions and photos loaded."""
        return (
            visible(OfficialPage.objects.child_of(self))
            .select_related("photo")
            .prefetch_related(
                renditions_prefetch("photo"),
                positions_prefetch(),
            )
            .order_by("sort_order", "title")
        )

    def groups(self, officials):
        """Officials grouped by the organization of each current position.

        Someone with two current roles appears in both groups; someone with no
        current role goes to a last group of former officials.
        """
        groups = OrderedDict()
        former = []
        for official in officials:
            current = official.current_positions
            if not current:
                former.append(official)
            for position in current:
                groups.setdefault(position.organization, []).append(
                    (official, position)
                )
        ordered = sorted(
            groups.items(), key=lambda item: (item[0].sort_order, item[0].name)
        )
        return ordered, former

    def earlier_officials(self):
        """ "Leaders over the years": the officials of the archive portals this
        portal took over (docs/archives.md), as [(agency, [officials])], the
        agency named as it was when the archive closed. One query, none when
        the portal took over no archive."""
        here = portals.for_page(self)
        archives = portals.predecessors(here) if here is not None else []
        if not archives:
            return []
        found = (
            visible(OfficialPage.objects.filter(in_portals_q(archives)))
            .prefetch_related(positions_prefetch())
            .order_by("path")
        )
        by_portal = OrderedDict((portal.site_id, (portal, [])) for portal in archives)
        directory = portals.directory()
        for official in found:
            owner = directory.for_path(official.path)
            by_portal[owner.site_id][1].append(official)
        return [
            (units.agency_name_on(portal, portal.closed_on), members)
            for portal, members in by_portal.values()
            if members
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"], context["former_officials"] = self.groups(self.officials())
        context["earlier_officials"] = self.earlier_officials()
        return context

    def get_meta_description(self):
        return self.search_description or self.intro


class OfficialPage(AsciiSlugPageMixin, CachedRoutePageMixin, Page):
    parent_page_types = ["news.OfficialIndexPage"]
    subpage_types = []

    class Honorific(models.TextChoices):
        MR = "ong", _("Mr")
        MS = "ba", _("Ms")

    honorific = models.CharField(
        _("honorific"), max_length=8, choices=Honorific.choices, blank=True
    )
    photo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A portrait, ideally 3:4."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("official email"), blank=True)
    duties = models.TextField(_("assigned duties"), blank=True)
    biography = StreamField(BodyBlock(), verbose_name=_("biography"), blank=True)
    sort_order = models.PositiveIntegerField(
        _("display order"), default=100, help_text=_("Lower numbers come first.")
    )
    # Its address on a closed portal, which redirects here (docs/archives.md).
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    content_panels = [
        # An official's page title is their name.
        TitleFieldPanel("title", heading=_("Full name"), placeholder=_("Full name*")),
        FieldPanel("honorific"),
        FieldPanel("photo"),
        InlinePanel("positions", label=_("Positions"), heading=_("Positions")),
        FieldPanel("duties"),
        FieldPanel("biography"),
    ]
    contact_panels = [
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email")], heading=_("Contacts")
        ),
        FieldPanel("sort_order"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(contact_panels, heading=_("Contacts and order")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("duties"),
        index.SearchField("biography"),
        index.RelatedFields("positions", [index.SearchField("title")]),
    ]

    api_fields = [
        APIField("honorific"),
        APIField("photo", serializer=ImageField()),
        APIField("thumbnail", serializer=ImageField(source="photo")),
        APIField(
            "current_position", serializer=TextField(source="current_position_label")
        ),
        APIField("phone"),
        APIField("email"),
        APIField("duties"),
        APIField("biography"),
        APIField("sort_order"),
        APIField("positions", serializer=PositionListField()),
        APIField("agency", serializer=TextField()),
    ]
    api_listing_fields = ["thumbnail", "current_position", "positions"]
    api_filters = [
        APIFilter(
            "organization",
            apply=lambda officials, slug: officials.filter(
                pk__in=[
                    position.page_id
                    for position in OfficialPosition.objects.filter(
                        organization__slug=slug
                    )
                    if position.is_current
                ]
            ),
            help="Slug of an organization the official currently serves in.",
        )
    ]
    # Loaded for officials named inside other pages (mentions, related officials).
    api_reference_prefetch = ["positions__organization"]
    # The editorial dashboard lists the officials this matches, saying why.
    attention_needed = (models.Q(photo__isnull=True), _("official without a photo"))

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    @classmethod
    def api_queryset(cls, queryset):
        return (
            queryset.select_related("photo")
            .prefetch_related(
                Prefetch(
                    "positions",
                    queryset=OfficialPosition.objects.select_related("organization"),
                )
            )
            .order_by("sort_order", "title")
        )

    @classmethod
    def prefetch_for_mention(cls, pages):
        """What a mention block shows: positions with their organizations."""
        prefetch_related_objects(pages, positions_prefetch())

    def publication_problems(self):
        """What stops this official's page from going out to citizens (checked
        by editorial/ before it is published or submitted)."""
        today = timezone.localdate()
        if any(position.is_held_on(today) for position in self.positions.all()):
            return []
        return [gettext("An official needs at least one current position.")]

    @cached_property
    def current_positions(self):
        today = timezone.localdate()
        return [p for p in self.positions.all() if p.is_held_on(today)]

    @cached_property
    def former_positions(self):
        today = timezone.localdate()
        return [p for p in self.positions.all() if p.end_date and p.end_date < today]

    @property
    def agency(self):
        """The agency as it was named on the official's latest position (its
        end, else its start), else when the page was first published."""
        days = [p.end_date or p.start_date for p in self.positions.all()]
        day = max(days) if days else self.first_published_at
        return portals.agency_name_for_page(self, day)

    @property
    def current_position_label(self):
        return "; ".join(p.label for p in self.current_positions)

    def position_on(self, day):
        """The positions held on a day, e.g. an article's date."""
        return [p for p in self.positions.all() if p.is_held_on(day)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Articles and events name officials and import this module; the way
        # back goes by model name, as their foreign keys do.
        articles = apps.get_model("news", "NewsArticlePage")
        events = apps.get_model("news", "EventPage")
        context["articles"] = articles.naming(self)[:RELATED_ARTICLES]
        context["upcoming_events"] = events.upcoming_with(self)[:UPCOMING_EVENTS]
        return context

    def get_meta_description(self):
        if self.search_description:
            return self.search_description
        return "; ".join(p.label for p in self.current_positions) or self.duties

    @property
    def share_image(self):
        return self.photo

    def schema_org(self, request):
        image = seo.share_image(request, self.photo)
        current = self.current_positions
        organizations = dict.fromkeys(
            p.organization.name for p in current if p.organization_id
        )
        return seo.compact(
            {
                "@type": "Person",
                "name": self.title,
                "url": self.get_full_url(request),
                "jobTitle": [p.title for p in current],
                "worksFor": [
                    {"@type": "GovernmentOrganization", "name": name}
                    for name in organizations
                ],
                "image": image["url"] if image else None,
                "telephone": self.phone,
                "email": self.email,
            }
        )


class OfficialPosition(Orderable):
    page = ParentalKey(OfficialPage, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(
        _("position"),
        max_length=255,
        help_text=_("e.g. Chair of the People's Committee"),
    )
    organization = models.ForeignKey(
        "cms.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while held.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("organization"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
    ]

    api_fields = [
        APIField("title"),
        APIField("organization"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("is_current"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return (
            f"{self.title}, {self.organization.name}"
            if self.organization_id
            else self.title
        )

    def is_held_on(self, day):
        return self.start_date <= day and (
            self.end_date is None or self.end_date >= day
        )

    @property
    def is_current(self):
        return self.is_held_on(timezone.localdate())

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )
