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
    "caravan.seo",
    "caravan.web",
    "caravan.caching",
    "caravan.demo",
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
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True}
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
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
]

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
