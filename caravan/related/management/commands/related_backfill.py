from django.core.management.base import BaseCommand

from caravan.related.backfill import backfill


class Command(BaseCommand):
    help = (
        "Index every published article's terms and compute its related articles "
        "(stored; article pages read them). Safe to run again; shows progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress=False, **options):
        report = backfill(progress=not no_progress)
        self.stdout.write(
            f"Indexed {report['articles']} articles in {report['locales']} "
            f"languages; {report['neighbours']} suggestions stored."
        )
