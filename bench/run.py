"""Caravan benchmark: build a site with a generated archive on PostgreSQL, serve it
under granian (deploy/web.py) with production settings and Redis, measure it with wrk on loopback
(Accept-Encoding: gzip), against nginx serving the same article HTML precompressed.

    make bench                                  # 1,000 articles, ~4 minutes
    make bench BENCH_ARGS="--articles 100000"   # scale run

Prints page weights, queries per page type, and one line per case:
    BENCH case=<c> state=<cold|warm> rps=<n> p50_ms=<n> p99_ms=<n> ratio_static=<n>
and writes bench/results/<date>-<machine>.md. Ports 8040-8043 on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
NGINX_PORT, WARM_PORT, COLD_PORT = 8040, 8041, 8042
WARM_PASSES = 4  # cold article: unmeasured passes over its articles per worker
SECRET = "bench-secret-not-for-production-" + "Zq8xP3kLm2" * 4
CASES = [
    "article",
    "home",
    "section1",
    "section200",
    "tag",
    "author",
    "search",
    "rates_api",
    "beacon",
    "liveblog_poll",
]
# Live blog readers: each page polls its updates/ fragment every 15 s.
POLL_READERS, POLL_SECONDS = 2000, 15
LIVE_BLOG_SHELL = """
from caravan.liveblogs.models import LiveBlogPage
from caravan.liveblogs.tests.support import add_update, make_live_blog
from caravan.news.models import SectionPage
blog = LiveBlogPage.objects.filter(slug="bench-live").first()
if blog is None:
    blog = make_live_blog(SectionPage.objects.order_by("path").first(), slug="bench-live")
    for n in range(40):
        add_update(blog, f"Update {n}: " + "words of an update " * 12, key_event=n % 10 == 0)
print("LIVEBLOG", blog.url)
"""
LUA = """
paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
counter = 0
request = function()
    counter = counter + 1
    -- A browser's user agent and many readers' addresses (the view beacon
    -- counts neither crawlers nor one client past its rate).
    return wrk.format("GET", paths[(counter %% #paths) + 1], {
        ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) caravan-bench",
        ["X-Real-IP"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255)
            .. "." .. math.random(1, 254),
    })
end
done = function(summary, latency, requests)
    io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n",
        summary.requests, summary.duration, latency:percentile(50),
        latency:percentile(95), latency:percentile(99),
        summary.errors.status + summary.errors.connect + summary.errors.read
        + summary.errors.write + summary.errors.timeout, 0))
