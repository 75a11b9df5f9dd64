"""Settings shared by every environment, read from the environment.

Defaults work on a laptop (SQLite file in the checkout, local-memory cache);
production.py refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# No usable default: dev.py and test.py set their own, production.py refuses.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "publications",
    "search",
    "editorial",
    "stats",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    # A database error in any middleware below answers 503, not 500.
    "cms.middleware.AnyDatabaseErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above statistics, sessions and CSRF: it stores a page once they have
    # marked it or set their cookies (docs/caching.md).
    "cms.page_cache.UpdatePageCacheMiddleware",
    # Above any page cache, so cached pages are still counted (docs/stats.md).
    "stats.middleware.StatsMiddleware",
    # A cached page is answered here, before the session, CSRF, CORS, messages
    # and throttling middleware below, which have nothing to do for an
    # anonymous visitor's page (docs/caching.md).
    "cms.page_cache.FetchPageCacheMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # user.is_verified(): the second factor of this session (docs/security.md).
    "django_otp.middleware.OTPMiddleware",
    # The admin asks for it before any page (cms/two_factor.py).
    "cms.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Approvals from the dashboard run the content checks (docs/workflow.md).
    "editorial.publishing.ContentCheckMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sign-in lockouts (django-axes) and page-password throttling (cms/throttle.py).
    "axes.middleware.AxesMiddleware",
    "cms.throttle.PagePasswordThrottleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.DatabaseUnavailableMiddleware",
    # Calls the sign-in views itself, one username at a time (cms/throttle.py).
    "cms.throttle.SignInOneAtATimeMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# A database or Redis that stops answering must give a fast 503 (or a page
# from the page cache, or one rendered without the cache), never a hung
# worker: every connection has timeouts, in seconds (cms/fail_fast.py,
# docs/deploy.md "Timeouts"). PostgreSQL ends a statement after
# DATABASE_STATEMENT_TIMEOUT (0: never), and the client stops waiting a
# second later; on SQLite it is how long a write waits for another's lock.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5"))
REDIS_CONNECT_TIMEOUT = float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5"))
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "1"))
AWS_S3_CONNECT_TIMEOUT = float(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "2"))
AWS_S3_READ_TIMEOUT = float(os.environ.get("AWS_S3_READ_TIMEOUT", "10"))


def database(url, statement_timeout):
    """A DATABASES entry (https://github.com/jazzband/dj-database-url) with
    the timeouts above."""
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a limit on every wait (cms/postgresql/).
        config["ENGINE"] = "cms.postgresql"
        options["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
        if statement_timeout:
            milliseconds = round(statement_timeout * 1000)
            options["options"] = " ".join(
                [options.get("options", ""), f"-c statement_timeout={milliseconds}"]
            ).strip()
        config["STATEMENT_TIMEOUT"] = statement_timeout
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        options["timeout"] = statement_timeout or 5
    return config


DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": database(DATABASE_URL, DATABASE_STATEMENT_TIMEOUT)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url, key_prefix):
    """The shared cache in Redis (django-redis)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            # A Redis outage must degrade to uncached pages, not to 500s, and
            # a silent Redis must not hold them (cms/fail_fast.py).
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_CONNECT_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
            "CONNECTION_POOL_CLASS": "cms.fail_fast.RedisConnectionPool",
        },
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": redis_cache(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "portal"))
    }
else:
    CACHES = {
        # Files every worker process on the host reads and writes, never a
        # cache private to one process: what one worker changes or forgets
        # (the content version, Wagtail's site root paths, a page-password
        # count) holds in the others at once.
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get(
                "SHARED_CACHE_DIR", str(BASE_DIR / ".shared-cache")
            ),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Wagtail writes a rendition's entry on every use: too slow for files,
        # and safe per process, as its key names the image file's hash (a new
        # file, new keys).
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }
# The cache every worker shares: the content version and what is kept under
# it (page cache, fragments, routes, API responses, ...: cms/caching.py),
# page-password counts.
SHARED_CACHE_ALIAS = "default"

# Anonymous page cache (cms/page_cache.py, docs/caching.md).
# A page is served from the cache this long after it was rendered (0: off);
# any committed content change (cms/caching.py) makes it current before that.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# An expired copy is kept this long to answer while the database is down.
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "86400"))
# Cache-Control for browsers (max-age) and shared proxies (s-maxage), which
# no purge reaches and whose hits the statistics never see: keep them short.
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_PROXY_MAX_AGE = int(os.environ.get("PAGE_CACHE_PROXY_MAX_AGE", "10"))
# Query parameters of listings (pagination, filters) that are cached.
PAGE_CACHE_QUERY_PARAMS = ["page", "category", "year", "month", "official", "portal"]

