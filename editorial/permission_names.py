"""Permissions named in Vietnamese.

Django stores a permission's name once, in English, when it creates it
("Can add category"), and the group screen shows that name to whoever
gives officers their rights. After each app's migrations its permissions
are created (idempotent) and renamed from the model's translated verbose
name and, for a model's own permissions, their translated names
(docs/admin-terminology.md).
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _


def default_name(action, verbose_name):
    names = {
        "add": _("Can add %(model)s"),
        "change": _("Can change %(model)s"),
        "delete": _("Can delete %(model)s"),
        "view": _("Can view %(model)s"),
    }
    return names[action] % {"model": verbose_name} if action in names else None


def vietnamese_names(models):
    """{(content type id, codename): name} for the permissions of `models`."""
    # As Django's create_permissions: a proxy model's permissions are its own.
    content_types = ContentType.objects.get_for_models(
        *models, for_concrete_models=False
    )
    wanted = {}
    for model, content_type in content_types.items():
        options = model._meta
        for action in options.default_permissions:
            wanted[content_type.pk, f"{action}_{options.model_name}"] = default_name(
                action, options.verbose_name
            )
        for codename, name in options.permissions:
            # Some apps declare these names as plain strings, not lazily
            # translated ones: look them up in the catalogue all the same.
            wanted[content_type.pk, codename] = _(str(name))
    return {key: name for key, name in wanted.items() if name}


def name_permissions(app_config, verbosity=0, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: one query to read an app's permissions, one to
    rename those whose name is not yet the Vietnamese one."""
    if app_config.models_module is None:
        return
    create_permissions(app_config, verbosity=0, using=using)
    models = list(global_apps.get_app_config(app_config.label).get_models())
    if not models:
        return
    with translation.override(settings.LANGUAGE_CODE):
        wanted = vietnamese_names(models)
    permissions = Permission.objects.using(using).filter(
        content_type_id__in={content_type for content_type, _codename in wanted}
    )
    renamed = []
    for permission in permissions:
        name = wanted.get((permission.content_type_id, permission.codename))
        if name and permission.name != name[:255]:
            permission.name = name[:255]
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
