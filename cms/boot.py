"""Turn configuration errors at start-up into one readable line.

manage.py, wsgi.py and asgi.py call `setup_or_exit()` so an IT officer who
forgot SECRET_KEY sees what to set, not a traceback.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def setup_or_exit(default_settings="cms.settings.dev"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings)
    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to load
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(1)
