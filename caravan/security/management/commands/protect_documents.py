from django.core.management.base import BaseCommand

from caravan.security.services import documents_protect


class Command(BaseCommand):
    help = (
        "Move documents uploaded before they became private out of the public "
        "media folder (or bucket path), under unguessable names. Run once after "
        "upgrading; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        report = documents_protect(dry_run=dry_run)
        verb = "would move" if dry_run else "moved"
        for name in report.moved:
            self.stdout.write(f"{verb} {name}")
        for name in report.missing:
            self.stderr.write(f"missing, left as it is: {name}")
        self.stdout.write(
            f"{len(report.moved)} {verb}, {report.already_private} already private, "
            f"{len(report.missing)} missing"
        )
