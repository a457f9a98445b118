import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

RESTART_DELAY = 5  # seconds before a scheduler that exited is started again


def supervise(
    server,
    scheduler,
    start_scheduler,
    children,
    log,
    *,
    poll=0.5,
    delay=RESTART_DELAY,
    stopping=None,
):
    """Wait for the web server to exit; start the scheduler again whenever it dies
    (a scheduled article must not wait for someone to notice), `delay` seconds
    after it exited."""
    died_at = None
    while server.poll() is None:
        if stopping is not None and stopping.is_set():
            pass  # shutting down: the scheduler was stopped on purpose
        elif scheduler is not None and scheduler.poll() is not None:
            now = time.monotonic()
            if died_at is None:
                died_at = now
                log.write(
                    f"The scheduler exited with code {scheduler.returncode}; "
                    f"starting it again in {delay} s.\n"
                )
            if now - died_at >= delay:
                children.remove(scheduler)
                scheduler = start_scheduler()
                children.append(scheduler)
                died_at = None
        time.sleep(poll)
    return scheduler


class Command(BaseCommand):
    help = (
        "Serve the site with the production app server (deploy/web.py) and run the "
        "scheduler beside it (the demo's "
        "one process to start). Ctrl+C stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, bind, workers, no_scheduler, **options):
        python = sys.executable
        manage = os.path.abspath(sys.argv[0])
        children = []

        def start_scheduler():
            return subprocess.Popen([python, manage, "run_scheduler"])  # noqa: S603

        scheduler = None if no_scheduler else start_scheduler()
        # The production app server (deploy/web.py: granian), with an access log.
        server = subprocess.Popen(  # noqa: S603
            [python, str(settings.BASE_DIR / "deploy" / "web.py")],
            env={
                **os.environ,
                "BIND": bind,
                "WEB_CONCURRENCY": str(workers),
                "ACCESS_LOG": "1",
                "LOG_LEVEL": "INFO",
            },
        )
        children.append(server)
        if scheduler is not None:
            children.append(scheduler)
        self.stdout.write(
            self.style.SUCCESS(f"Serving on http://{bind}/ (Ctrl+C to stop)")
        )

        stopping = threading.Event()

        def stop(*_):
            stopping.set()
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            supervise(
                server,
                scheduler,
                start_scheduler,
                children,
                self.stderr,
                stopping=stopping,
            )
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(
                signal.SIGINT, signal.SIG_IGN
            )  # a second Ctrl+C: still clean up
            stop()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
