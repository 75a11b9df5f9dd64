"""Production settings with bench/site_views.py as the URLconf (bench only)."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.site_views"
