"""The official documents register ("văn bản"): catalogues, documents, the index.

Decree 42/2022/NĐ-CP, art. 4, asks every agency's portal to publish its
documents with form, issuing body, number and symbol, dates, abstract and a
downloadable file. A document's status is derived from its dates and from the
documents that replace it (publications/status.py), never typed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from cms import portals
from cms.api.serializers import APIFilter, NamedObjectField, TextField
from cms.blocks import BodyBlock
from cms.models import Catalogue, Organization, SectionIndexPage
from cms.route_cache import CachedRoutePageMixin
from cms.slugs import AsciiSlugPageMixin
from cms.visibility import public_collection_q, visible, visible_q

from . import numbers
from .filters import (
    MAX_YEAR,
    MIN_YEAR,
    Choices,
    DocumentFilters,
    apply_number,
    apply_status,
    apply_year,
)
from .serializers import (
    FileListField,
    RelationListField,
    SignerField,
)
from .status import Status, derive_status, public_replacements, with_status
from .views import csv_response


class DocumentType(Catalogue):
    """A form of document: Luật, Nghị định, Chỉ thị, Công văn, ..."""

    # The register's catalogues were created with 100 characters.
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta(Catalogue.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The type's name is part of each document's search words: one read
        # and one write, however many documents there are.
        documents = list(
            self.publications.only("document_type", "number", "abstract", "title")
        )
        for document in documents:
            document.document_type = self
            document.search_text = document.build_search_text()
        PublicationPage.objects.bulk_update(documents, ["search_text"])


class Sector(Catalogue):
    """A field of activity ("lĩnh vực"): land, education, health, ..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta(Catalogue.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class PublicationIndexPage(
    AsciiSlugPageMixin, CachedRoutePageMixin, RoutablePageMixin, SectionIndexPage
):
    PAGE_SIZE_MAX = 100
    subpage_types = ["publications.PublicationPage"]

    page_size = models.PositiveSmallIntegerField(
        _("documents per page"), default=20, help_text=_("Between 1 and 100.")
    )

    class Meta:
        verbose_name = _("documents register")

    def documents(self):
        """Live, public documents of this register with what the table shows."""
        return with_status(
            visible(PublicationPage.objects.child_of(self))
            .select_related("document_type", "issuer", "sector")
            .order_by("-issue_date", "-pk")
        )

    def filter_choices(self, documents):
        """What the filter form offers: four queries whatever the number of documents."""
        pks = documents.order_by().values("pk")
        return Choices(
            types=list(DocumentType.objects.all()),
            issuers=list(
                Organization.objects.filter(publications__in=pks)
                .distinct()
                .order_by("sort_order", "name")
            ),
            sectors=list(Sector.objects.all()),
            years=[
                day.year
                for day in PublicationPage.objects.filter(pk__in=pks).dates(
                    "issue_date", "year", order="DESC"
                )
            ],
        )

    def filtered(self, request):
        documents = self.documents()
        choices = self.filter_choices(documents)
        filters = DocumentFilters.from_query(request.GET, choices)
        return filters.apply(documents), filters, choices

    @path("")
    def index_view(self, request):
        documents, filters, choices = self.filtered(request)
        paginator = Paginator(documents, self.page_size or 20)
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "documents": page_obj.object_list,
                "filters": filters,
                "choices": choices,
                "statuses": Status.choices,
                "filter_query": filters.query_string(),
            },
        )

    @path("csv/", name="csv")
    def csv_view(self, request):
        documents, _filters, _choices = self.filtered(request)
        return csv_response(self, request, documents)

    def get_meta_description(self):
        return self.search_description or self.intro


