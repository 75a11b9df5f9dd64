"""Test settings with one optional app left out (tests/cms/test_optional_apps.py).

WITHOUT_APP names the app; its middleware leaves with it, nothing else changes.
"""

import os

from cms.settings.test import *  # noqa: F403

WITHOUT_APP = os.environ["WITHOUT_APP"]
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != WITHOUT_APP]  # noqa: F405
MIDDLEWARE = [
    name
    for name in MIDDLEWARE  # noqa: F405
    if not name.startswith(f"{WITHOUT_APP}.")
]
