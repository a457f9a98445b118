"""One newsletter edition to N subscribers through a local SMTP sink.

    .venv/bin/python bench/newsletters/run.py --subscribers 100000

Needs PostgreSQL on 127.0.0.1:5432 (user postgres); (re)creates the database
`caravan_bench_nl`. Starts the sink (bench/newsletters/sink.py, a separate
process), creates the subscribers, queues one edition of 8 stories and runs
`manage.py send_newsletters` under /usr/bin/time: messages per second (wall
clock of the command, queueing included) and the command's peak memory (RSS).
The sink checks that every subscriber got exactly one message. Writes
bench/results/<date>-newsletters-<N>.md."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB = "caravan_bench_nl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database():
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")


def populate(count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from caravan.news.tests import factories
    from caravan.newsletters.models import (
        Edition,
        EditionStory,
        NewsletterList,
        Subscriber,
        Subscription,
    )

    call_command("migrate", verbosity=0)
    home = factories.make_home()
    section = factories.make_section(home, "Business", slug="business")
    articles = [factories.make_article(section) for _ in range(8)]
    daily = NewsletterList.objects.create(name="Daily briefing", slug="daily")
    chunk = 10_000
    for start in range(0, count, chunk):
        subscribers = Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{i}@example.org")
            for i in range(start, min(start + chunk, count))
        )
        Subscription.objects.bulk_create(
            Subscription(subscriber=s, newsletter=daily, status="confirmed")
            for s in subscribers
        )
    edition = Edition.objects.create(
        newsletter=daily,
        subject="Today in Central Asia",
        intro="Good morning.",
        status="scheduled",
        send_at=timezone.now(),
    )
    EditionStory.objects.bulk_create(
        EditionStory(edition=edition, article=a, sort_order=i)
        for i, a in enumerate(articles)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": f"{ROOT / 'bench' / 'newsletters'}:{ROOT}",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "CACHE_URL": "locmem://",
        "BENCH_SMTP_PORT": str(port),
    }
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "bench" / "newsletters"), str(ROOT)]
    recreate_database()
    populate(args.subscribers)

    sink = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "newsletters" / "sink.py"), str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    run = subprocess.run(
        [
            "/usr/bin/time",
            "-v",
            sys.executable,
            str(ROOT / "manage.py"),
            "send_newsletters",
            "--no-progress",
            "--batch-size",
            str(args.batch_size),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    counts = json.loads(sink.communicate("")[0].strip().splitlines()[-1])
    peak_kb = int(
        re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)[1]
    )
    cpu = float(re.search(r"User time \(seconds\): ([\d.]+)", run.stderr)[1]) + float(
        re.search(r"System time \(seconds\): ([\d.]+)", run.stderr)[1]
    )
    ok = (
        counts["messages"] == args.subscribers
        and counts["recipients"] == args.subscribers
        and counts["duplicates"] == 0
    )
    load = os.getloadavg()
    report = f"""# Newsletter: one edition to {args.subscribers:,} subscribers

{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, `{" ".join(sys.argv)}`, Python
{platform.python_version()}, PostgreSQL on 127.0.0.1, an aiosmtpd sink in its own
process on loopback, `send_newsletters --batch-size {args.batch_size}` (one SMTP
connection per batch; every message claimed and recorded in the database).

| | |
| --- | --- |
| messages accepted by the sink | {counts["messages"]:,} ({counts["duplicates"]} duplicates; {"all subscribers, once each" if ok else "MISMATCH"}) |
| wall clock of the command | {elapsed:.1f} s (queueing included) |
| messages per second | {args.subscribers / elapsed:,.0f} |
| CPU of the command (user + system) | {cpu:.1f} s |
| messages per CPU second of the command | {args.subscribers / cpu:,.0f} |
| peak memory of the command (RSS) | {peak_kb / 1024:.0f} MiB |
| average message size | {counts["bytes"] / max(counts["messages"], 1) / 1024:.1f} KiB |
| load average at the end (1/5/15 min) | {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs |

The machine is shared (the load average above): the figure is a floor, not the
sending process's limit. The command's stdout: `{run.stdout.strip()}`.
"""
    out = (
        ROOT
        / "bench"
        / "results"
        / (f"{dt.date.today():%Y-%m-%d}-newsletters-{args.subscribers}.md")
    )
    out.write_text(report)
    print(report)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
