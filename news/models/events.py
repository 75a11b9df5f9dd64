"""Events: the calendar and the leaders' work schedule ("lịch công tác")."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
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

from modelcluster.fields import ParentalKey

from cms import seo
from cms.api.serializers import (
    APIFilter,
    ImageField,
    NamedObjectField,
    PageLinkListField,
)
from cms.blocks import BodyBlock
from cms.images import missing_alt_text_problems
from cms.params import int_param
from cms.route_cache import CachedRoutePageMixin
from cms.slugs import AsciiSlugPageMixin
from cms.visibility import visible
from news.ical import calendar_response

from .officials import OfficialPage
from .routing import ChildRouteMixin

EVENTS_PER_PAGE = 20
# A calendar app re-reads the whole feed; the next 200 events are plenty.
ICAL_EVENTS = 200


def not_ended(now=None):
    """Events still to come or under way: an event without an end lasts its day."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return Q(end__gte=now) | Q(end__isnull=True, start__gte=start_of_today)


class EventIndexPage(
    AsciiSlugPageMixin, CachedRoutePageMixin, ChildRouteMixin, RoutablePageMixin, Page
):
    parent_page_types = settings.SECTION_PARENT_PAGE_TYPES
    subpage_types = ["news.EventPage"]

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("events calendar")

    def child_pages(self):
        return EventPage.objects.child_of(self).select_related(
            "hero_image", "organizer"
        )

    def events(self):
        return visible(EventPage.objects.child_of(self)).select_related("organizer")

    def upcoming_events(self):
        return self.events().filter(not_ended()).order_by("start", "pk")

    def past_events(self):
        return self.events().exclude(not_ended()).order_by("-start", "-pk")

    def _listing(self, request, events, view):
        """One listing view for upcoming and past events; bad filters are ignored."""
        filters = {}
        year = int_param(request.GET.get("year"), 1900, 2999)
        month = int_param(request.GET.get("month"), 1, 12)
        if year:
            events = events.filter(start__year=year)
            filters["year"] = year
        if month:
            events = events.filter(start__month=month)
            filters["month"] = month
        officials = list(
            visible(OfficialPage.objects.all())
            .only("title", "path", "depth", "sort_order")
            .order_by("sort_order", "title")
        )
        official_id = int_param(request.GET.get("official"), 1, 2**63 - 1)
        official = next((o for o in officials if o.pk == official_id), None)
        if official:
            events = events.filter(
                pk__in=EventParticipant.objects.filter(official=official).values(
                    "page_id"
                )
            )
            filters["official"] = official
        page_obj = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "view": view,
                "page_obj": page_obj,
                "events": page_obj.object_list,
                "filters": filters,
                "officials": officials,
                "months": range(1, 13),
                "filter_query": query.urlencode(),
            },
        )

    @path("")
    def upcoming_view(self, request):
        return self._listing(request, self.upcoming_events(), "upcoming")

    @path("past/")
    def past_view(self, request):
        return self._listing(request, self.past_events(), "past")

    @path("ical/")
    def ical_view(self, request):
        return calendar_response(
            self, self.upcoming_events()[:ICAL_EVENTS], f"{self.slug}.ics"
        )

    def get_meta_description(self):
        return self.search_description or self.intro


