"""The search page's query and filters; invalid filters are dropped, not fatal."""

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.models import Page, get_page_models

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# Beyond these, converting to UTC or adding a day can overflow.
YEARS = range(1900, 3000)

# Where to search: the portal asked, or (on the province portal) every portal.
PORTAL = "portal"
PROVINCE = "province"
SCOPES = ((PORTAL, _("This portal")), (PROVINCE, _("Whole province")))


def type_key(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def searchable_models():
    """Every page type plus documents, as the type filter offers them."""
    pages = [model for model in get_page_models() if model is not Page]
    return [*pages, get_document_model()]


def type_label(model):
    # Wagtail calls its uploads "Văn bản" in Vietnamese, which is what the
    # register's documents are called: two "Văn bản" in one list otherwise.
    if model is get_document_model():
        return _("Attached file")
    return capfirst(model._meta.verbose_name)


def type_choices():
    return [(type_key(model), type_label(model)) for model in searchable_models()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the portal"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, input_formats=DATE_INPUT_FORMATS
    )
    date_to = forms.DateField(
        label=_("To"), required=False, input_formats=DATE_INPUT_FORMATS
    )
    scope = forms.ChoiceField(label=_("Search in"), required=False, choices=SCOPES)
    # On a portal that took over closed ones: their archives too (docs/archives.md).
    archives = forms.BooleanField(label=_("include archive pages"), required=False)

    def __init__(self, data, *args, province_wide_offered=False, **kwargs):
        self.province_wide_offered = province_wide_offered
        # NUL bytes are noise from bad clients; elsewhere they are an error.
        data = data.copy()
        for key in data:
            data.setlist(
                key, [value.replace("\x00", "") for value in data.getlist(key)]
            )
        super().__init__(data, *args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *type_choices()]

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and day.year not in YEARS:
                self.add_error(name, _("Enter a date between 1900 and 2999."))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        if cleaned.get("scope") == PROVINCE and not self.province_wide_offered:
            self.add_error(
                "scope",
                _(
                    "Province-wide search is offered on the province portal; "
                    "this portal's pages were searched."
                ),
            )
        return cleaned

    def province_wide(self):
        """True when every portal is to be searched (province portal only)."""
        return self.valid("scope") == PROVINCE

    def with_archives(self):
        return bool(self.valid("archives"))

    def valid(self, name):
        """A field's cleaned value, or None when it was invalid or empty."""
        self.is_valid()
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def notices(self):
        """One message per filter that was ignored, naming the filter."""
        self.is_valid()
        return [
            f"{self.fields[name].label}: {' '.join(errors)}"
            for name, errors in self.errors.items()
        ]

    def content_type(self):
        key = self.valid("type")
        if not key:
            return None
        app_label, model_name = key.split(".")
        return ContentType.objects.get_by_natural_key(app_label, model_name)

    def date_range(self):
        """Aware datetimes [start, end) in the site's time zone, either may be None."""
        start, end = self.valid("date_from"), self.valid("date_to")
        midnight = datetime.time.min
        return (
            timezone.make_aware(datetime.datetime.combine(start, midnight))
            if start
            else None,
            timezone.make_aware(
                datetime.datetime.combine(end + datetime.timedelta(days=1), midnight)
            )
            if end
            else None,
        )
