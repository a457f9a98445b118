"""Small readers for twelve-factor settings: every knob comes from the environment."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False, environ=os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {raw!r}"
        ) from None


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not 0 < value <= 60:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(url: str, environ=os.environ) -> dict:
    """Parse DATABASE_URL; SQLite gets WAL and a busy timeout so the scheduler and
    the web process can write without "database is locked" errors.

    PostgreSQL binds parameters on the server and psycopg prepares a statement
    run five times on a connection: a rendered page's fixed reads are then
    neither parsed nor planned again. Measured (bench/, cold article): PostgreSQL
    ~2.3 -> ~1.0 ms of CPU per page, Python ~8 -> ~7 ms (no literal quoting),
    ~185 -> ~245 req/s. Django's default is client-side binding;
    DATABASE_PREPARED=false returns to it, for a pooler in transaction mode that
    cannot keep prepared statements (PgBouncer before 1.21)."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a health check that needs no round trip while
        # the connection is plainly alive (caravan.web.db.postgresql).
        config["ENGINE"] = "caravan.web.db.postgresql"
        if env_bool("DATABASE_PREPARED", True, environ):
            # Django turns psycopg's preparing off unless told a threshold.
            config.setdefault("OPTIONS", {}).update(
                server_side_binding=True, prepare_threshold=5
            )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON;"
            ),
        }
    return config


def cache_config(url: str) -> dict:
    """CACHE_URL / REDIS_URL to a Django CACHES entry.

    redis://host:port/db (or rediss://) uses Django's own Redis backend (with one
    client per connection pool: caravan.caching.redis_cache), waiting at most
    CACHE_TIMEOUT seconds (default 0.25) for an answer: a hung Redis costs one
    such wait, then the page cache leaves it alone for a while
    (caravan.caching.shared) and pages render from the database;
    file:///absolute/dir a directory that the processes of one machine share;
    locmem:// the in-process cache; dummy:// no cache at all.
    """
    if not url or url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": urlparse(url).netloc or "caravan",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    scheme = urlparse(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "caravan.caching.redis_cache.ReusingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "caravan"),
            "OPTIONS": {
                "socket_connect_timeout": _seconds("CACHE_TIMEOUT", 0.25),
                "socket_timeout": _seconds("CACHE_TIMEOUT", 0.25),
            },
        }
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": urlparse(url).path,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme {scheme!r} is not supported: use redis://, file://, locmem:// or dummy://"
    )


def secret_key_problem(key: str, example_env: Path | None = None) -> str | None:
    """Why ``key`` is unfit for production, or None. Refuses keys shorter than 50
    characters, the example environment's placeholder, and keys with little
    entropy: few distinct characters, or a long run of one character or of a
    sequence (aaaa…, 0123…, abcd…), as people type when told "50 characters"."""
    advice = "set it to a random string of at least 50 characters, e.g. " + (
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
    if len(key) < 50:
        return advice
    if example_env is not None and example_env.exists():
        for line in example_env.read_text().splitlines():
            if line.startswith("SECRET_KEY=") and key == line.split("=", 1)[1].strip():
                return "this is the example from deploy/caravan.env.example: " + advice
    if "change-me" in key.lower() or "changeme" in key.lower():
        return "it is a placeholder: " + advice
    if len(set(key)) < 12:
        return f"only {len(set(key))} different characters: " + advice
    steps = [ord(b) - ord(a) for a, b in zip(key, key[1:], strict=False)]
    longest = run = 0
    for i in range(1, len(steps)):
        run = run + 1 if steps[i] == steps[i - 1] and abs(steps[i]) <= 1 else 0
        longest = max(longest, run)
    if longest >= 8:
        return "it holds a long repeated or sequential run: " + advice
    return None


def demo_secret_key(var_dir: Path) -> str:
    """Generate a secret key once and keep it under var/, so sessions survive restarts."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def media_storage(environ=os.environ) -> dict:
    """``STORAGES["default"]``: files under MEDIA_ROOT, or an S3-compatible bucket
    (AWS S3, MinIO, Ceph, R2 …) when MEDIA_S3_BUCKET is set — what several app
    machines need, since none of them may keep uploads on its own disk.

    MEDIA_S3_ENDPOINT_URL   https://… for a non-AWS service (default: AWS)
    MEDIA_S3_REGION         e.g. eu-central-1
    MEDIA_S3_ACCESS_KEY_ID / MEDIA_S3_SECRET_ACCESS_KEY
                            else boto3's own chain (AWS_* variables, instance role)
    MEDIA_S3_CUSTOM_DOMAIN  the CDN host that serves the bucket (media.example.com)
    MEDIA_S3_PREFIX         a folder inside the bucket
    MEDIA_S3_SIGNED_URLS    true to sign image links too (they expire after an
                            hour); default false: a news site's pictures are
                            public, and unsigned URLs let pages and CDNs cache
                            them. Documents are always signed, for a minute.
    """
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        # Documents go to PRIVATE_MEDIA_ROOT (caravan/security/storage.py).
        return {"BACKEND": "caravan.security.storage.MediaStorage"}
    key_id = environ.get("MEDIA_S3_ACCESS_KEY_ID", "").strip()
    secret = environ.get("MEDIA_S3_SECRET_ACCESS_KEY", "").strip()
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured(
            "MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY go together: "
            "set both, or neither to use boto3's own credentials"
        )
    endpoint = environ.get("MEDIA_S3_ENDPOINT_URL", "").strip() or None
    if endpoint and urlparse(endpoint).scheme not in ("http", "https"):
        raise ImproperlyConfigured(
            f"MEDIA_S3_ENDPOINT_URL must be an http(s) URL, not {endpoint!r}"
        )
    domain = environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip()
    protocol = "https:"
    if "://" in domain:  # accept a URL too: keep its scheme, pass on the host
        parsed = urlparse(domain)
        protocol, domain = f"{parsed.scheme}:", parsed.netloc + parsed.path.rstrip("/")
    signed = env_bool("MEDIA_S3_SIGNED_URLS", False, environ)
    return {
        # Documents private, through signed URLs (caravan/security/storage.py).
        "BACKEND": "caravan.security.storage.S3MediaStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": environ.get("MEDIA_S3_REGION", "").strip() or None,
            "access_key": key_id or None,
            "secret_key": secret or None,
            "custom_domain": domain or None,
            "url_protocol": protocol,
            "location": environ.get("MEDIA_S3_PREFIX", "").strip().strip("/"),
            # Two uploads named alike must not replace each other's file.
            "file_overwrite": False,
            "querystring_auth": signed,
            # Renditions are written once and never change.
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