# Rendered fragments of pages (cms/fragments.py, docs/caching.md): kept this
# long (0: off); any content change makes them stale at once.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "300"))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # matkhau123456, Anhyeuem@2024: Vietnamese words with digits (cms/passwords.py).
    {"NAME": "cms.passwords.VietnameseCommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# locale-admin/ completes Wagtail's own Vietnamese admin catalogue (editorial).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-admin"]
# dd/mm/yyyy for people: https://docs.djangoproject.com/en/5.2/topics/i18n/formatting/
FORMAT_MODULE_PATH = ["cms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# A cache in front of the portals (nginx with its cache-purge module, a
# CDN) that takes PURGE requests at this address: every committed change
# purges the portals it shows on (cms/frontend_cache.py, docs/deploy.md).
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "cms.frontend_cache.TimedHTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
# Media (originals, renditions, documents) on S3-compatible object storage
# when a bucket is named, so every application node sees the same files;
# else the local disk (MEDIA_ROOT). django-storages' own setting names
# (https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html);
# docs/deploy.md, "Object storage".
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
# Where visitors fetch images from (a CDN's host name), else the endpoint.
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
# SeaweedFS, MinIO and most providers other than AWS name the bucket in the
# path, not in the host name.
AWS_S3_ADDRESSING_STYLE = os.environ.get(
    "AWS_S3_ADDRESSING_STYLE", "path" if AWS_S3_ENDPOINT_URL else "auto"
)
# Images' URLs are plain and the same for everyone, so pages that show them
# can be cached: the bucket lets anyone read `images/` and
# `original_images/` (as nginx serves them from disk) and nothing else.
# Documents are never linked by their bucket URL: the portal serves them
# (WAGTAILDOCS_SERVE_METHOD), checking their collection's privacy.
AWS_QUERYSTRING_AUTH = False
AWS_DEFAULT_ACL = None
# A new upload never replaces another file of the same name (as on disk).
AWS_S3_FILE_OVERWRITE = False
AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=2592000"}
if AWS_STORAGE_BUCKET_NAME:
    import botocore.config

    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # A silent object store fails an upload or a rendition in seconds (a
    # broken image then shows its placeholder), never hangs a worker.
    AWS_S3_CLIENT_CONFIG = botocore.config.Config(
        s3={"addressing_style": AWS_S3_ADDRESSING_STYLE},
        signature_version="s3v4",
        connect_timeout=AWS_S3_CONNECT_TIMEOUT,
        read_timeout=AWS_S3_READ_TIMEOUT,
        retries={"max_attempts": 2, "mode": "standard"},
    )

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# The request header holding the client's address: REMOTE_ADDR, or behind a
# reverse proxy a header the proxy sets and overwrites (HTTP_X_REAL_IP).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")
# Password guessing (docs/security.md): failures allowed per address and per
# target (a username, a protected page) within the window after the latest one.
THROTTLE_ADDRESS_FAILURES = int(os.environ.get("THROTTLE_ADDRESS_FAILURES", "20"))
THROTTLE_TARGET_FAILURES = int(os.environ.get("THROTTLE_TARGET_FAILURES", "5"))
THROTTLE_WINDOW_SECONDS = int(os.environ.get("THROTTLE_WINDOW_SECONDS", "900"))
# Page passwords are counted in the shared cache (cms/throttle.py).
THROTTLE_CACHE_ALIAS = SHARED_CACHE_ALIAS

# Sign-ins are counted by django-axes in the database, so lockouts hold while
# Redis is down: https://django-axes.readthedocs.io/en/latest/4_configuration.html
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Locked when either the username or the address has too many failures; the
# callable gives each its own limit (THROTTLE_TARGET_FAILURES, _ADDRESS_).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "cms.throttle.sign_in_failure_limit"
AXES_COOLOFF_TIME = timedelta(seconds=THROTTLE_WINDOW_SECONDS)
# A sign-in clears the failures only once it is complete: after the code of
# an officer with two-factor sign-in, so signing in again with the password
# does not wipe the wrong codes (cms/two_factor.py).
AXES_RESET_ON_SUCCESS = False
# Attempts while locked out are refused unchecked and not counted, so the
# lockout ends a window after the latest real failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "cms.throttle.sign_in_username"
AXES_CLIENT_IP_CALLABLE = "cms.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "cms.throttle.locked_out_response"

# Two-factor sign-in (django-otp, cms/two_factor.py, docs/security.md). Its
# own per-device delays are off: wrong codes count in axes's lockout above.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Recovery codes given at enrolment, each usable once.
TWO_FACTOR_RECOVERY_CODES = 10

SESSION_COOKIE_HTTPONLY = True
# Wagtail's admin scripts read the token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Cổng thông tin điện tử")
# The name authenticator apps show beside the officer's username.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", WAGTAIL_SITE_NAME)
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAIL_I18N_ENABLED = False
# ASCII slugs, folded as search folds (cms/slugs.py): a shared link stays short.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {
    "bmp": "webp",
    "jpeg": "webp",
    "png": "webp",
    "gif": "webp",
}
WAGTAILIMAGES_JPEG_QUALITY = 80
WAGTAILIMAGES_WEBP_QUALITY = 78
# AVIF at 50 is ~15% smaller than WebP at 78 with a higher PSNR at 800 px
# (bench/images.py, docs/images.md).
WAGTAILIMAGES_AVIF_QUALITY = 50
# Only raster formats browsers show; SVG can carry scripts (docs/images.md).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Refuse decompression bombs from the file's header, before any decoding;
# 40 million pixels (a 7300 x 5475 photo) decode within an upload's 300 MB.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Upload checks of our own: a truncated or corrupt file is a form error.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.ImageForm"
# `<picture>` sources before the original format's fallback (cms/images.py).
PORTAL_PICTURE_FORMATS = env_list("PORTAL_PICTURE_FORMATS", "avif,webp")
# Background work such as a published page's renditions (django-tasks). The
# immediate backend runs it in the request; production can queue it in the
# database (TASKS_BACKEND=django_tasks_db.DatabaseBackend) and run
# `manage.py db_worker` beside the web server (docs/images.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# What an agency publishes; each upload's content must match its extension
# (cms/forms.py DocumentForm, docs/security.md "Uploads").
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "odt",
    "ods",
    "ppt",
    "pptx",
    "txt",
    "jpg",
    "jpeg",
    "png",
    "zip",
]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.DocumentForm"
# Below nginx's client_max_body_size (docs/deploy.md), like images' limit.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The admin runs offline in agencies: never call home.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Wagtail's database backend, safe from FTS5 syntax errors (cms/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
# Daily search counts feed the "Popular searches (last 30 days)" report (search/).
WAGTAILSEARCH_HITS_MAX_AGE = 30
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Shared page passwords are stored in plain text: offer login restrictions only.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# An editor's lock binds its owner too, so two people never overwrite each other.
WAGTAILADMIN_GLOBAL_EDIT_LOCK = True
# Officers work in Vietnamese; English stays available in account settings.
# No Gravatar: offices are often offline from the internet, and an officer's
# e-mail hash should not leave the portal; Wagtail shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's sign-in form with its password field labelled (in Vietnamese).
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.LoginForm"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Headless preview links for the mobile app expire after this many seconds.
EDITORIAL_PREVIEW_MAX_AGE = int(os.environ.get("EDITORIAL_PREVIEW_MAX_AGE", "1800"))