class PublicationPage(AsciiSlugPageMixin, CachedRoutePageMixin, Page):
    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []
    # Commune articles cite the province's documents (publications/citations.py):
    # publishing one on the province renews every portal's cached pages.
    shows_across_portals = True

    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    number = models.CharField(
        _("number and symbol"),
        max_length=100,
        help_text=_("As written on the document, e.g. 22-CT/TU or 492-CV/HU."),
    )
    issuer = models.ForeignKey(
        "cms.Organization",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    signer = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The official who signed it, if they have a page."),
    )
    signer_name = models.CharField(
        _("signer's name"),
        max_length=255,
        blank=True,
        help_text=_("Used when the signer has no page."),
    )
    signer_title = models.CharField(
        _("signer's title"),
        max_length=255,
        blank=True,
        help_text=_("E.g. Phó Bí thư Thường trực."),
    )
    issue_date = models.DateField(_("issue date"), db_index=True)
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it takes effect on the issue date."),
    )
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("The first day it is no longer in force, if known."),
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    abstract = models.TextField(_("abstract"), help_text=_("The “trích yếu”."))
    body = StreamField(
        BodyBlock(),
        verbose_name=_("full text"),
        blank=True,
        help_text=_("Optional: the text of the document."),
    )
    # Its address on a closed portal, which redirects here (docs/archives.md).
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    # Derived on save, for matching numbers however they are typed.
    number_base = models.CharField(max_length=20, editable=False)
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_type"), FieldPanel("number")]),
                FieldPanel("issuer"),
                FieldPanel("sector"),
            ],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("issue_date"),
                        FieldPanel("effective_date"),
                        FieldPanel("expiry_date"),
                    ]
                )
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("signer", settings.MENTION_PAGE_TYPES),
                FieldPanel("signer_name"),
                FieldPanel("signer_title"),
            ],
            heading=_("Signer"),
        ),
        FieldPanel("abstract"),
        FieldPanel("source_url"),
        InlinePanel("files", label=_("File"), heading=_("Files"), min_num=0),
        InlinePanel("relations", label=_("Relation"), heading=_("Related documents")),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("abstract"),
        index.SearchField("type_and_number"),
        index.SearchField("body"),
        index.FilterField("issue_date"),
        index.FilterField("document_type"),
        index.FilterField("issuer"),
        index.FilterField("sector"),
        index.RelatedFields("issuer", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("document_type", serializer=NamedObjectField()),
        APIField("number"),
        APIField("issuer", serializer=NamedObjectField()),
        APIField("signer", serializer=SignerField(source="*")),
        APIField("signer_title"),
        APIField("issue_date"),
        APIField("effective_date"),
        APIField("expiry_date"),
        APIField("status", serializer=TextField()),
        APIField("sector", serializer=NamedObjectField()),
        APIField("abstract"),
        APIField("files", serializer=FileListField()),
        APIField("relations", serializer=RelationListField(source="*")),
        APIField("body"),
        APIField("agency", serializer=TextField()),
    ]
    api_listing_fields = [
        "document_type",
        "number",
        "issuer",
        "issue_date",
        "status",
        "abstract",
    ]
    api_filters = [
        APIFilter("document_type", "document_type__slug", help="Document type slug."),
        APIFilter("issuer", "issuer__slug", help="Issuing body (organization) slug."),
        APIFilter("sector", "sector__slug", help="Sector slug."),
        APIFilter(
            "year",
            apply=apply_year,
            help="Year of issue, e.g. 2024.",
            schema={"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        ),
        APIFilter(
            "status",
            apply=apply_status,
            help="not_yet_in_force, in_force, expired or replaced.",
            schema={"type": "string", "enum": list(Status.values)},
        ),
        APIFilter(
            "number",
            apply=apply_number,
            help="Number and symbol, with or without separators: 22-CT/TU, 22 ct tu.",
            # At least one letter or digit (no NUL, refused everywhere).
            schema={"type": "string", "pattern": r"^[^\x00]*[0-9A-Za-z][^\x00]*$"},
        ),
    ]

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        # Citation lookups ask for a type and a number at once.
        indexes = [
            models.Index(
                fields=["number_base", "document_type"], name="publication_number_idx"
            )
        ]

    @classmethod
    def api_queryset(cls, queryset):
        """What the API's serializers read, loaded for a whole listing at once.

        Files and relations both ways cost three queries for the whole listing.
        """
        return with_status(
            queryset.select_related("document_type", "issuer", "sector", "signer")
            .prefetch_related(
                Prefetch("files", queryset=PublicationFile.public()),
                "relations",
                Prefetch(
                    "incoming_relations",
                    queryset=PublicationRelation.objects.order_by(
                        "page__issue_date", "pk"
                    ),
                ),
            )
            .order_by("-issue_date", "-pk")
        )

    @classmethod
    def replacements(cls):
        """ "Replaces" relations from live, public documents (publications/status.py)."""
        return PublicationRelation.objects.filter(
            visible_q("page__"), kind=RelationKind.REPLACES
        )

    def clean(self):
        super().clean()
        effective = self.effective_date or self.issue_date
        if self.expiry_date and effective and self.expiry_date <= effective:
            raise ValidationError(
                {"expiry_date": _("The expiry date must be after the effective date.")}
            )
        if self.document_type_id and self.issuer_id and self.number:
            twins = PublicationPage.objects.filter(
                document_type_id=self.document_type_id,
                issuer_id=self.issuer_id,
                number_key=numbers.number_key(self.number),
            ).exclude(pk=self.pk)
            if twins.exists():
                raise ValidationError(
                    {
                        "number": _(
                            "This issuing body already has a document of this "
                            "type with this number."
                        )
                    }
                )

    def save(self, *args, **kwargs):
        if self.effective_date is None:
            self.effective_date = self.issue_date
        self.number_base = numbers.number_base(self.number)
        self.number_key = numbers.number_key(self.number)
        self.search_text = self.build_search_text()
        return super().save(*args, **kwargs)

    def build_search_text(self):
        return numbers.search_text(
            self.document_type.name if self.document_type_id else "",
            self.number,
            self.abstract,
            self.title,
        )

    @property
    def type_and_number(self):
        """ "Chỉ thị 22-CT/TU": how people cite it, and what site search shows."""
        kind = self.document_type.name if self.document_type_id else ""
        return f"{kind} {self.number}".strip()

    @property
    def status(self):
        annotated = getattr(self, "derived_status", None)
        if annotated is not None:
            return annotated
        return self.status_on(timezone.localdate())

    def status_on(self, day):
        return derive_status(
            day,
            self.effective_date or self.issue_date,
            self.expiry_date,
            public_replacements(self),
        )

    @property
    def agency(self):
        """The publishing agency as it was named on the issue date."""
        return portals.agency_name_for_page(self, self.issue_date)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def signer_display_name(self):
        signer = self.public_signer
        return signer.title if signer else self.signer_name

    @cached_property
    def public_signer(self):
        if self.signer_id is None:
            return None
        return visible(Page.objects.filter(pk=self.signer_id)).first()

    def public_files(self):
        if self.pk is None:
            return list(self.files.all())
        return list(PublicationFile.public().filter(page=self))

    def public_relations(self, preview=False):
        """[(label, document)] for what this points at and what points at it.

        Only live, public documents appear; a preview shows the editor's
        unsaved choices. Two queries.
        """
        if preview:
            outgoing = list(self.relations.all())
            targets = (
                visible(
                    PublicationPage.objects.filter(
                        pk__in=[r.target_id for r in outgoing]
                    )
                )
                .select_related("document_type")
                .in_bulk()
            )
            pairs = [
                (relation.get_kind_display(), targets[relation.target_id])
                for relation in outgoing
                if relation.target_id in targets
            ]
        else:
            pairs = [
                (relation.get_kind_display(), relation.target)
                for relation in visible(
                    PublicationRelation.objects.filter(page=self), "target__"
                )
                .select_related("target__document_type")
                .order_by("sort_order", "pk")
            ]
        if self.pk is None:
            return pairs
        incoming = (
            visible(PublicationRelation.objects.filter(target=self), "page__")
            .select_related("page__document_type")
            .order_by("page__issue_date", "pk")
        )
        pairs += [
            (INVERSE_LABELS[relation.kind], relation.page) for relation in incoming
        ]
        return pairs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["relations"] = self.public_relations(
            getattr(request, "is_preview", False)
        )
        context["files"] = self.public_files()
        return context

    def get_meta_description(self):
        return self.search_description or self.abstract


class PublicationFile(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        _("label"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the file's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @classmethod
    def public(cls):
        """Files outside any restricted collection, in the editor's order."""
        return (
            cls.objects.filter(public_collection_q("document__collection__path"))
            .select_related("document")
            .order_by("sort_order", "pk")
        )

    @property
    def display_label(self):
        return self.label or self.document.title


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")
    GUIDES = "guides", _("guides the implementation of")
    BASED_ON = "based_on", _("is based on")


# How a relation reads from the other document's side.
INVERSE_LABELS = {
    RelationKind.AMENDS: _("is amended by"),
    RelationKind.REPLACES: _("is replaced by"),
    RelationKind.GUIDES: _("is guided by"),
    RelationKind.BASED_ON: _("is the basis of"),
}


class PublicationRelation(Orderable):
    """ "This document <kind> that one", shown on both documents."""

    page = ParentalKey(
        PublicationPage, on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    target = models.ForeignKey(
        PublicationPage,
        # Wagtail's uploaded files are "document" too; the context keeps the
        # register's "văn bản" from naming them (docs/admin-terminology.md).
        verbose_name=pgettext_lazy("documents register", "document"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )

    panels = [FieldPanel("kind"), PageChooserPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")

    def clean(self):
        if self.target_id and self.page_id and self.target_id == self.page_id:
            raise ValidationError(
                {"target": _("A document cannot be related to itself.")}
            )
