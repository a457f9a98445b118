"""Fast, deterministic settings for the test suite (DATABASE_URL/CACHE_URL still apply)."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import cache_config, env_str

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = VAR_DIR / "test-media" / str(os.getpid())
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-media" / f"{os.getpid()}-private"
STORAGES = {
    "default": {"BACKEND": "caravan.security.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": cache_config(env_str("CACHE_URL") or env_str("REDIS_URL"))}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Keep concurrent test runs, parallel workers and a running demo out of each
    # other's keys, and cache.clear() out of the others' keys too.
    CACHES["default"]["KEY_PREFIX"] = f"caravan-test-{os.getpid()}"
    CACHES["default"]["BACKEND"] = (
        "caravan.caching.tests.support.PrefixClearingRedisCache"
    )
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": True,
        # PostgreSQL: Snowball's Russian stemmer for Cyrillic words, its English
        # one for Latin words (SQLite ignores it: caravan/search/engine.py).
        "SEARCH_CONFIG": "russian",
    }
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
