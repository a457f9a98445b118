from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from caravan.newsletters.delivery import (
    queue_due_editions,
    release_stale_claims,
    send_batch,
)
from caravan.newsletters.editions import build_due_editions
from caravan.newsletters.models import Delivery


class Command(BaseCommand):
    help = (
        "Send the queued newsletter editions in batches until nothing is due "
        "(stopped or crashed, it resumes where it was: nobody gets an edition twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=settings.NEWSLETTER_BATCH_SIZE
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, batch_size, no_progress, **options):
        now = timezone.now()
        build_due_editions(now)
        queue_due_editions(now)
        release_stale_claims(now)
        due = Delivery.objects.filter(
            status=Delivery.Status.PENDING, edition__status="sending"
        ).count()
        totals = {"sent": 0, "retried": 0, "failed": 0}
        with tqdm(
            total=due, unit="msg", disable=no_progress or not due, file=self.stderr
        ) as bar:
            while True:
                progress = send_batch(batch_size=batch_size, on_sent=bar.update)
                totals["sent"] += progress.sent
                totals["retried"] += progress.retried
                totals["failed"] += progress.failed
                if not (progress.sent or progress.failed):
                    break  # nothing due now (retries wait for their time)
        self.stdout.write(
            "sent {sent}, to retry later {retried}, failed {failed}".format(**totals)
        )
