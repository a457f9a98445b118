"""The embedded default: the demo on SQLite, its cache in files under var/.

DEBUG stays off unless asked for, so the demo shows the real 404/500 pages."""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import cache_config, demo_secret_key, env_str

if not (env_str("CACHE_URL") or env_str("REDIS_URL")):
    # The demo's app server workers and its scheduler are separate processes: a
    # publication in one must purge the pages the others cache. No server needed.
    CACHES = {"default": cache_config(f"file://{VAR_DIR / 'cache'}")}

SECRET_KEY = env_str("SECRET_KEY") or demo_secret_key(VAR_DIR)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
