"""The app server for Caravan: granian (a Rust HTTP server) running the WSGI app
caravan.wsgi:application, i.e. the page cache's fast path in front of Django.

    .venv/bin/python deploy/web.py      # what deploy/systemd/caravan-web@.service runs

Environment: BIND (default 127.0.0.1:8001), WEB_CONCURRENCY (worker processes,
default one per CPU), WEB_THREADS (Python threads per worker, default 1),
WEB_MAX_RSS_MB (respawn a worker whose memory grows past this many MiB) and
WEB_LIFETIME (respawn each worker after this many seconds, at least 60) —
granian's counterparts of gunicorn's max-requests recycling, both off by
default —, LOG_LEVEL, ACCESS_LOG=1 for an access log on stdout.
SIGHUP restarts the workers (systemctl reload; they keep the code loaded at
start: deploy with a restart), SIGTERM stops gracefully.

Why granian rather than gunicorn: once a page-cache hit costs ~35 µs of Python
(caravan/caching/fastpath.py), gunicorn's own Python HTTP parsing is most of the
cost; granian parses HTTP in Rust and serves warm pages three to four times as
fast on the same CPUs, renders (cold pages) unchanged (docs/deploy.md, bench/).
It sends header names in lower case (HTTP header names are case-insensitive).

Why one worker per CPU with one thread each: a render is CPU-bound Python, and
every extra process or thread on a core only adds switching and contention for
the GIL. Cold article on 2 CPUs with PostgreSQL on the same machine (bench/,
2026-12-02): 2 workers x 1 thread ~420 req/s; 2 x 2 ~375; 2 x 4 ~340; 3 x 1
~325; 3 x 4 (the old default) ~235. With the database across a network, each
query waits a round trip: WEB_THREADS=2-4 lets renders overlap those waits.
Running two instances on one machine (behind Varnish), give each half the CPUs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _positive_int(environ, name: str, minimum: int = 1) -> int | None:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < minimum:
        raise SystemExit(
            f"{name} must be a whole number of at least {minimum}, not {raw!r}"
        )
    return int(raw)


def options(environ=os.environ) -> dict:
    """granian's settings (the same names as its command line options)."""
    host, _, port = environ.get("BIND", "127.0.0.1:8001").rpartition(":")
    return {
        "address": host.strip("[]") or "127.0.0.1",
        "port": int(port),
        "workers": int(environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count()),
        "blocking_threads": int(environ.get("WEB_THREADS") or 1),
        "respawn_failed_workers": True,
        "workers_kill_timeout": 10,
        # Recycling, for a leak in some library: None leaves it off.
        "workers_max_rss": _positive_int(environ, "WEB_MAX_RSS_MB"),
        "workers_lifetime": _positive_int(environ, "WEB_LIFETIME", minimum=60),
        "log_level": environ.get("LOG_LEVEL", "warning").lower(),
        "log_access": bool(environ.get("ACCESS_LOG")),
    }


def preload() -> None:
    """Load Django once, before the workers are forked (like gunicorn's preload):
    they start at once and share the loaded code. A code change needs a restart.

    Then hide what was loaded from the garbage collector (``gc.freeze``, which
    the forked workers inherit): modules, classes, functions, settings and URL
    patterns live as long as the process, and each full collection walked all of
    them (~165,000 objects) — a 170-200 ms pause every few hundred requests on
    the benchmark VM, the slowest requests of every page type (search p95 over
    varied queries: 138 ms in one run; in-process, a collection then costs ~17
    ms). Nor do the workers' collections write to the shared pages, which stay
    shared (Python's gc.freeze documentation)."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import caravan.wsgi  # noqa: F401

    gc.collect()  # not to freeze garbage along with what is kept
    gc.freeze()


def main() -> None:
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.log import LogLevels

    preload()
    Granian(
        "caravan.wsgi:application",
        interface=Interfaces.WSGI,
        http=HTTPModes.http1,  # behind Varnish/nginx, which speak HTTP/1.1 to us
        websockets=False,
        **{**(opts := options()), "log_level": LogLevels(opts["log_level"])},
    ).serve()


if __name__ == "__main__":
    main()
