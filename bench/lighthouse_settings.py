"""Production settings for bench/lighthouse.sh: media served by Django, as a
reverse proxy would serve it in a deployment (docs/deploy.md)."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.lighthouse_urls"
