from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Portal core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db import models

        from wagtail.admin.forms.models import register_form_field_override

        from cms import (  # noqa: F401 - receivers
            caching,
            renditions,
            signal_handlers,
            two_factor,
        )
        from cms.images import install_metadata_stripping
        from cms.slugs import FoldingSlugInput

        install_metadata_stripping()
        # Importing Wagtail's form module registered its own slug widget
        # first; this one, registered after, is the one used.
        register_form_field_override(
            models.SlugField, override={"widget": FoldingSlugInput}
        )
