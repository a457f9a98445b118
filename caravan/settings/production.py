"""Production profile: refuses to start with an unsafe configuration and says which
environment variable to set."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, CACHES
from .env import database_config, env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)

_problems = []
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    _problems.append("SECRET_KEY: set it to a random string of at least 50 characters")
if DEBUG:
    _problems.append("DEBUG: must be off in production (unset it or set DEBUG=false)")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    _problems.append("ALLOWED_HOSTS: list the site's host names, comma-separated")
# The page cache, its purges and every process's memos go through one shared cache:
# with a per-process one, a publication made by the scheduler or one app worker
# would never reach the others (they would serve the old page for minutes).
if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")):
    _problems.append(
        "CACHE_URL: set it to redis://… (file:///… if everything runs on one "
        "machine): the app workers and the scheduler must share one cache"
    )
if _problems:
    raise ImproperlyConfigured(
        "Unsafe production configuration:\n  - " + "\n  - ".join(_problems)
    )

SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Read replicas (docs/deploy.md): DATABASE_REPLICA_URLS=postgres://...,postgres://...
# Reads go to a replica; writes, editors and non-GET requests to the primary.
for _i, _url in enumerate(env_list("DATABASE_REPLICA_URLS", [])):
    DATABASES[f"replica{_i}"] = database_config(_url)  # noqa: F405
if any(alias.startswith("replica") for alias in DATABASES):  # noqa: F405
    DATABASE_ROUTERS = ["caravan.web.db.router.ReplicaRouter"]
