"""How much Redis memory cached pages take: serve the benchmark's archive (run
`make bench` first: database caravan_bench) under the production app server,
request N articles and each section's first ten pages once, and measure every
key the page cache wrote (Redis MEMORY USAGE).

    .venv-bench/bin/python bench/cache_memory.py [--articles 400]

Uses port 8049 and Redis DB 9 (emptied first).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "postgres://postgres@127.0.0.1:5432/caravan_bench"
PORT, REDIS_DB, PREFIX = 8049, 9, "cache-memory"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="caravan-cache-memory-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="caravan.settings.production",
        SECRET_KEY="cache-memory-" + "Zq8xP3kLm2aB" * 5,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=DATABASE,
        CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        CACHE_KEY_PREFIX=PREFIX,
        BIND=f"127.0.0.1:{PORT}",
        WEB_CONCURRENCY="2",
        LOG_LEVEL="ERROR",
        STATIC_ROOT=str(tmp / "static"),
        CARAVAN_VAR_DIR=str(tmp),
    )
    client = redis.Redis(db=REDIS_DB)
    client.flushdb()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen([sys.executable, "deploy/web.py"], cwd=ROOT, env=env)
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with psycopg.connect(DATABASE) as pg:
            articles = [
                row[0]
                for row in pg.execute(
                    "SELECT url_path FROM wagtailcore_page p JOIN news_articlepage a"
                    " ON a.page_ptr_id = p.id WHERE p.live LIMIT %s",
                    [args.articles],
                )
            ]
            sections = [
                row[0]
                for row in pg.execute(
                    "SELECT url_path FROM wagtailcore_page p JOIN news_sectionpage s"
                    " ON s.page_ptr_id = p.id"
                )
            ]
        paths = [_site_path(p) for p in articles] + [
            _site_path(s) + (f"?page={n}" if n > 1 else "")
            for s in sections
            for n in range(1, 11)
        ]
        statuses = [_get(path) for path in paths]
        entries, others = [], []
        for key in client.scan_iter(f"{PREFIX}:*", count=1000):
            usage = client.memory_usage(key) or 0
            (entries if b":pc:e:" in key else others).append(usage)
        print(f"requested {len(paths)} pages: {statuses.count(200)} answered 200")
        print(
            f"cached pages: {len(entries)}, {sum(entries) / max(1, len(entries)):,.0f}"
            f" bytes each on average, {sum(entries) / 1e6:.1f} MB in all"
        )
        print(
            f"other keys (tag versions, fragments, Wagtail's): {len(others)},"
            f" {sum(others) / 1e3:.1f} KB"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        client.flushdb()


def _site_path(url_path: str) -> str:
    """A page's URL on the default site (url_path starts with the root's slug)."""
    parts = url_path.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 else "/"


def _get(path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": "gzip"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http only
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


if __name__ == "__main__":
    main()