class EventPage(AsciiSlugPageMixin, CachedRoutePageMixin, RoutablePageMixin, Page):
    parent_page_types = ["news.EventIndexPage"]
    subpage_types = []

    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    location_name = models.CharField(_("location"), max_length=255, blank=True)
    location_address = models.CharField(_("address"), max_length=500, blank=True)
    organizer = models.ForeignKey(
        "cms.Organization",
        verbose_name=_("organizer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    summary = models.TextField(_("summary"), max_length=300, blank=True)
    hero_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of the event and in listings."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    registration = models.TextField(
        _("registration or contact"),
        blank=True,
        help_text=_("How to register or whom to contact."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("location_name"), FieldPanel("location_address")],
            heading=_("Where"),
        ),
        FieldPanel("organizer"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("registration"),
    ]
    participant_panels = [
        InlinePanel(
            "participants",
            label=_("Participating officials"),
            heading=_("Participating officials"),
        )
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(participant_panels, heading=_("Participants")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("location_name"),
        index.SearchField("location_address"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("location_name"),
        APIField("location_address"),
        APIField("organizer", serializer=NamedObjectField()),
        APIField("summary"),
        APIField("thumbnail", serializer=ImageField(source="hero_image")),
        APIField("hero_image", serializer=ImageField()),
        APIField("body"),
        APIField("registration"),
        APIField("participants", serializer=PageLinkListField("official")),
    ]
    api_listing_fields = [
        "start",
        "end",
        "all_day",
        "location_name",
        "summary",
        "thumbnail",
    ]
    api_filters = [
        APIFilter(
            "upcoming",
            kind="boolean",
            apply=lambda events, upcoming: (
                events.filter(not_ended()) if upcoming else events.exclude(not_ended())
            ),
            help="true: still to come or under way; false: over.",
        ),
        APIFilter(
            "date_from",
            apply=lambda events, day: events.filter(
                Q(end__date__gte=day) | Q(end__isnull=True, start__date__gte=day)
            ),
            kind="date",
            help="Events not over before this day.",
        ),
        APIFilter(
            "date_to",
            "start__date__lte",
            kind="date",
            help="Events starting by this day.",
        ),
    ]
    # The editorial dashboard lists the events this matches, saying why.
    attention_needed = (Q(location_name=""), _("event without a location"))

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @classmethod
    def upcoming_with(cls, official):
        """Live, public events `official` takes part in, still to come or under way."""
        return (
            visible(cls.objects.all())
            .filter(
                not_ended(),
                pk__in=EventParticipant.objects.filter(official=official).values(
                    "page_id"
                ),
            )
            .order_by("start", "pk")
        )

    @classmethod
    def api_queryset(cls, queryset):
        return (
            queryset.select_related("hero_image", "organizer")
            .prefetch_related("participants")
            .order_by("start", "pk")
        )

    def clean(self):
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start.")})

    def publication_problems(self):
        """What stops this event from going out to citizens (checked by
        editorial/ before it is published or submitted)."""
        problems = []
        if self.start and self.end and self.end <= self.start:
            problems.append(gettext("The event must end after it starts."))
        return problems + missing_alt_text_problems(self.body)

    @property
    def local_start(self):
        return timezone.localtime(self.start)

    @property
    def local_end(self):
        return timezone.localtime(self.end) if self.end else None

    def public_participants(self):
        """Participating officials that are live and public, in the editor's order."""
        ids = [link.official_id for link in self.participants.all()]
        found = visible(OfficialPage.objects.filter(pk__in=ids)).in_bulk()
        return [found[pk] for pk in ids if pk in found]

    def get_meta_description(self):
        return self.search_description or self.summary

    @property
    def share_image(self):
        return self.hero_image

    def schema_org(self, request):
        image = seo.share_image(request, self.hero_image)
        place = seo.compact(
            {
                "@type": "Place",
                "name": self.location_name,
                "address": self.location_address,
            }
        )
        start, end = self.local_start, self.local_end
        if self.all_day:
            # All-day events are dates; others carry their time and offset.
            start, end = start.date(), end.date() if end else None
        return seo.compact(
            {
                "@type": "Event",
                "name": self.title,
                "description": self.get_meta_description(),
                "url": self.get_full_url(request),
                "startDate": start,
                "endDate": end,
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": (
                    "https://schema.org/OfflineEventAttendanceMode"
                ),
                "location": place if len(place) > 1 else None,
                "image": [image["url"]] if image else [],
                "organizer": (
                    {"@type": "GovernmentOrganization", "name": self.organizer.name}
                    if self.organizer_id
                    else seo.organization(request)
                ),
            }
        )

    @path("")
    def event_view(self, request):
        return self.render(request)

    @path("ical/")
    def ical_view(self, request):
        return calendar_response(self, [self], f"{self.slug}.ics")


class EventParticipant(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="participants")
    official = models.ForeignKey(
        "news.OfficialPage",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("official")]
    api_fields = [APIField("official")]

    class Meta(Orderable.Meta):
        verbose_name = _("participating official")
