from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from editorial.notifications import replace_approval_notifier
        from editorial.permission_names import name_permissions
        from editorial.wagtail_labels import label_wagtail_fields

        replace_approval_notifier()
        label_wagtail_fields()
        post_migrate.connect(
            name_permissions, dispatch_uid="editorial_permission_names"
        )
