from django.core.management.base import BaseCommand, CommandError

from caravan.importers.fetch import DEFAULT_MAX_BYTES
from caravan.importers.wordpress import ImportError_, NothingImported, wordpress_import
from caravan.importers.wxr import WxrError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2): authors, categories, tags, posts, "
        "pages and images, with 301s from every old URL. Safe to run again: pages "
        "edited in Caravan since their import are kept."
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
            help="run the whole import, report what it would do, then roll back",
        )
        parser.add_argument("--site", help="Wagtail site id or hostname (default site)")
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="download images missing from --media-dir, only from the export's "
            "own site (public addresses only) and the --media-host hosts",
        )
        parser.add_argument(
            "--media-host",
            action="append",
            default=[],
            metavar="HOST[:PORT]",
            help="another host --fetch-media may download from (repeatable); "
            "it may be on a private network",
        )
        parser.add_argument(
            "--media-max-mb",
            type=float,
            default=DEFAULT_MAX_BYTES / 1024 / 1024,
            help="largest download --fetch-media accepts, in MiB (default %(default)s)",
        )
        parser.add_argument(
            "--overwrite-edited",
            action="store_true",
            help="replace pages edited in Caravan since their import with "
            "WordPress's version (this run only); without it they are kept",
        )
        parser.add_argument(
            "--auto-countries",
            action="store_true",
            help="give imported posts without countries the countries their text "
            "names (Central Asia gazetteer; existing countries only), per article",
        )
        parser.add_argument(
            "--reconvert",
            action="store_true",
            help="convert again the items an older version of the importer "
            "imported, though WordPress did not change them",
        )

        parser.add_argument(
            "--enclosures-as-episodes",
            action="store_true",
            dest="core_enclosures",
            help="make podcast episodes of posts with WordPress core's audio "
            "enclosure too (by default only podcast plugins' posts: Seriously "
            "Simple Podcasting, PowerPress)",
        )

    def handle(
        self,
        *args,
        export,
        media_dir=None,
        dry_run=False,
        site=None,
        fetch_media=False,
        media_host=(),
        media_max_mb=DEFAULT_MAX_BYTES / 1024 / 1024,
        overwrite_edited=False,
        reconvert=False,
        auto_countries=False,
        core_enclosures=False,
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
                media_hosts=media_host,
                media_max_bytes=int(media_max_mb * 1024 * 1024),
                overwrite_edited=overwrite_edited,
                reconvert=reconvert,
                core_enclosures=core_enclosures,
            )
        except WxrError as exc:
            raise CommandError(f"{export}: {exc}. Nothing was imported.") from exc
        except NothingImported as exc:
            self.stdout.write(exc.report.as_text())
            raise CommandError(f"{export}: {exc}. Nothing was imported.") from exc
        except ImportError_ as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        self.stdout.write(report.as_text())
        if auto_countries and not dry_run:
            self.fill_countries()
        if report.failures:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(report.failures)} item(s) failed; the rest was imported."
                )
            )
        if report.kept:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(report.kept)} page(s) edited in Caravan were kept as they "
                    "are (see “Kept” above; --overwrite-edited replaces them)."
                )
            )

    def fill_countries(self):
        from caravan.importers.models import LegacyItem
        from caravan.news.models import ArticlePage
        from caravan.related.countries import fill_countries

        items = LegacyItem.objects.filter(
            kind=LegacyItem.Kind.POST, page__isnull=False
        ).exclude(page__articlepage__countries__isnull=False)
        by_page = {item.page_id: item for item in items}
        articles = ArticlePage.objects.filter(pk__in=list(by_page)).order_by("pk")
        self.stdout.write("Countries from the text (--auto-countries):")
        for article, countries in fill_countries(articles):
            names = ", ".join(c.name for c in countries) or "none found"
            self.stdout.write(f"  {article.title}: {names}")
            if countries:
                # A revision made here is not an edit made in Caravan: a new
                # import may still update the page.
                item = by_page[article.pk]
                item.last_revision_id = article.latest_revision_id
                item.save(update_fields=["last_revision_id"])
