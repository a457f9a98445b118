"""The production topology, for real: nginx (the repo's site, its TLS listener
swapped for a plain one) in front of Varnish (deploy/varnish/caravan.vcl, its
reader and purge listeners), in front of two app processes (deploy/web.py:
granian) on PostgreSQL sharing a Redis cache.

- A correction is seen by readers through nginx and Varnish within a second of
  its commit, ten times in a row, under load, and no older headline ever comes
  back.
- Clients cannot purge: PURGE and BAN through nginx (or on Varnish's reader
  listener) are refused and the cache survives; the caches' own headers never
  reach clients; http and https copies are kept apart.

Skipped (with the reason) without varnishd, nginx, PostgreSQL or Redis; with
CARAVAN_REQUIRE_SERVICES=1 (CI) a missing PostgreSQL or Redis fails instead.
Ports 8050-8054 on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from caravan.conftest import require_service

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]
NGINX_PORT, VARNISH_PORT, PURGE_PORT = 8050, 8051, 8052
APP_PORTS = (8053, 8054)
SITE_HOST = f"127.0.0.1:{NGINX_PORT}"  # the Host readers send
SECRET = "topology-test-secret-" + "x7Qp2Lm9Zr" * 4
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
HEADLINE = re.compile(r"<h1[^>]*>\s*Headline (\d+)\s*</h1>")


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 90):
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


def fetch(port: int, path: str, method="GET", **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            # Header names are case-insensitive (granian sends them lower-case).
            return response.status, response.headers, body.decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


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


def nginx_config(tmp: Path) -> str:
    """deploy/nginx/caravan.conf with a plain listener on NGINX_PORT instead of
    the TLS one, Varnish on VARNISH_PORT and its folders under ``tmp``."""
    site = (ROOT / "deploy/nginx/caravan.conf").read_text()
    # The port-80 redirect server goes; the TLS server listens plainly.
    site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, count=1, flags=re.S)
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{NGINX_PORT};")
    site = re.sub(r"\n\s*(http2 on|ssl_[a-z_]+ [^;]+);", "", site)
    site = site.replace("127.0.0.1:6081", f"127.0.0.1:{VARNISH_PORT}")
    site = site.replace("/srv/caravan/", f"{tmp}/srv/")
    temp = tmp / "nginx-temp"
    return f"""
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    if not VARNISHD:
        pytest.skip("varnishd is not installed (Debian package varnish)")
    if not NGINX:
        pytest.skip("nginx is not installed (Debian package nginx)")
    require_service("PostgreSQL", "127.0.0.1", 5432)
    require_service("Redis", "127.0.0.1", 6379)
    for port in (NGINX_PORT, VARNISH_PORT, PURGE_PORT, *APP_PORTS):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                pytest.skip(f"port {port} is in use")
    import psycopg
    import redis

    tmp = tmp_path_factory.mktemp("topology")
    (tmp / "nginx-temp").mkdir()
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
        VARNISH_URL=f"http://127.0.0.1:{PURGE_PORT}",
        CARAVAN_VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "srv/static"),
        MEDIA_ROOT=str(tmp / "srv/media"),
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
                "art = f.make_article(world, title='Headline 0', authors=[ann])\n"
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
                    "-a",
                    f"purge=127.0.0.1:{PURGE_PORT}",
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
        (tmp / "nginx.conf").write_text(nginx_config(tmp))
        processes.append(
            subprocess.Popen(
                [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
                stderr=subprocess.DEVNULL,
            )
        )
        ports = (*APP_PORTS, VARNISH_PORT, NGINX_PORT)
        for port, process in zip(ports, processes, strict=True):
            wait_for_port(port, process)
        deadline = time.monotonic() + 30  # until Varnish's health probes pass
        while fetch(NGINX_PORT, "/robots.txt")[0] != 200:
            assert time.monotonic() < deadline, fetch(APP_PORTS[0], "/healthz")
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


def publisher(topology, edits: list[tuple[int, float]]) -> subprocess.Popen:
    """A shell that publishes ``Headline <n>`` for each (n, pause before it), and
    prints each commit's time (an on_commit hook registered before the page's
    own, so it runs first)."""
    script = [
        "import time",
        "from django.db import transaction",
        "from caravan.news.models import ArticlePage",
        "def stamp(n): print('COMMITTED', n, time.time(), flush=True)",
    ]
    for number, pause in edits:
        script += [
            f"time.sleep({pause})",
            f"page = ArticlePage.objects.get(pk={topology['pk']})",
            f"page.title = 'Headline {number}'",
            "with transaction.atomic():",
            f"    transaction.on_commit(lambda: stamp({number}))",
            "    page.save_revision().publish()",
        ]
    script.append("print('DONE', flush=True)")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports"],
        cwd=ROOT,
        env=topology["env"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdin.write("\n".join(script) + "\n")
    process.stdin.close()
    return process


def next_commit(process) -> dict[int, float]:
    """The first commit's time, as soon as the publisher prints it."""
    for line in process.stdout:
        if line.startswith("COMMITTED"):
            _, number, at = line.split()
            return {int(number): float(at)}
    raise AssertionError("the publisher printed no commit")


def committed_times(process) -> dict[int, float]:
    times = {}
    for line in process.stdout:  # the shell may print a banner first
        if line.startswith("COMMITTED"):
            _, number, at = line.split()
            times[int(number)] = float(at)
        elif line.strip() == "DONE":
            break
    process.wait(timeout=60)
    return times


class Reader(threading.Thread):
    """Polls a URL through nginx on one keep-alive connection, noting for each
    read when it started and ended and which headline it showed."""

    def __init__(self, path: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.path, self.stop = path, stop
        self.reads: list[tuple[float, float, int]] = []
        self.errors: list[str] = []

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=10)
        while not self.stop.is_set():
            started = time.time()
            try:
                connection.request("GET", self.path, headers={"Host": SITE_HOST})
                response = connection.getresponse()
                body = response.read().decode()
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(
                    "127.0.0.1", NGINX_PORT, timeout=10
                )
                continue
            ended = time.time()
            match = HEADLINE.search(body)
            if response.status != 200 or not match:
                self.errors.append(f"{response.status}: no headline")
                continue
            self.reads.append((started, ended, int(match.group(1))))
            time.sleep(0.01)


def test_a_publication_reaches_readers_through_nginx_and_varnish(topology):
    url = topology["url"]
    fetch(NGINX_PORT, "/")
    for _ in range(3):
        status, headers, body = fetch(NGINX_PORT, url)
    assert status == 200 and "Headline 0" in body
    assert headers["X-Varnish-Cache"] == "HIT"
    for port in APP_PORTS:  # both app processes have it from the shared cache
        assert fetch(port, url, Host=SITE_HOST)[1]["X-Cache"] in ("HIT", "MISS")
    process = publisher(topology, [(99, 0)])
    times = next_commit(process)  # polled at once, not after the shell exits
    seen = {}
    while time.time() - times[99] < 5 and len(seen) < 2:
        for name, path in (("article", url), ("home", "/")):
            if name not in seen and "Headline 99" in fetch(NGINX_PORT, path)[2]:
                seen[name] = time.time() - times[99]
        time.sleep(0.02)
    committed_times(process)
    sys.stderr.write(f"visible through nginx and Varnish after (s): {seen}\n")
    assert seen.get("article", 99) < 1.0, seen
    assert seen.get("home", 99) < 1.0, seen
    bodies = [fetch(port, url, Host=SITE_HOST)[2] for port in APP_PORTS]
    assert all("Headline 99" in b for b in bodies)


def test_ten_corrections_under_load_each_seen_within_a_second_none_undone(topology):
    """Six readers poll the article through nginx and Varnish while its headline
    is corrected ten times, 1.5 s apart."""
    url = topology["url"]
    base = int(HEADLINE.search(fetch(NGINX_PORT, url)[2]).group(1))
    numbers = [base + 1 + i for i in range(10)]
    stop = threading.Event()
    readers = [Reader(url, stop) for _ in range(6)]
    for reader in readers:
        reader.start()
    time.sleep(1)
    times = committed_times(publisher(topology, [(n, 1.5) for n in numbers]))
    time.sleep(1.5)
    stop.set()
    for reader in readers:
        reader.join(timeout=15)
    reads = sorted(r for reader in readers for r in reader.reads)
    errors = [e for reader in readers for e in reader.errors]
    assert sorted(times) == numbers
    assert not errors, errors[:5]
    assert len(reads) > 200

    # Within a second of each commit, every read shows it (or a newer one).
    late = [
        (number, round(started - times[number], 3), shown)
        for number in numbers
        for started, _ended, shown in reads
        if started > times[number] + 1.0 and shown < number
    ]
    # Once a read has shown a headline, no read that starts after it ended
    # shows an older one.
    newest_ended: list[tuple[float, int]] = []
    undone = []
    for started, ended, shown in reads:
        older = [(e, n) for e, n in newest_ended if e < started and n > shown]
        if older:
            undone.append((round(started, 3), shown, max(n for _e, n in older)))
        newest_ended.append((ended, shown))
    delays = {
        number: round(
            min(
                (s for s, _e, shown in reads if shown >= number and s >= times[number]),
                default=float("inf"),
            )
            - times[number],
            3,
        )
        for number in numbers
    }
    sys.stderr.write(
        f"{len(reads)} reads; first read showing each headline after its commit "
        f"(s): {delays}\n"
    )
    assert late == [], late[:10]
    assert undone == [], undone[:10]
    assert all(delay < 1.0 for delay in delays.values()), delays


def test_clients_cannot_purge_and_never_see_the_caches_headers(topology):
    url = topology["url"]
    for _ in range(2):
        status, headers, _body = fetch(NGINX_PORT, url)
    assert headers["X-Varnish-Cache"] == "HIT"
    for method, extra in (("PURGE", {}), ("BAN", {"X-Ban-Tags": "."})):
        assert fetch(NGINX_PORT, url, method=method, **extra)[0] == 405
        assert fetch(VARNISH_PORT, url, method=method, **extra)[0] == 405
    status, headers, _body = fetch(NGINX_PORT, url)
    assert headers["X-Varnish-Cache"] == "HIT"  # the cache survived
    assert "X-Cache-Tags" not in headers and "Surrogate-Control" not in headers
    assert fetch(NGINX_PORT, "/healthz")[0] == 404  # Varnish's probe only
    # The app's purges go to the purge listener.
    assert fetch(PURGE_PORT, "/", method="BAN", **{"X-Ban-Tags": "nothing"})[0] == 200


def test_http_and_https_copies_are_kept_apart(topology):
    url = topology["url"]
    canonical = re.compile(r'<link rel="canonical" href="([^"]+)"')
    plain = fetch(VARNISH_PORT, url, **{"X-Forwarded-Proto": "http"})[2]
    secure = fetch(VARNISH_PORT, url, **{"X-Forwarded-Proto": "https"})[2]
    assert canonical.search(plain).group(1).startswith("http://")
    assert canonical.search(secure).group(1).startswith("https://")


def test_tracking_parameters_share_one_copy(topology):
    url = topology["url"]
    fetch(NGINX_PORT, url)
    status, headers, _ = fetch(NGINX_PORT, f"{url}?utm_source=x&fbclid=y")
    assert status == 200 and headers["X-Varnish-Cache"] == "HIT"


def shell(topology, code: str) -> str:
    """Run Python in a Django shell of the deployed settings (another process)."""
    return manage(topology["env"], "shell", "--no-imports", input_text=code)


def test_a_breaking_alert_reaches_cached_pages_through_varnish_and_expires(topology):
    url = topology["url"]
    text = "Border crossing at Dostyk reopens"
    for _ in range(3):
        status, headers, body = fetch(NGINX_PORT, url)
    assert headers["X-Varnish-Cache"] == "HIT" and text not in body
    out = shell(
        topology,
        "import datetime as dt, time\n"
        "from django.utils import timezone\n"
        "from caravan.breaking.models import BreakingAlert\n"
        "a = BreakingAlert.objects.create(text='" + text + "', language='en',"
        " expires_at=timezone.now() + dt.timedelta(seconds=12))\n"
        "print('SAVED', time.time(), a.expires_at.timestamp())\n",
    )
    saved, expires = (float(x) for x in out.split("SAVED", 1)[1].split())
    seen = None
    while time.time() - saved < 10:
        status, headers, body = fetch(NGINX_PORT, url)
        if text in body:
            seen = time.time() - saved
            break
        time.sleep(0.05)
    sys.stderr.write(f"breaking alert on a cached page after (s): {seen}\n")
    assert seen is not None and seen < 5.0
    assert headers["X-Varnish-Cache"] == "HIT"  # the page itself was not purged
    assert "<esi:include" not in body
    gone = None
    while time.time() < expires + 10:
        if text not in fetch(NGINX_PORT, url)[2]:
            gone = time.time() - expires
            break
        time.sleep(0.1)
    sys.stderr.write(f"gone after its expiry (s): {gone}\n")
    assert gone is not None and gone < 5.0


def test_a_live_blog_update_reaches_pollers_through_varnish(topology):
    """Pollers of a live blog's updates/ fragment get 304s from Varnish until an
    update purges that live blog (and nothing else): then the new update, within
    seconds of its commit."""
    out = shell(
        topology,
        "from caravan.news.models import SectionPage\n"
        "from caravan.liveblogs.tests.support import make_live_blog, add_update\n"
        "world = SectionPage.objects.get(slug='world')\n"
        "blog = make_live_blog(world, slug='quake-live')\n"
        "add_update(blog, 'First tremor reported.')\n"
        "print('BLOG', blog.pk, blog.url)\n",
    )
    url = next(line.split()[2] for line in out.splitlines() if line.startswith("BLOG"))
    fragment = url + "updates/"
    for _ in range(3):
        for path in (url, fragment, topology["url"]):
            status, headers, body = fetch(NGINX_PORT, path)
            assert status == 200, path
    status, headers, body = fetch(NGINX_PORT, fragment)
    assert headers["X-Varnish-Cache"] == "HIT" and "First tremor" in body
    etag = headers["ETag"]
    status, headers, _ = fetch(NGINX_PORT, fragment, **{"If-None-Match": etag})
    assert status == 304 and headers["X-Varnish-Cache"] == "HIT"
    out = shell(
        topology,
        "import time\n"
        "from caravan.liveblogs.models import LiveBlogPage\n"
        "from caravan.liveblogs.tests.support import add_update\n"
        "add_update(LiveBlogPage.objects.get(slug='quake-live'), 'Metro reopens.')\n"
        "print('SAVED', time.time())\n",
    )
    saved = float(out.split("SAVED", 1)[1].split()[0])
    seen = None
    while time.time() - saved < 10:
        status, headers, body = fetch(NGINX_PORT, fragment, **{"If-None-Match": etag})
        if status == 200 and "Metro reopens." in body:
            seen = time.time() - saved
            break
        time.sleep(0.05)
    sys.stderr.write(f"live blog update at a poller after (s): {seen}\n")
    assert seen is not None and seen < 5.0
    assert "Metro reopens." in fetch(NGINX_PORT, url)[2]  # the page too
    status, headers, _ = fetch(NGINX_PORT, topology["url"])
    assert headers["X-Varnish-Cache"] == "HIT"  # other articles were not purged
