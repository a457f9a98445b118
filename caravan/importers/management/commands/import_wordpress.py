from django.core.management.base import BaseCommand, CommandError

from caravan.importers.wordpress import ImportError_, wordpress_import
from caravan.importers.wxr import WxrError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2): authors, categories, tags, posts, "
        "pages and images, with 301s from every old URL. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR .xml file exported by WordPress")
        parser.add_argument(
            "--media-dir",
            help="a copy of wp-content/uploads (files are looked up by their upload path)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="run the whole import, report what would change, then roll back",
        )
        parser.add_argument("--site", help="Wagtail site id or hostname (default site)")
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="download media missing from --media-dir from the old site",
        )

    def handle(
        self,
        *args,
        export,
        media_dir=None,
        dry_run=False,
        site=None,
        fetch_media=False,
        **options,
    ):
        try:
            report = wordpress_import(
                path=export,
                media_dir=media_dir,
                dry_run=dry_run,
                site=site,
                progress=options.get("verbosity", 1) > 0,
                fetch_media=fetch_media,
            )
        except WxrError as exc:
            raise CommandError(f"{export}: {exc}. Nothing was imported.") from exc
        except ImportError_ as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        self.stdout.write(report.as_text())
        if report.failures:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(report.failures)} item(s) failed; the rest was imported."
                )
            )