# API v2 (cms/api/)
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
# Search text past this many characters is cut, on every search route (the
# site's search, the register's filter, the API's ?search=).
SEARCH_MAX_LENGTH = 200
# How long the search page keeps a query's ranked results under the portal's
# content version (docs/search.md); 0 turns it off.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "60"))
# Each worker writes the searches it counted at most this often (search/hits.py).
SEARCH_HITS_SECONDS = int(os.environ.get("SEARCH_HITS_SECONDS", "30"))
WAGTAILAPI_SEARCH_ENABLED = True
# Lifetime of cached API responses (server cache and Cache-Control max-age).
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Visit statistics (docs/stats.md): counts are buffered (in Redis when set) and
# written to the database every STATS_FLUSH_INTERVAL seconds and at shutdown.
STATS_ENABLED = env_bool("STATS_ENABLED", True)
STATS_REDIS_URL = os.environ.get("STATS_REDIS_URL", REDIS_URL)
STATS_REDIS_PREFIX = os.environ.get("STATS_REDIS_PREFIX", "stats:")
STATS_FLUSH_INTERVAL = int(os.environ.get("STATS_FLUSH_INTERVAL", "10"))
# With Redis, each process sends its queued views this often (seconds).
STATS_SEND_INTERVAL = float(os.environ.get("STATS_SEND_INTERVAL", "0.5"))
# The request header holding the visitor's address, behind a reverse proxy.
STATS_CLIENT_IP_HEADER = os.environ.get("STATS_CLIENT_IP_HEADER", CLIENT_IP_HEADER)

# Parent page types of news, officials and events indexes.
SECTION_PARENT_PAGE_TYPES = ["home.HomePage"]
# Page types the body's "official mention" block may point at.
MENTION_PAGE_TYPES = ["news.OfficialPage"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
