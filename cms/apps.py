from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Portal core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import (  # noqa: F401 - receivers
            caching,
            renditions,
            signal_handlers,
            two_factor,
        )
        from cms.images import install_metadata_stripping

        install_metadata_stripping()
