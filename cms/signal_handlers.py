"""Receivers of cms: each site's settings row, and text cleaned of control
characters on save. (What content changes mean for caches: cms/caching.py.)

Every site has its settings row from the moment it exists. Wagtail creates a
site's settings on the first request that reads them (get_or_create);
concurrent first requests then race to insert the same row and all but one
fail. Creating the row with the site removes the race.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Site

from cms.models import SiteSettings
from cms.text import without_control_characters


@receiver(post_save, sender=Site)
def create_site_settings(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        SiteSettings.objects.get_or_create(site=instance)


@cache
def cleaned_fields(model):
    """The text fields of a model whose text we keep: the project's own apps'
    models (pages, images, catalogues, settings...) and the documents."""
    # Migrations' historical models have no app of their own: left alone.
    app_path = getattr(model._meta.app_config, "path", None)
    ours = (
        app_path is not None
        and Path(app_path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(app_path).parts
    )
    if not (ours or model is get_document_model()):
        return ()
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | StreamField)
    )


def _cleaned(value):
    """A stream's stored form with control characters removed from its text."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


@receiver(pre_save)
def clean_text_fields(sender, instance, **kwargs):
    """Control characters (a vertical tab pasted from Word) go before any row
    is written, whichever way it comes: the admin, an import, a command. A
    title that keeps one breaks the RSS feed, iCalendar files and the
    spreadsheets exported from the admin (docs/security.md, "Bad data")."""
    for field in cleaned_fields(sender):
        value = getattr(instance, field.attname)
        if isinstance(field, StreamField):
            stored = field.stream_block.get_prep_value(value)
            cleaned = _cleaned(stored)
            if cleaned != stored:
                setattr(instance, field.attname, cleaned)
        else:
            cleaned = without_control_characters(value)
            if cleaned is not value:
                setattr(instance, field.attname, cleaned)
