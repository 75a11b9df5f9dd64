"""Production settings with bench/api_views.py as the URLconf (bench only)."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.api_views"
