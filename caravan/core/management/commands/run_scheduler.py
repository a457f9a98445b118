from django.conf import settings
from django.core.management.base import BaseCommand

from caravan.core import scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (scheduled publishing, expiry, currency rates) every "
        "SCHEDULER_INTERVAL seconds. Use --once from cron instead of a long-running process."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every job once and exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.CARAVAN_SCHEDULER_INTERVAL,
            help="Seconds between runs (default: %(default)s).",
        )

    def handle(self, *args, once=False, interval=30.0, **options):
        if once:
            for job, result in scheduler.run_once().items():
                self.stdout.write(f"{job}: {result}")
            return
        self.stdout.write(f"Scheduler running every {interval:g} s; Ctrl+C to stop.")
        try:
            scheduler.run_forever(interval=interval)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
