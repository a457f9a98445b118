"""Settings shared by every profile. Everything an operator changes comes from the
environment (see docs/configuration in README); nothing here needs editing to deploy."""

from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from .env import (
    cache_config,
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    media_storage,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("CARAVAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "caravan.core",
    "caravan.news",
    "caravan.people",
    "caravan.search",
    "caravan.rates",
    "caravan.importers",
    "caravan.breaking",
    "caravan.podcasts",
    "caravan.liveblogs",
    "caravan.readership",
    "caravan.seo",
    "caravan.related",
    "caravan.web",
    "caravan.caching",
    "caravan.demo",
    "caravan.security",
    "caravan.newsletters",
    "caravan.telegram",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages from the page cache: before session/locale, so a hit is cheap.
    "caravan.caching.middleware.PageCacheMiddleware",
    # Response headers of rendered pages: after the page cache, so a cached page
    # keeps them and its hits (the WSGI fast path too) replay them.
    "caravan.security.headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # The request's Wagtail site from the process's memo (no query per request).
    "caravan.web.routing.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old WordPress/Joomla URLs (?p=, ?page_id=, /index.php/...): 301 to the new page.
    "caravan.importers.middleware.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logged-in users carry a signed cookie: the page cache and Varnish let them by.
    "caravan.caching.keys.EditorCookieMiddleware",
    # The admin in the site's time zone unless the user chose one (caravan/core).
    "caravan.core.admin_time.AdminTimeZoneMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed in but without the second factor: the admin asks for it first.
    "caravan.security.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caravan.urls"
WSGI_APPLICATION = "caravan.wsgi.application"

TEMPLATES = [
    # The public site (caravan/jinja2/, <app>/jinja2/): see caravan.web.templating.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "caravan.web.templating.environment",
            # Each app's template functions (besides Wagtail's and caravan.web's).
            "extensions": [
                "caravan.news.jinja2tags.news",
                "caravan.seo.jinja2tags.seo",
                "caravan.rates.jinja2tags.rates",
                "caravan.podcasts.jinja2tags.podcasts",
            ],
            "context_processors": [
                "caravan.core.context_processors.site_chrome",
                "caravan.news.context_processors.navigation",
            ],
        },
    },
    # The admin, Wagtail's and Django's own templates, form widgets, e-mails.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "caravan.core.context_processors.site_chrome",
                "caravan.news.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'caravan.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_config(env_str("CACHE_URL") or env_str("REDIS_URL"))}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the default (no URL prefix), Russian under /ru/.
# More languages: LANGUAGES=en,ru,kk,ky,uz,tg,tk (names come from Django's list);
# the first one is the default unless LANGUAGE_CODE says otherwise.
_LANGUAGE_NAMES = {"en": _("English"), "ru": _("Russian")}
LANGUAGES = [
    (
        code,
        _LANGUAGE_NAMES[code]
        if code in _LANGUAGE_NAMES
        else _(LANG_INFO[code]["name"]),
    )
    for code in env_list("LANGUAGES", ["en", "ru"])
    if code in LANG_INFO
]
LANGUAGE_CODE = env_str("LANGUAGE_CODE", LANGUAGES[0][0] if LANGUAGES else "en")
WAGTAIL_I18N_ENABLED = True
# Date formats per language for the public pages (caravan/core/formats).
FORMAT_MODULE_PATH = ["caravan.core.formats"]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage is UTC; the site's display time zone is a site setting

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Documents (Wagtail's) live here, outside MEDIA_ROOT: no web server serves this
# folder; Wagtail's view checks permissions first (caravan/security/storage.py).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": media_storage(),  # MEDIA_ROOT, or a bucket when MEDIA_S3_BUCKET is set
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Caravan")
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": True,
        # PostgreSQL: Snowball's Russian stemmer for Cyrillic words, its English
        # one for Latin words (SQLite ignores it: caravan/search/engine.py).
        "SEARCH_CONFIG": "russian",
    }
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}
# Documents only through /documents/<id>/<name> (permission checked): streamed,
# handed to nginx (X-Accel-Redirect) when DOCUMENTS_ACCEL_REDIRECT names its
# internal location, or on S3 a redirect to a URL signed for a minute.
WAGTAILDOCS_SERVE_METHOD = "redirect" if env_str("MEDIA_S3_BUCKET") else "serve_view"
CARAVAN_ACCEL_REDIRECT_PREFIX = env_str("DOCUMENTS_ACCEL_REDIRECT")
if CARAVAN_ACCEL_REDIRECT_PREFIX:
    SENDFILE_BACKEND = "caravan.security.sendfile_nginx"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