end
"""
NGINX_CONF = """
worker_processes %(workers)s;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush off;
    tcp_nodelay on;
    keepalive_requests 100000;
    client_body_temp_path %(tmp)s/body;
    proxy_temp_path %(tmp)s/proxy;
    fastcgi_temp_path %(tmp)s/fastcgi;
    uwsgi_temp_path %(tmp)s/uwsgi;
    scgi_temp_path %(tmp)s/scgi;
    types { text/html html; }
    server {
        listen 127.0.0.1:%(port)s;
        root %(tmp)s/www;
        gzip_static on;
        location / { try_files $uri $uri/index.html =404; }
    }
}
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def wait_for_port(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def fetch(port: int, path: str, gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def run(cmd, env, **kwargs) -> str:
    result = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode:
        log(result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return result.stdout


def wrk(
    port: int,
    paths: list[str],
    tmp: Path,
    seconds: int,
    connections: int,
    headers: dict | None = None,
):
    paths_file = tmp / f"paths-{time.monotonic_ns()}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    script = tmp / "bench.lua"
    script.write_text(LUA % {"paths": paths_file})
    out = subprocess.run(
        [
            shutil.which("wrk"),
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            "Accept-Encoding: gzip",
            *[f"-H{name}: {value}" for name, value in (headers or {}).items()],
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    requests, duration_us, p50, p95, p99, errors = map(int, match.groups())
    return {
        "rps": requests / (duration_us / 1e6),
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "errors": errors,
        "requests": requests,
    }


def assets(port: int, html: bytes) -> dict:
    """Bytes (raw, gzip) of the page and the CSS, JS and images it loads."""
    text = html.decode()
    weights = {"html": (len(html), len(gzip.compress(html, 9)))}
    found = {
        "css": re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text),
        "js": re.findall(r'<script[^>]+src="([^"]+)"', text),
        "images": re.findall(r'<img[^>]+src="([^"]+)"', text),
    }
    for kind, urls in found.items():
        raw = gz = 0
        for url in dict.fromkeys(urls):
            status, headers, body = fetch(port, url, gzip_ok=False)
            if status == 200:
                raw += len(body)
                gz += len(body) if kind == "images" else len(gzip.compress(body, 9))
        weights[kind] = (raw, gz)
    weights["total"] = tuple(sum(v[i] for v in weights.values()) for i in (0, 1))
    return weights


def start(cmd, env, port=None, **kwargs):
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, **kwargs)
    if port:
        try:
            wait_for_port(port)
        except TimeoutError:
            # Not yet in the caller's list: stop it here, or it outlives the run
            # and answers the next run's requests on its port.
            process.terminate()
            process.wait(timeout=15)
            raise
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run")
    parser.add_argument(
        "--warmup",
        type=int,
        default=3,
        help="seconds of unmeasured load before each cold run (process memos built)",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count(),
        help="app server workers (deploy/web.py; default one per CPU, as deployed)",
    )
    parser.add_argument("--database", default="caravan_bench")
    parser.add_argument("--reuse", action="store_true", help="keep an existing DB")
    parser.add_argument(
        "--no-related",
        action="store_true",
        help="don't compute suggested articles (related_backfill: ~20 ms an "
        "article); article pages then fall back to the tag ranking",
    )
    parser.add_argument(
        "--cases",
        default=",".join(CASES),
        help="comma-separated subset of the cases, to measure one change quickly "
        "(the results file and the scale-target probes need them all)",
    )
    args = parser.parse_args()
    cases = [case for case in args.cases.split(",") if case]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(
            f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}"
        )
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not shutil.which(tool, path="/usr/sbin"):
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="caravan-bench-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    db_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="caravan.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        DATABASE_URL=db_url,
        CACHE_URL="redis://127.0.0.1:6379/8",
        CACHE_KEY_PREFIX=f"caravan-bench-{os.getpid()}",
        CARAVAN_VAR_DIR=str(tmp),
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        LOG_LEVEL="ERROR",
        WEB_CONCURRENCY=str(args.workers),
        WEB_THREADS="1",
        GUNICORN_CMD_ARGS="--log-level warning",
        # Readers' addresses as nginx would pass them (wrk sends many).
        CLIENT_IP_HEADER="X-Real-IP",
    )
    processes: list[subprocess.Popen] = []
    results: dict[tuple[str, str], dict] = {}
    probes: dict[str, dict] = {}
    try:
        import psycopg

        admin = "postgres://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(admin, autocommit=True) as pg:
            exists = pg.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [args.database]
            ).fetchone()
            if not (args.reuse and exists):
                pg.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
                pg.execute(f'CREATE DATABASE "{args.database}"')
                exists = None
        log(f"migrating {args.database}")
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        info_file = tmp.parent / f"{args.database}.json"
        if exists and info_file.exists():
            info = json.loads(info_file.read_text())
        else:
            log(f"generating {args.articles} articles")
            out = run(
                [PY, "bench/generate.py", "--articles", str(args.articles)]
                + (["--no-related"] if args.no_related else []),
                {**env, "DJANGO_SETTINGS_MODULE": "caravan.settings.production"},
                timeout=6 * 3600,  # 1,000,000 articles: about an hour
            )
            info = json.loads(out.strip().splitlines()[-1])
            info_file.write_text(json.dumps(info))
        log(f"archive: {info['articles']} articles, generated in {info['seconds']} s")
        section_page = min(200, info["section_pages"])
        urls = {
            "article": info["article"],
            "home": "/",
            "section1": info["section"],
            "section200": f"{info['section']}?page={section_page}",
            "tag": info["tag"],
            "author": info["author"],
            "search": info["search"],
            "rates_api": "/api/rates/latest",
        }
        server = [PY, "deploy/web.py"]  # granian, as in production
        processes.append(
            start(server, {**env, "BIND": f"127.0.0.1:{WARM_PORT}"}, WARM_PORT)
        )
        processes.append(
            start(
                server,
                {**env, "BIND": f"127.0.0.1:{COLD_PORT}", "PAGE_CACHE": "false"},
                COLD_PORT,
            )
        )
        for name, url in urls.items():
            status = fetch(COLD_PORT, url)[0]
            if status != 200:
                raise SystemExit(f"{name} {url} answered {status}")
        # The view beacon the article page loads (caravan/readership): answered
        # before Django, never cached, the same on both servers.
        article_html = fetch(COLD_PORT, urls["article"], gzip_ok=False)[2]
        beacon = re.search(rb'src="(/-/v/[0-9]+\.gif)"', article_html)
        urls["beacon"] = beacon.group(1).decode()
        if "liveblog_poll" in cases:
            # A live blog's updates/ fragment (caravan/liveblogs), what its
            # readers' pages poll.
            out = run([PY, "manage.py", "shell", "-c", LIVE_BLOG_SHELL], env)
            blog = next(
                line.split()[1]
                for line in out.splitlines()
                if line.startswith("LIVEBLOG")
            )
            urls["liveblog_poll"] = blog + "updates/"

        # nginx: the same article HTML, precompressed, as the physical limit.
        status, headers, body = fetch(WARM_PORT, urls["article"], gzip_ok=False)
        www = tmp / "www" / "article"
        www.mkdir(parents=True)
        (www / "index.html").write_bytes(body)
        (www / "index.html.gz").write_bytes(gzip.compress(body, 9))
        (tmp / "nginx.conf").write_text(
            NGINX_CONF % {"tmp": tmp, "port": NGINX_PORT, "workers": os.cpu_count()}
        )
        nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
        processes.append(
            start(
                [nginx, "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                env,
                NGINX_PORT,
            )
        )
        assert fetch(NGINX_PORT, "/article/")[1].get("Content-Encoding") == "gzip"

        log("page weights and query counts")
        weights = {
            name: assets(WARM_PORT, fetch(WARM_PORT, urls[name], gzip_ok=False)[2])
            for name in ("home", "article")
        }
        queries = json.loads(
            run(
                [PY, "bench/generate.py", "--count-queries", json.dumps(urls)],
                env,
            )
            .strip()
            .splitlines()[-1]
        )

        seconds, conns = args.seconds, args.connections
        # The static baseline is measured next to each case (this VM's speed
        # drifts by a quarter within minutes): each ratio is to the nginx figure
        # taken just before that case's cold run.
        baselines: dict[str, dict] = {}
        for case in cases:
            paths = [urls[case]]
            if case == "article":
                cold_paths = info["articles_sample"]  # a different article each time
            else:
                cold_paths = paths
            if args.warmup:
                first = warm_up(COLD_PORT, cold_paths, tmp, args, conns)
                if case == "article":
                    probes["article_first_pass"] = first
            log(f"{case}: nginx static baseline")
            baselines[case] = wrk(NGINX_PORT, ["/article/"], tmp, seconds, conns)
            log(f"{case}: cold")
            results[(case, "cold")] = wrk(COLD_PORT, cold_paths, tmp, seconds, conns)
            for path in paths:
                fetch(WARM_PORT, path)
            log(f"{case}: warm")
            results[(case, "warm")] = wrk(WARM_PORT, paths, tmp, seconds, conns)
            if case == "liveblog_poll":
                probes["liveblog_poll"] = poll_cost(processes[0], paths, tmp, args)
        # Service time, one request at a time on the cold server (every request
        # rendered, no queueing behind 16 connections): judges the scale targets,
        # page 200 against page 1 and search p95 over varied queries.
        if cases != CASES:
            print_partial(baselines, results, probes)
            return
        log("one connection, cold: section1, section200, search")
        for name, paths in (
            ("section1", [urls["section1"]]),
            ("section200", [urls["section200"]]),
            ("search", info.get("searches") or [urls["search"]]),
        ):
            probes[name] = wrk(COLD_PORT, paths, tmp, seconds, 1)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            import redis

            client = redis.Redis(host="127.0.0.1", port=6379, db=8)
            for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
                client.delete(key)
        except Exception as error:  # noqa: BLE001
            log(f"bench cache keys left in Redis DB 8: {error}")

    report(args, info, urls, baselines, results, weights, queries, started, probes)


def warm_up(port, paths, tmp, args, conns) -> dict:
    """Unmeasured load until steady state, as a running site is: the processes'
    memos (site, sections, the suggestion index, the cards and suggestions of
    the articles seen) built. Every measured request is still rendered: the
    cold server has no page cache. At least ``--warmup`` seconds and, for the
    article case, which turns through 500 articles, until each article has
    reached each worker a few times (each worker builds its own memos, and a
    request reaches either): 3 s covered less than one pass at 16 connections,
    so the cold article measured mostly the first pass after a start or a
    publication. That first pass is returned (and reported on its own)."""
    first = wrk(port, paths, tmp, args.warmup, conns)
    wanted = WARM_PASSES * len(paths) * args.workers if len(paths) > 1 else 0
    missing = wanted - first["requests"]
    if missing > 0 and first["rps"] > 0:
        wrk(port, paths, tmp, min(60, math.ceil(missing / first["rps"])), conns)
    return first


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick

    def under(p):
        while p > 1:
            if p == pid:
                return True
            p = parents.get(p, 0)
        return False

    return sum(seconds for p, seconds in cpu.items() if under(p))


def poll_cost(server, paths, tmp, args) -> dict:
    """Readers' polls as they are sent after the first: with the fragment's ETag
    (If-None-Match), answered 304 from the page cache. Measures the app server's
    CPU per poll, and what POLL_READERS polling every POLL_SECONDS cost."""
    headers = {k.lower(): v for k, v in fetch(WARM_PORT, paths[0])[1].items()}
    etag = headers["etag"]
    before = tree_cpu_seconds(server.pid)
    result = wrk(
        WARM_PORT,
        paths,
        tmp,
        args.seconds,
        args.connections,
        headers={"If-None-Match": etag},
    )
    used = tree_cpu_seconds(server.pid) - before
    per_request_us = used / result["requests"] * 1e6
    rate = POLL_READERS / POLL_SECONDS
    result.update(
        cpu_us_per_poll=per_request_us,
        poll_rate=rate,
        cpu_share_at_rate=rate * per_request_us / 1e6,  # of one CPU
    )
    return result


def print_partial(baselines, results, probes=None) -> None:
    """The BENCH lines of a run of some cases (no results file is written)."""
    poll = (probes or {}).get("liveblog_poll")
    if poll:
        print(
            f"BENCH case=liveblog_poll state=warm_304 rps={poll['rps']:.1f} "
            f"p50_ms={poll['p50_ms']:.2f} p99_ms={poll['p99_ms']:.2f} "
            f"cpu_us_per_poll={poll['cpu_us_per_poll']:.0f} "
            f"readers={POLL_READERS} every_s={POLL_SECONDS} "
            f"rate={poll['poll_rate']:.0f}/s "
            f"cpu_at_rate={poll['cpu_share_at_rate'] * 100:.1f}%_of_one_cpu"
        )
    for (case, state), r in results.items():
        print(
            f"BENCH case={case} state={state} rps={r['rps']:.1f} "
            f"p50_ms={r['p50_ms']:.2f} p99_ms={r['p99_ms']:.2f} "
            f"ratio_static={r['rps'] / baselines[case]['rps']:.4f}"
        )


def median_baseline(baselines: dict) -> dict:
    ordered = sorted(baselines.values(), key=lambda r: r["rps"])
    return ordered[len(ordered) // 2]


def report(args, info, urls, baselines, results, weights, queries, started, probes):
    machine = platform.node() or "machine"
    static = median_baseline(baselines)
    low = min(r["rps"] for r in baselines.values())
    high = max(r["rps"] for r in baselines.values())
    lines = [
        f"# Caravan benchmark {dt.datetime.now():%Y-%m-%d %H:%M} on {machine}",
        "",
        f"- {info['articles']} articles (generated in {info['seconds']} s; "
        + (
            f"suggested articles computed by related_backfill in "
            f"{info['seconds_related']} s"
            if info.get("seconds_related") is not None
            else "suggested articles not computed: the tag ranking's fallback"
        )
        + "); "
        f"PostgreSQL, Redis cache, granian (deploy/web.py) {args.workers} workers × 1 thread, production "
        f"settings; wrk -t2 -c{args.connections} -d{args.seconds}s, "
        f"Accept-Encoding: gzip; {args.warmup} s of unmeasured load before each "
        f"cold run (the cold article: until {WARM_PASSES} passes over its articles "
        f"per worker); {os.cpu_count()} CPUs.",
        f"- App servers on CPython {platform.python_version()} ({sys.executable}; "
        f"`make bench` takes the distribution's build when it is 3.11+).",
        f"- URLs: {json.dumps(urls)}",
        f"- nginx gzip_static baseline (same article HTML), measured before each "
        f"case's cold run: median {static['rps']:.0f} req/s (p50 "
        f"{static['p50_ms']:.2f} ms, p99 {static['p99_ms']:.2f} ms), from {low:.0f} "
        f"to {high:.0f}; each × static figure is to the one next to it.",
        "",
        "## Page weight (bytes raw / gzip)",
        "",
        "| page | HTML | CSS | JS | images | total |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, w in weights.items():
        cells = " | ".join(
            f"{w[k][0]:,} / {w[k][1]:,}"
            for k in ("html", "css", "js", "images", "total")
        )
        lines.append(f"| {name} | {cells} |")
    lines += [
        "",
        "## Queries per rendered page",
        "",
        "| page | queries |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v['queries']} |" for k, v in queries.items()]
    lines += [
        "",
        "## Throughput",
        "",
        "| case | state | req/s | p50 ms | p95 ms | p99 ms | × static | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    bench_lines = []
    for (case, state), r in results.items():
        base = baselines[case]["rps"]
        ratio = r["rps"] / base if base else 0
        lines.append(
            f"| {case} | {state} | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
            f"{r['p95_ms']:.2f} | {r['p99_ms']:.2f} | {ratio:.4f} | {r['errors']} |"
        )
        bench_lines.append(
            f"BENCH case={case} state={state} rps={r['rps']:.1f} "
            f"p50_ms={r['p50_ms']:.2f} p99_ms={r['p99_ms']:.2f} ratio_static={ratio:.4f}"
        )
    if probes:
        s1, s200, search = probes["section1"], probes["section200"], probes["search"]
        cold1, cold200 = results[("section1", "cold")], results[("section200", "cold")]
        page = urls["section200"].rsplit("=", 1)[-1]
        lines += [
            "",
            "## Scale targets (one connection, cold server: every request rendered)",
            "",
            "| case | req/s | p50 ms | p95 ms | p99 ms |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, r in probes.items():
            if name == "article_first_pass":
                continue
            lines.append(
                f"| {name} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} "
                f"| {r['p99_ms']:.2f} |"
            )
        cost = s200["p50_ms"] / s1["p50_ms"] if s1["p50_ms"] else 0
        throughput = cold1["rps"] / cold200["rps"] if cold200["rps"] else 0
        lines += [
            "",
            f"- Section page {page} / page 1 cost: {cost:.2f}× (p50, one "
            f"connection); {throughput:.2f}× (cold req/s at "
            f"{args.connections} connections). Target: under 2×.",
            f"- Search p95 over {len(info.get('searches') or [1])} different "
            f"queries: {search['p95_ms']:.1f} ms (one connection, cold); "
            f"{results[('search', 'cold')]['p95_ms']:.1f} ms cold and "
            f"{results[('search', 'warm')]['p95_ms']:.1f} ms warm at "
            f"{args.connections} connections. Target: under 100 ms.",
            f"- Cold article: {results[('article', 'cold')]['rps']:.1f} req/s "
            f"({info['articles']} articles); compare with the 1,000-article run.",
        ]
        first = probes.get("article_first_pass")
        if first:
            lines.append(
                f"- Cold article, the first {args.warmup} s after the servers start "
                f"(each process building its memos: the suggestion index, other "
                f"articles' cards, each article's suggestions; as after a "
                f"publication, which clears them): {first['rps']:.1f} req/s, p50 "
                f"{first['p50_ms']:.2f} ms. The cold figures above are steady state, "
                f"after {WARM_PASSES} unmeasured passes over the articles per worker."
            )
        bench_lines.append(
            f"BENCH case=section{page}_vs_section1 ratio_p50={cost:.2f} "
            f"ratio_rps={throughput:.2f}"
        )
        bench_lines.append(
            f"BENCH case=search state=cold connections=1 p95_ms="
            f"{search['p95_ms']:.2f} p50_ms={search['p50_ms']:.2f}"
        )
    lines += ["", f"Total run time: {time.monotonic() - started:.0f} s", ""]
    lines += ["```", *bench_lines, "```", ""]
    out = ROOT / "bench" / "results" / f"{dt.date.today()}-{machine}.md"
    if args.articles != 1000:
        out = out.with_name(f"{dt.date.today()}-{machine}-{args.articles}.md")
    out.write_text("\n".join(lines))
    print("\n".join(lines[: lines.index("## Throughput")]))
    print(f"results written to {out.relative_to(ROOT)}")
    print(
        f"BENCH case=static state=warm rps={static['rps']:.1f} "
        f"p50_ms={static['p50_ms']:.2f} p99_ms={static['p99_ms']:.2f} ratio_static=1.0000"
    )
    print("\n".join(bench_lines))


if __name__ == "__main__":
    main()
