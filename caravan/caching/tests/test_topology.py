"""The production topology, for real: two PostgreSQL-backed app processes (granian)
sharing a Redis cache, behind Varnish (deploy/varnish/caravan.vcl). An article is
published through the app; Varnish must serve the new version within one second and
both app processes must agree.

Skipped (with the reason) without varnishd, PostgreSQL or Redis; with
CARAVAN_REQUIRE_SERVICES=1 (CI) a missing PostgreSQL or Redis fails instead.
Ports 8050-8052 on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from caravan.conftest import require_service

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]
VARNISH_PORT, APP_PORTS = 8050, (8051, 8052)
SITE_HOST = f"127.0.0.1:{VARNISH_PORT}"  # the Host readers send, past Varnish
SECRET = "topology-test-secret-" + "x7Qp2Lm9Zr" * 4
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited: {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def fetch(port: int, path: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            # Header names are case-insensitive (granian sends them lower-case).
            return response.status, response.headers, body.decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def manage(env, *args, input_text=None, timeout=300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    if not VARNISHD:
        pytest.skip("varnishd is not installed (Debian package varnish)")
    require_service("PostgreSQL", "127.0.0.1", 5432)
    require_service("Redis", "127.0.0.1", 6379)
    for port in (VARNISH_PORT, *APP_PORTS):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                pytest.skip(f"port {port} is in use")
    import psycopg
    import redis

    tmp = tmp_path_factory.mktemp("topology")
    db_name = f"caravan_topology_{os.getpid()}"
    prefix = f"caravan-topology-{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
        pg.execute(f'CREATE DATABASE "{db_name}"')
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="caravan.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db_name}",
        CACHE_URL="redis://127.0.0.1:6379/7",
        CACHE_KEY_PREFIX=prefix,
        VARNISH_URL=f"http://127.0.0.1:{VARNISH_PORT}",
        CARAVAN_VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="ERROR",
        WEB_CONCURRENCY="2",
    )
    processes: list[subprocess.Popen] = []
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        seed = manage(
            env,
            "shell",
            input_text=(
                "from caravan.news.tests import factories as f\n"
                "home = f.make_home()\n"
                "world = f.make_section(home, 'World', slug='world')\n"
                "people = f.make_people_index(home)\n"
                "ann = f.make_author(people, 'Ann Writer')\n"
                "art = f.make_article(world, title='Original headline', authors=[ann])\n"
                "print('ARTICLE', art.pk, art.url)\n"
            ),
        )
        pk, url = next(
            line.split()[1:] for line in seed.splitlines() if line.startswith("ARTICLE")
        )
        for port in APP_PORTS:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "deploy/web.py"],  # granian, as deployed
                    cwd=ROOT,
                    env={**env, "BIND": f"127.0.0.1:{port}"},
                )
            )
        vcl = (ROOT / "deploy/varnish/caravan.vcl").read_text()
        vcl = vcl.replace('.port = "8001"', f'.port = "{APP_PORTS[0]}"')
        vcl = vcl.replace('.port = "8002"', f'.port = "{APP_PORTS[1]}"')
        (tmp / "caravan.vcl").write_text(vcl)
        processes.append(
            subprocess.Popen(
                [
                    VARNISHD,
                    "-F",
                    "-j",
                    "none",
                    "-n",
                    str(tmp / "varnish"),
                    "-a",
                    f"127.0.0.1:{VARNISH_PORT}",
                    "-T",
                    "127.0.0.1:0",
                    "-f",
                    str(tmp / "caravan.vcl"),
                    "-s",
                    "malloc,32m",
                ],
                stdout=subprocess.DEVNULL,
            )
        )
        for port, process in zip((*APP_PORTS, VARNISH_PORT), processes, strict=True):
            wait_for_port(port, process)
        deadline = time.monotonic() + 20  # until Varnish's health probes pass
        while fetch(VARNISH_PORT, "/robots.txt")[0] != 200:
            assert time.monotonic() < deadline, fetch(APP_PORTS[0], "/robots.txt")
            time.sleep(0.2)
        yield {"env": env, "pk": int(pk), "url": url}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        client = redis.Redis(host="127.0.0.1", port=6379, db=7)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        with psycopg.connect(PG_ADMIN, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def test_publish_reaches_readers_through_varnish_within_a_second(topology):
    url = topology["url"]
    status, headers, body = fetch(VARNISH_PORT, url, **{"Accept-Encoding": "gzip"})
    assert status == 200
    for _ in range(3):
        status, headers, body = fetch(VARNISH_PORT, url)
    assert "Original headline" in body
    assert headers["X-Varnish-Cache"] == "HIT"
    fetch(VARNISH_PORT, "/")
    assert fetch(VARNISH_PORT, "/")[1]["X-Varnish-Cache"] == "HIT"
    for port in APP_PORTS:  # both app processes have it from the shared cache
        assert fetch(port, url, Host=SITE_HOST)[1]["X-Cache"] == "HIT"

    publisher = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports"],
        cwd=ROOT,
        env=topology["env"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    publisher.stdin.write(
        "import sys\n"
        "from caravan.news.models import ArticlePage\n"
        f"page = ArticlePage.objects.get(pk={topology['pk']})\n"
        "page.title = 'Updated headline'\n"
        "page.save_revision().publish()\n"
        "print('PUBLISHED', flush=True)\n"
    )
    publisher.stdin.close()
    for line in publisher.stdout:  # the shell may print a banner first
        if line.strip() == "PUBLISHED":
            break
    published_at = time.monotonic()
    seen = {}
    while time.monotonic() - published_at < 5:
        for name, port, path in (
            ("article", VARNISH_PORT, url),
            ("home", VARNISH_PORT, "/"),
        ):
            if name not in seen and "Updated headline" in fetch(port, path)[2]:
                seen[name] = time.monotonic() - published_at
        if len(seen) == 2:
            break
        time.sleep(0.02)
    publisher.wait(timeout=30)
    sys.stderr.write(f"visible through Varnish after (s): {seen}\n")
    assert seen.get("article", 99) < 1.0, seen
    assert seen.get("home", 99) < 1.0, seen
    bodies = [fetch(port, url, Host=SITE_HOST)[2] for port in APP_PORTS]
    assert all("Updated headline" in b for b in bodies)
    assert "Original headline" not in bodies[0]
    # Both app processes now serve the same cached page.
    assert len({b.split("<body")[1] for b in bodies}) == 1