# No third-party requests from the admin (and none possible offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
# A password-protected page (an imported WordPress post with a password): its
# title and the form in the site's own design (caravan/jinja2/).
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105 - a template name
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
TAGGIT_CASE_INSENSITIVE = True
# Commas alone separate tags: "central asia" is one tag, shown without quotes.
TAGGIT_TAGS_FROM_STRING = "caravan.core.tags.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "caravan.core.tags.string_from_tags"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Wagtail's preview views override this with SAMEORIGIN: only they are framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# How often the scheduler wakes (seconds): scheduled publishing runs each tick.
CARAVAN_SCHEDULER_INTERVAL = env_int("SCHEDULER_INTERVAL", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Jobs the scheduler process (manage.py run_scheduler) runs on every tick.
CARAVAN_SCHEDULED_JOBS = [
    "caravan.core.scheduler.publish_scheduled",
    # Purges whose delivery failed (shared cache or Varnish down): retried.
    "caravan.caching.outbox.deliver_pending",
    "caravan.rates.jobs.run_due",
    # Related articles left stale by an unpublication or a failed update.
    "caravan.related.jobs.refresh_stale",
    "caravan.newsletters.jobs.run_due",
    "caravan.telegram.jobs.run_due",
    # Articles each podcast episode is suggested under, found again daily.
    "caravan.podcasts.suggested.refresh_due",
]
# What an article page shows under "Suggested articles" (stored related articles).
CARAVAN_SUGGESTIONS = "caravan.related.selectors.related_articles"

# Whole-page cache (caravan/caching; docs/deploy.md): anonymous pages are cached in
# Django's cache and purged on publish. VARNISH_URL(S): Varnish instances to purge.
CARAVAN_PAGE_CACHE = env_bool("PAGE_CACHE", True)
CARAVAN_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Varnish's purge listener(s): BAN by tag on every purge (deploy/varnish/).
CARAVAN_VARNISH_URLS = env_list("VARNISH_URLS", env_list("VARNISH_URL", []))
# Extra query parameters that tell cached pages apart (apps declare their own).
CARAVAN_PAGE_CACHE_QUERY_PARAMS = env_list("PAGE_CACHE_QUERY_PARAMS", [])
# Renders read the primary database this long after a purge (read replicas).
CARAVAN_REPLICA_LAG_SECONDS = env_int("DATABASE_REPLICA_LAG_SECONDS", 2)

# --- Security (caravan/security; docs/deploy.md: "Security headers", "Editors'
# accounts", "Private files") ---

# Content-Security-Policy (django-csp). The public templates run no script at all:
# none may run there. JSON-LD blocks are data, which CSP does not block.
from csp.constants import NONE, SELF  # noqa: E402

_MEDIA_HOSTS = [h for h in [env_str("MEDIA_S3_CUSTOM_DOMAIN").split("://")[-1]] if h]
if env_str("MEDIA_S3_ENDPOINT_URL"):
    _MEDIA_HOSTS.append(env_str("MEDIA_S3_ENDPOINT_URL").rstrip("/"))
# Video embeds (wagtail.embeds) play in frames from these hosts; social posts
# (their providers' scripts) show as the quoted text and link they embed.
EMBED_FRAME_HOSTS = env_list(
    "CSP_EMBED_HOSTS",
    [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
        "https://www.dailymotion.com",
        "https://w.soundcloud.com",
        "https://open.spotify.com",
    ],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [NONE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_HOSTS],
        "media-src": [SELF, *_MEDIA_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": EMBED_FRAME_HOSTS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The admin (Wagtail) runs its scripts from STATIC_URL, and Wagtail 8's editor
# still writes inline scripts and styles (wagtail/wagtail#1288): those are allowed
# there, but nothing from another origin may load, connect or receive a form, so
# an injected script can neither fetch code nor send data away. Previews are
# framed by the admin itself. Checked in headless Chromium
# (caravan/security/tests/test_admin_browser.py).
CARAVAN_ADMIN_PATH_PREFIX = "/admin/"
WAGTAIL_ENABLE_UPDATE_CHECK = env_bool("WAGTAIL_UPDATE_CHECK", True)
CARAVAN_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", *_MEDIA_HOSTS],
    "media-src": [SELF, "blob:", *_MEDIA_HOSTS],
    "font-src": [SELF, "data:"],
    # Wagtail's dashboard asks for the latest release (WAGTAIL_UPDATE_CHECK).
    "connect-src": [SELF, "https://releases.wagtail.org"],
    "frame-src": [SELF, *EMBED_FRAME_HOSTS],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Permissions-Policy (django-permissions-policy): nothing here needs a device.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
}
# Embedded players may go full screen.
PERMISSIONS_POLICY["fullscreen"] = ["self", *EMBED_FRAME_HOSTS]

# Editors' accounts. Sessions exist only for the admin: this is how long one
# lasts (also with "Remember me"), in seconds.
SESSION_COOKIE_AGE = env_int("ADMIN_SESSION_SECONDS", 12 * 3600)
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for
# one account, or from one address, sign-in is refused (429, a page that says
# why and until when) for LOGIN_LOCKOUT_MINUTES, or until an administrator
# unlocks it (Settings › Locked sign-ins).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "caravan.security.lockout.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# The header a trusted proxy sets to the client's address (nginx: X-Real-IP,
# deploy/nginx/caravan.conf); unset: the connection's address.
CARAVAN_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")

# Two-factor authentication (django-otp: TOTP apps and recovery codes). Every
# user may turn it on (Account › Two-factor authentication); members of these
# groups, and superusers when any group is named, must, before the admin opens.
CARAVAN_2FA_REQUIRED_GROUPS = env_list("TWO_FACTOR_REQUIRED_GROUPS", [])
CARAVAN_2FA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = env_str("SITE_NAME", "Caravan")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Newsletters (caravan/newsletters; docs/newsletters.md). Editions go out through
# NEWSLETTER_EMAIL_BACKEND: SMTP (EMAIL_HOST...) unless it names a provider's
# django-anymail backend, configured by ANYMAIL_* variables.
import os  # noqa: E402

NEWSLETTER_EMAIL_BACKEND = env_str("NEWSLETTER_EMAIL_BACKEND") or None
NEWSLETTER_FROM_EMAIL = env_str(
    "NEWSLETTER_FROM_EMAIL", env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
)
NEWSLETTER_SITE_NAME = env_str("SITE_NAME", "Caravan")
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 500)
NEWSLETTER_BATCHES_PER_TICK = env_int("NEWSLETTER_BATCHES_PER_TICK", 4)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 6)
NEWSLETTER_RETRY_SECONDS = env_int("NEWSLETTER_RETRY_SECONDS", 300)
NEWSLETTER_CLAIM_LEASE = env_int("NEWSLETTER_CLAIM_LEASE", 600)
NEWSLETTER_SIGNUPS_PER_CLIENT = env_int("NEWSLETTER_SIGNUPS_PER_CLIENT", 10)
NEWSLETTER_SIGNUPS_PER_ADDRESS = env_int("NEWSLETTER_SIGNUPS_PER_ADDRESS", 3)
NEWSLETTER_SIGNUP_WINDOW = 3600
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}

# Telegram (caravan/telegram; docs/newsletters.md "Telegram"): nothing is posted
# without a bot token.
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_URL = env_str("TELEGRAM_API_URL", "https://api.telegram.org")
TELEGRAM_TIMEOUT = env_int("TELEGRAM_TIMEOUT", 15)
TELEGRAM_MAX_ATTEMPTS = env_int("TELEGRAM_MAX_ATTEMPTS", 8)
TELEGRAM_CLAIM_LEASE = env_int("TELEGRAM_CLAIM_LEASE", 300)
