"""The restore drill of docs/deploy.md ("Backups"), on PostgreSQL: dump the
database with pg_dump as documented, restore it into a fresh database with
pg_restore, and check that a fresh app process on the restored database (and the
same media folder) renders the same pages, byte for byte."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from caravan.conftest import require_service
from caravan.news.tests.test_browser import (  # noqa: F401 (fixture)
    _migrated_rows_restored,
)

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]
RENDER = """
import hashlib, os, sys
import django
django.setup()
from django.conf import settings
settings.MEDIA_ROOT = os.environ["RESTORED_MEDIA_ROOT"]
from django.test import Client
client = Client()
for path in sys.argv[1:]:
    response = client.get(path)
    body = b"".join(response) if response.streaming else response.content
    print(path, response.status_code, hashlib.sha256(body).hexdigest())
"""


def pg_env(settings_dict) -> dict:
    env = dict(os.environ)
    env.update(
        PGHOST=settings_dict["HOST"] or "127.0.0.1",
        PGPORT=str(settings_dict["PORT"] or 5432),
        PGUSER=settings_dict["USER"] or "postgres",
    )
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")
    require_service("PostgreSQL", "127.0.0.1", 5432)
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (Debian: postgresql-client)")
    return connection.settings_dict


def run(*command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_dump_restores_into_a_fresh_database_that_renders_the_same_pages(
    postgres, news_site, settings, tmp_path
):
    paths = [
        "/",
        "/business/",
        news_site["lead"].url,
        news_site["articles"][0].url,
        "/people/",
        "/tag/trade/",
        "/sitemap-articles-1.xml",
    ]
    client = Client()
    before = []
    for path in paths:  # rendered first: renditions exist before the dump
        response = client.get(path)
        assert response.status_code == 200, path
    for path in paths:
        response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        before.append(f"{path} 200 {hashlib.sha256(body).hexdigest()}")

    # The media sync of the drill: a copy of the uploads, as rsync would make.
    media = shutil.copytree(settings.MEDIA_ROOT, tmp_path / "restored-media")
    env = pg_env(postgres)
    dump = tmp_path / "caravan.dump"
    restored = f"{postgres['NAME']}_restored"
    # As docs/deploy.md says: custom format, no owner (restorable as any role).
    run(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        f"--file={dump}",
        postgres["NAME"],
        env=env,
    )
    run("dropdb", "--if-exists", restored, env=env)
    run("createdb", restored, env=env)
    try:
        run(
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={restored}",
            str(dump),
            env=env,
        )
        app_env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "REDIS_"))
        }
        app_env.update(
            DJANGO_SETTINGS_MODULE="caravan.settings.test",
            DATABASE_URL=(
                f"postgres://{env['PGUSER']}@{env['PGHOST']}:{env['PGPORT']}/{restored}"
            ),
            CACHE_URL="locmem://",
            CARAVAN_VAR_DIR=str(tmp_path / "var"),
            RESTORED_MEDIA_ROOT=str(media),
        )
        after = run(
            sys.executable,
            "-c",
            RENDER,
            *paths,
            env=app_env | {"PYTHONPATH": str(ROOT)},
        )
        assert after.splitlines() == before
    finally:
        connection.close()
        run("dropdb", "--if-exists", restored, env=env)
