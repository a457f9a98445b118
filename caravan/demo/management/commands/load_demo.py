from django.core.management.base import BaseCommand

from caravan.demo.services import demo_load, demo_renditions


class Command(BaseCommand):
    help = (
        "Load the demo site (sections, authors, 40 articles, images). Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000/",
            help="where the demo will be served (printed with the admin accounts)",
        )

    def handle(self, *args, site_url, **options):
        result = demo_load()
        renditions = demo_renditions()
        self.stdout.write(
            f"Demo content ready: {result['articles_created']} new articles, "
            f"{renditions} image renditions."
        )
        if result["scheduled"]:
            self.stdout.write(
                f"Scheduled: “{result['scheduled'].title}” goes live at "
                f"{result['scheduled'].go_live_at:%H:%M:%S} UTC (the scheduler publishes it)."
            )
        if result.get("live_blog"):
            self.stdout.write(f"Live blog: {result['live_blog'].url}")
        if result["rates"]:
            self.stdout.write(str(result["rates"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"\nAdmin: {site_url.rstrip('/')}/admin/\n"
                f"  accounts: {result['users']}  (administrator, editor, contributor)\n"
                f"  password: {result['password']}   (kept in var/demo_admin_password)\n"
            )
        )
