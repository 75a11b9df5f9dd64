"""What every app shares: the image model, site settings, catalogues,
organizations, the groups that must use two-factor sign-in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    SourceImageIOError,
)
from wagtail.models import Page
from wagtail.search import index

from PIL import Image as PILImage

# What Pillow raises for an original it cannot decode, by format: cut short
# ("image file is truncated"), corrupt, or grown past the pixel limit.
UNREADABLE_IMAGE_ERRORS = (
    OSError,
    SyntaxError,
    EOFError,
    PILImage.DecompressionBombError,
)


class CustomImage(AbstractImage):
    """An image with what a news photo needs: caption, credit and alt text.

    Alt text lives in Wagtail's own `description` field, so the image chooser
    and the admin's alt-text checks see it.
    """

    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the image, e.g. who is speaking at which meeting."),
    )
    credit = models.CharField(
        _("credit"), max_length=255, blank=True, help_text=_("Photographer or source.")
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("caption"),
        index.SearchField("credit"),
        index.SearchField("description"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def alt_text(self):
        return self.description or self.title

    @property
    def default_alt_text(self):
        # What Wagtail's image block fills in as alt text when an officer
        # chooses the image. Wagtail falls back to the title, usually a file
        # name; leaving the field empty instead makes the officer describe the
        # photo (or mark it decorative) before publishing (editorial/checks.py).
        return self.description

    def generate_rendition_file(self, filter, *, source=None):
        """Wagtail's, with an original that cannot be decoded reported as one
        that cannot be opened (`SourceImageIOError`): Wagtail's `{% image %}`
        tag and admin thumbnails then show their "not found" image, and
        `cms.images.renditions` a placeholder, instead of a 500."""
        try:
            return super().generate_rendition_file(filter, source=source)
        except SourceImageIOError:
            raise
        except UNREADABLE_IMAGE_ERRORS as error:
            raise SourceImageIOError(str(error)) from error


class Rendition(AbstractRendition):
    image = models.ForeignKey(
        CustomImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# The level of a portal's administrative unit (cms/portals.py ranks them).
LEVELS = (
    ("province", _("province")),
    ("commune", _("commune")),
    ("ward", _("ward")),
    ("special_zone", _("special zone")),
    # Abolished on 1 July 2025: only archives of district portals remain.
    ("district", _("district")),
)

# WCAG AA for normal text: the header sets white text on the portal's colour.
MIN_CONTRAST = 4.5


def contrast_with_white(colour):
    """WCAG contrast ratio of white against a colour written #rrggbb."""

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The agency a site belongs to: shown in the header, footer and API."""

    agency_name = models.CharField(_("agency name"), max_length=255, blank=True)
    # Vietnamese portals set the level above the agency over its name
    # ("TỈNH AN GIANG" over "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"); no unit record
    # names its parent, so it is typed once here (docs/design.md).
    parent_name = models.CharField(
        _("level above"),
        max_length=255,
        blank=True,
        help_text=_("Shown above the agency's name in the banner, e.g. Tỉnh An Giang."),
    )
    agency_short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Used where space is tight."),
    )
    logo = models.ForeignKey(
        "cms.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Square emblem shown in the header."),
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=LEVELS,
        blank=True,
        help_text=_("The province's portal is the one that looks across portals."),
    )
    unit_code = models.CharField(
        _("administrative unit code"),
        max_length=20,
        blank=True,
        help_text=_("The unit's official code, e.g. 25114."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #a4161a."))
        ],
        help_text=_("The portal's main colour, e.g. #a4161a; empty for the default."),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Where this portal's images and files live; other portals' "
            "listings, search and API never show them."
        ),
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    responsible_person = models.CharField(
        _("responsible for content"),
        max_length=255,
        blank=True,
        help_text=_("The person legally responsible for the portal's content."),
    )
    licence = models.CharField(_("licence"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "cms.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Names the agency on pages by their date (docs/archives.md)."),
    )
    # Set by `archive_portal` (docs/archives.md): read-only, with a notice.
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("Set when the portal closed: it is then a read-only archive."),
    )
    successor = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("successor portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("parent_name"),
                FieldPanel("agency_short_name"),
                FieldPanel("logo"),
                FieldPanel("level"),
                FieldPanel("unit_code"),
                FieldPanel("colour"),
                FieldPanel("collection"),
            ],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("responsible_person"),
                FieldPanel("licence"),
            ],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [FieldPanel("unit"), FieldPanel("closed_on"), FieldPanel("successor")],
            heading=_("Archive"),
        ),
    ]

    def clean(self):
        super().clean()
        if self.colour and contrast_with_white(self.colour) < MIN_CONTRAST:
            raise ValidationError(
                {
                    "colour": _(
                        "White text on this colour is hard to read: choose a "
                        "darker colour."
                    )
                }
            )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Wagtail's lookup (a query per request), unless the route cache
        brought this request's settings with its page (cms/route_cache.py)."""
        kept = getattr(request, "_portal_site_settings", None)
        if kept is not None:
            return kept
        return super().for_request(request)

    @classmethod
    def use_for_request(cls, request, site_settings):
        """Answer `for_request` with settings already loaded for this request."""
        request._portal_site_settings = site_settings


