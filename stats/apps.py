from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    label = "stats"
    verbose_name = _("Visit statistics")
    default_auto_field = "django.db.models.BigAutoField"
