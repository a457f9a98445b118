"""The embedded default: the demo on SQLite with an in-process cache.

DEBUG stays off unless asked for, so the demo shows the real 404/500 pages."""

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import demo_secret_key, env_str

SECRET_KEY = env_str("SECRET_KEY") or demo_secret_key(VAR_DIR)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