class SectionIndexPage(Page):
    """What the index of a section shares (news, documents register, ...): its
    place in the tree, an introduction and a page size between 1 and
    `PAGE_SIZE_MAX`. The subclass declares `page_size` with its own label and
    default; its help text states the bounds and is the error shown."""

    PAGE_SIZE_MAX = 50

    parent_page_types = settings.SECTION_PARENT_PAGE_TYPES

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("page_size"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    api_fields = [APIField("intro"), APIField("page_size")]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not 1 <= self.page_size <= self.PAGE_SIZE_MAX:
            raise ValidationError(
                {"page_size": self._meta.get_field("page_size").help_text}
            )


class Catalogue(models.Model):
    """A short list that pages point at: categories, document types, bodies.

    A subclass declares its verbose names, its own extra fields and, where its
    table was created that way, a narrower `name` or `slug` (so adopting the
    base never needs a migration).
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    sort_order = models.PositiveIntegerField(_("display order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
            merged_into__isnull=True,
        )


class Organization(index.Indexed, Catalogue):
    """A body officials and events belong to, dated because bodies change.

    Since 1 July 2025 districts are gone and communes were merged: an
    organization keeps its dates and points at the one it merged into, so old
    articles and positions still name it correctly.
    """

    class Kind(models.TextChoices):
        PARTY = "party", _("Party committee")
        COUNCIL = "council", _("People's Council")
        COMMITTEE = "committee", _("People's Committee")
        FRONT = "front", _("Fatherland Front")
        DEPARTMENT = "department", _("Department or office")
        UNIT = "unit", _("Administrative unit")
        OTHER = "other", _("Other")

    # Bodies are dissolved and re-founded: two may share a name over the years.
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while it exists."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )

    objects = OrganizationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("sort_order"),
        FieldPanel("valid_from"),
        FieldPanel("valid_until"),
        FieldPanel("merged_into"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(Catalogue.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end date is before the start date.")}
            )
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError(
                {"merged_into": _("An organization cannot merge into itself.")}
            )


class GroupTwoFactor(models.Model):
    """Whether a group's members must sign in to the admin with a second
    factor (cms/two_factor.py). A group without a row does not require it."""

    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="two_factor",
    )
    required = models.BooleanField(_("two-factor sign-in required"), default=False)

    # Sign-in policy: saving it leaves the content caches alone.
    shows_on_pages = False

    class Meta:
        verbose_name = _("two-factor sign-in of a group")
        verbose_name_plural = _("two-factor sign-in of groups")

    def __str__(self):
        return str(self.group)


PEOPLES_COMMITTEE = "Ủy ban nhân dân"


class AdministrativeUnit(models.Model):
    """A province, district, commune, ward or special zone, dated: units are
    founded, merged, split and abolished (1 July 2025 ended the districts and
    merged most communes), and pages keep naming the unit as it was on their
    date (`cms.units`). Loaded from the official list by `import_units`."""

    code = models.CharField(_("official code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("e.g. Huyện An"))
    level = models.CharField(_("level"), max_length=20, choices=LEVELS)
    agency_name = models.CharField(
        _("agency name"),
        max_length=255,
        blank=True,
        help_text=_("Its People's Committee's name; empty: made from the name."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Empty while it exists.")
    )
    successors = models.ManyToManyField(
        "self",
        through="cms.UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("became"),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("level"),
        FieldPanel("agency_name"),
        FieldPanel("valid_from"),
        FieldPanel("valid_to"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("The end date is before the start date.")}
            )

    @property
    def agency(self):
        if self.agency_name:
            return self.agency_name
        # "Huyện An" -> "Ủy ban nhân dân huyện An": an official name, the
        # same whatever the language of the interface that shows it.
        return f"{PEOPLES_COMMITTEE} {self.name[:1].lower()}{self.name[1:]}"


class UnitSuccession(models.Model):
    """One unit became (part of) another on a date: several rows into one
    successor are a merge, several out of one predecessor a split."""

    MERGE, SPLIT, RENAME = "merge", "split", "rename"

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date", "predecessor"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="cms_unit_succession"
            )
        ]
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")

    def __str__(self):
        return f"{self.predecessor_id} -> {self.successor_id} ({self.date})"
