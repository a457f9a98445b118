import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn and run the scheduler beside it (the demo's "
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
        if not no_scheduler:
            children.append(subprocess.Popen([python, manage, "run_scheduler"]))  # noqa: S603
        server = subprocess.Popen(  # noqa: S603
            [
                python,
                "-m",
                "gunicorn",
                "caravan.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ]
        )
        children.append(server)
        self.stdout.write(
            self.style.SUCCESS(f"Serving on http://{bind}/ (Ctrl+C to stop)")
        )

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
