from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from wagtail.signals import page_published, page_unpublished, post_page_move


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Official documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models can only be imported once every app is loaded, that is here.
        from wagtail.models import Page, PageViewRestriction, Site

        from .citations import bump_cache_version
        from .models import DocumentType, PublicationPage

        # Cached citation candidates hold documents' URLs, types and privacy:
        # any change to those, or to a page above a document (publishing a
        # new slug, moving, deleting, unpublishing), forgets them.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_cache_version, dispatch_uid=f"citations-{signal!r}")
        for model in (PublicationPage, DocumentType, PageViewRestriction, Site):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_cache_version,
                    sender=model,
                    dispatch_uid=f"citations-{signal!r}-{model.__name__}",
                )
        post_delete.connect(
            bump_cache_version, sender=Page, dispatch_uid="citations-page-delete"
        )
