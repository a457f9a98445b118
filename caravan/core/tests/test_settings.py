import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from caravan.settings.env import (
    cache_config,
    database_config,
    demo_secret_key,
    env_bool,
)

ROOT = Path(__file__).resolve().parents[3]


def run_settings(module: str, **env) -> subprocess.CompletedProcess:
    """Import a settings profile in a clean interpreter, as a server would."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith(("CACHE_", "REDIS_"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("caravan.settings.production", ALLOWED_HOSTS="news.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "started" not in result.stdout


def test_production_refuses_debug_and_wildcard_hosts():
    result = run_settings(
        "caravan.settings.production",
        SECRET_KEY="kQ3-vZ8pL1xW" * 5,
        DEBUG="true",
        ALLOWED_HOSTS="*",
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_safe_configuration(tmp_path):
    result = run_settings(
        "caravan.settings.production",
        SECRET_KEY="s3cr3t-" + "Zq8xP3kLm2" * 5,
        ALLOWED_HOSTS="news.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("cache_url", ["", "locmem://", "dummy://"])
def test_production_refuses_a_cache_its_processes_cannot_share(tmp_path, cache_url):
    result = run_settings(
        "caravan.settings.production",
        SECRET_KEY="s3cr3t-" + "abcdefghij" * 5,
        ALLOWED_HOSTS="news.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL=cache_url,
    )
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr and "started" not in result.stdout


def test_demo_secret_key_is_generated_once_and_kept(tmp_path):
    first = demo_secret_key(tmp_path)
    assert len(first) >= 50
    assert demo_secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_database_url_parsing():
    sqlite = database_config("sqlite:////tmp/x.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    pg = database_config("postgres://u:p@db.example:5433/news")
    assert pg["ENGINE"] == "caravan.web.db.postgresql"  # Django's, cheaper checks
    assert (pg["HOST"], pg["PORT"], pg["NAME"]) == ("db.example", 5433, "news")
    assert pg["OPTIONS"]["server_side_binding"] is True  # prepared statements
    assert pg["OPTIONS"]["prepare_threshold"] == 5
    pooled = database_config(
        "postgres://u:p@db.example:5433/news", {"DATABASE_PREPARED": "false"}
    )
    assert not {"server_side_binding", "prepare_threshold"} & set(
        pooled.get("OPTIONS", {})
    )


def test_cache_url_parsing():
    assert cache_config("")["BACKEND"].endswith("LocMemCache")
    assert cache_config("redis://127.0.0.1:6379/2")["BACKEND"].endswith("RedisCache")
    files = cache_config("file:///srv/caravan/cache")
    assert files["BACKEND"].endswith("FileBasedCache")
    assert files["LOCATION"] == "/srv/caravan/cache"
    with pytest.raises(ImproperlyConfigured, match="memcached"):
        cache_config("memcached://x")


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True


def test_the_demo_processes_share_one_cache(tmp_path):
    """The demo's web workers and scheduler are separate processes: a purge (a new
    generation token) written by one must be read by the others."""

    def run(code):
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "CACHE_", "REDIS_"))
        }
        clean.update(
            DJANGO_SETTINGS_MODULE="caravan.settings.dev", CARAVAN_VAR_DIR=str(tmp_path)
        )
        setup = "import django; django.setup(); from django.core.cache import cache; "
        return subprocess.run(
            [sys.executable, "-c", setup + code],
            cwd=ROOT,
            env=clean,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()

    run("cache.set('pc:g:chrome', 'from-the-scheduler', None)")
    assert run("print(cache.get('pc:g:chrome'))") == "from-the-scheduler"
    assert (tmp_path / "cache").is_dir()


def test_what_the_site_runs_on_is_in_the_runtime_requirements():
    """`make demo` installs requirements/base.txt only: every package the settings
    load (apps, template engines, middleware, cache and database backends) must be
    pinned there, not only in the test tools' dev.txt."""
    import re
    from importlib.metadata import packages_distributions
    from pathlib import Path

    from django.conf import settings

    base = Path(__file__).resolve().parents[3] / "requirements" / "base.txt"
    pinned = {
        re.split(r"[=\[ ]", line)[0].lower().replace("_", "-")
        for line in base.read_text().splitlines()
        if line and not line.startswith((" ", "#", "-"))
    }
    dotted = [
        *settings.INSTALLED_APPS,
        *settings.MIDDLEWARE,
        *(engine["BACKEND"] for engine in settings.TEMPLATES),
        *(engine["OPTIONS"].get("environment", "") for engine in settings.TEMPLATES),
        "jinja2",
        "psycopg",
        "redis",
        "granian",
    ]
    distributions = packages_distributions()
    missing = set()
    for name in filter(None, dotted):
        top = name.split(".")[0]
        if top == "caravan":
            continue
        for dist in distributions.get(top, [top]):
            if dist.lower().replace("_", "-") not in pinned:
                missing.add(dist)
    assert not missing, f"add to requirements/base.in: {sorted(missing)}"
