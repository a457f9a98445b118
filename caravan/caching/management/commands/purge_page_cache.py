from django.core.management.base import BaseCommand

from caravan.caching.purge import purge_all


class Command(BaseCommand):
    help = "Mark every cached page stale (they re-render on their next request)."

    def handle(self, *args, **options):
        purge_all()
        self.stdout.write("Page cache purged.")
