"""Tests: fast hashing, local caches, media in a throwaway folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = [
    "testserver",
    "localhost",
    "127.0.0.1",
    "example.gov.vn",
    "other.example",
    # Portals in tests, as in development (`*.localhost` is 127.0.0.1).
    ".localhost",
]
# No statement timeout for the suite's own connection (a loaded CI machine
# creating and emptying test databases); the fault tests give their servers
# the production timeouts (tests/faults/).
DATABASES = {
    "default": database(  # noqa: F405
        DATABASE_URL,  # noqa: F405
        float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "cms.postgresql":
    # A commit does not wait for the disk (about 4 ms each on CI's machine):
    # the suite commits thousands of times (migrations, transactional tests'
    # flushes), and a test database need not survive a crash. Production
    # keeps PostgreSQL's default.
    _options = DATABASES["default"]["OPTIONS"]
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so a test sees each render; tests/cms/test_page_cache.py turns it on.
SHARED_CACHE_ALIAS = THROTTLE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = 0
# Off for the same reason; tests/cms/test_fragments.py turns it on.
FRAGMENT_CACHE_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://example.gov.vn"
# No network in tests: video embeds come from a local finder.
WAGTAILEMBEDS_FINDERS = [{"class": "tests.embed_finder.LocalVideoFinder"}]
# Visit counts stay in memory until a test flushes them: no timer, no Redis.
STATS_FLUSH_INTERVAL = 0
STATS_REDIS_URL = ""
# Searches are written as they are counted (a worker's buffer never outlives
# a test and its database).
SEARCH_HITS_SECONDS = 0
# AVIF costs about a second per rendition; the tests that check it turn it on.
PORTAL_PICTURE_FORMATS = ["webp"]
# force_login() in tests stands for both factors; the two-factor tests sign
# in through the forms (tests/force_login.py).
AUTHENTICATION_BACKENDS = [
    "tests.force_login.ForceLoginBackend",
    *AUTHENTICATION_BACKENDS,  # noqa: F405
]
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1],  # noqa: F405
    "tests.force_login.ForceLoginVerifiedMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1 :],  # noqa: F405
]
