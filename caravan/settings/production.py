"""Production profile: refuses to start with an unsafe configuration and says which
environment variable to set."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, BASE_DIR, CACHES
from .env import (
    database_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key_problem,
)

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)

_problems = []
_key_problem = secret_key_problem(
    SECRET_KEY, BASE_DIR / "deploy" / "caravan.env.example"
)
if _key_problem:
    _problems.append(f"SECRET_KEY: {_key_problem}")
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
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
# An authenticated relay (a provider's SMTP, for newsletters): docs/newsletters.md.
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# --- Security defaults (docs/deploy.md "Security headers", "Editors' accounts") ---
# HSTS for a year unless SECURE_HSTS_SECONDS=0 (say, while TLS is being set up).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the whole registrable domain, in browsers' source code, for
# months: the operator's decision (hstspreload.org), so off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Varnish's health probe (deploy/varnish/caravan.vcl) asks for /healthz over
# plain HTTP: it must get its 200, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^robots\.txt$", r"^healthz$"]
# Administrators and editors sign in with a second factor.
CARAVAN_2FA_REQUIRED_GROUPS = env_list(
    "TWO_FACTOR_REQUIRED_GROUPS", ["Administrators", "Editors"]
)

# Read replicas (docs/deploy.md): DATABASE_REPLICA_URLS=postgres://...,postgres://...
# Reads go to a replica; writes, editors and non-GET requests to the primary.
for _i, _url in enumerate(env_list("DATABASE_REPLICA_URLS", [])):
    DATABASES[f"replica{_i}"] = database_config(_url)  # noqa: F405
if any(alias.startswith("replica") for alias in DATABASES):  # noqa: F405
    DATABASE_ROUTERS = ["caravan.web.db.router.ReplicaRouter"]
